export type FlagSet = Record<string, boolean>;

declare function loadFlags(tenantId: string): Promise<FlagSet>;

const flagsByTenant = new Map<string, FlagSet>();

// A module-level map is shared by every request the process serves; the background refresh
// has no error handling.
export function flagsNow(tenantId: string): FlagSet {
  const known = flagsByTenant.get(tenantId);
  if (known) return known;
  loadFlags(tenantId).then((flags) => {
    flagsByTenant.set(tenantId, flags); // expect: race/no-unawaited-cache-fill
  });
  return {};
}

// The promise itself is cached: concurrent callers share one load.
const pending = new Map<string, Promise<FlagSet>>();

export function flagsFor(tenantId: string): Promise<FlagSet> {
  let flags = pending.get(tenantId);
  if (!flags) {
    flags = loadFlags(tenantId);
    pending.set(tenantId, flags); // safe: race/no-unawaited-cache-fill
  }
  return flags;
}

// A memo kept for one request only.
export class RequestContext {
  private readonly flags = new Map<string, FlagSet>();

  flagsOf(tenantId: string): FlagSet | undefined {
    const known = this.flags.get(tenantId);
    if (known) return known;
    loadFlags(tenantId).then((flags) => this.flags.set(tenantId, flags)); // safe: race/no-unawaited-cache-fill
    return undefined;
  }
}
