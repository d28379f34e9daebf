import { isUniqueViolation } from '@/lib/db-errors';
import { ConflictError } from '@/shared/errors';
import { PrismaUserRepository } from './user.repository';

export class AcceptInviteUseCase {
  constructor(private readonly users: PrismaUserRepository) {}

  // The e-mail is unique: a second acceptance of the same invite fails on the constraint and
  // gets the same answer as the check.
  async execute(invite: { email: string; username: string }) {
    if (await this.users.findByEmail(invite.email)) throw new ConflictError('already registered');
    try {
      return await this.users.create({ email: invite.email, username: invite.username }); // safe: race/no-check-then-create
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('already registered');
      throw error;
    }
  }
}
