import { PrismaUserRepository } from './user.repository';

export class SocialSignInUseCase {
  constructor(private readonly users: PrismaUserRepository) {}

  // The lookup is only a fast path: the repository upserts on the unique e-mail.
  async execute(profile: { email: string; name: string }) {
    const existing = await this.users.findByEmail(profile.email);
    if (existing) return existing;
    return this.users.upsertByEmail(profile.email, profile.name); // safe: race/no-check-then-create
  }
}
