import { ConflictError } from '@/shared/errors';
import { PrismaUserRepository } from './user.repository';

export interface RegisterUserInput {
  email: string;
  username: string;
  displayName?: string;
}

export class RegisterUserUseCase {
  constructor(private readonly users: PrismaUserRepository) {}

  // Two sign-ups with the same handle both find it free: username has no unique index. (The
  // e-mail is unique, but the loser of that race gets a raw P2002 instead of the 409.)
  async execute(input: RegisterUserInput) {
    if (await this.users.findByEmail(input.email)) throw new ConflictError('email already registered');
    if (await this.users.findByUsername(input.username)) throw new ConflictError('username taken');
    return this.users.create({ email: input.email, username: input.username, displayName: input.displayName }); // expect: race/no-check-then-create
  }
}
