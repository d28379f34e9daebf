/* eslint race/no-unawaited-cache-fill: ["error", { "reportStampede": true }] -- tenant settings are read on every request */
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service.js';

interface TenantSettings {
  tenantId: string;
  locale: string;
  features: string[];
}

@Injectable()
export class TenantsService {
  private readonly settings = new Map<string, TenantSettings>();
  private readonly loading = new Map<string, Promise<TenantSettings>>();

  constructor(private readonly prisma: PrismaService) {}

  // A singleton's map: every request that misses during the load queries again.
  async settingsOf(tenantId: string): Promise<TenantSettings> {
    const known = this.settings.get(tenantId);
    if (known) return known;
    const settings = await this.prisma.tenantSettings.findUniqueOrThrow({ where: { tenantId } });
    this.settings.set(tenantId, settings); // expect: race/no-unawaited-cache-fill
    return settings;
  }

  // The promise in flight is shared.
  settingsShared(tenantId: string): Promise<TenantSettings> {
    const loading = this.loading.get(tenantId);
    if (loading) return loading;
    const load = this.prisma.tenantSettings.findUniqueOrThrow({ where: { tenantId } });
    this.loading.set(tenantId, load); // safe: race/no-unawaited-cache-fill
    return load;
  }
}
