import { PrismaUserRepository } from './user.repository';

export class AccountsService {
  constructor(private readonly users: PrismaUserRepository) {}

  async isHandleFree(username: string): Promise<boolean> {
    const holder = await this.users.findByUsername(username);
    return holder === null;
  }

  openAccount(email: string, username: string) {
    return this.users.create({ email, username });
  }
}
