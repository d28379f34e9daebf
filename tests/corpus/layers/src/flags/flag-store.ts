export interface Flag {
  name: string;
  enabled: boolean;
  rollout: number;
}

/** Feature flags held in process memory (loaded from flags.json at boot); no database behind it. */
export class InMemoryFlagStore {
  private readonly flags = new Map<string, Flag>();

  async find(name: string): Promise<Flag | undefined> {
    return this.flags.get(name);
  }

  async create(flag: Flag): Promise<Flag> {
    this.flags.set(flag.name, flag);
    return flag;
  }

  async update(name: string, changes: Partial<Flag>): Promise<void> {
    const flag = this.flags.get(name);
    if (flag) this.flags.set(name, { ...flag, ...changes });
  }
}
