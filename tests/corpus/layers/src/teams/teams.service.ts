import { ConflictException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MemberRole } from '../entities/org-membership.entity';
import { MembershipRepository } from './membership.repository';
import { lockOrganization } from './organizations';

@Injectable()
export class TeamsService {
  constructor(
    private readonly memberships: MembershipRepository,
    private readonly dataSource: DataSource,
  ) {}

  // Two admins adding the same person both find no membership, and the user is added twice.
  async addMember(orgId: number, userId: number, role: MemberRole = 'member') {
    const existing = await this.memberships.findMember(orgId, userId);
    if (existing) throw new ConflictException('Already a member');
    return this.memberships.add(orgId, userId, role); // expect: race/no-check-then-create
  }

  async isMember(orgId: number, userId: number): Promise<boolean> {
    return (await this.memberships.findMember(orgId, userId)) !== null;
  }

  enroll(orgId: number, userId: number) {
    return this.memberships.add(orgId, userId, 'member');
  }

  // Joins lock the organization row first, so joins to one organization take turns.
  async join(orgId: number, userId: number) {
    return this.dataSource.transaction(async (manager) => {
      await lockOrganization(manager, orgId);
      const existing = await this.memberships.findMember(orgId, userId, manager);
      if (existing) return existing;
      return this.memberships.add(orgId, userId, 'member', manager); // safe: race/no-check-then-create
    });
  }
}
