import type { Prisma } from '@prisma/client';
import { NotFoundError } from '@/shared/errors';
import { PrismaUserRepository } from './user.repository';

export type PreferenceChanges = Record<string, string | number | boolean>;

export class UpdatePreferencesUseCase {
  constructor(private readonly users: PrismaUserRepository) {}

  // Two settings pages saving at once: each merges into the document it read, and the later
  // write drops the other page's change.
  async execute(userId: number, changes: PreferenceChanges) {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundError('user');
    const current = (user.preferences ?? {}) as Prisma.JsonObject;
    return this.users.updatePreferences(user.id, { ...current, ...changes }); // expect: race/no-read-modify-write
  }
}
