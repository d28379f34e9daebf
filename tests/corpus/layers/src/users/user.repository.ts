import type { Prisma, PrismaClient, User } from '@prisma/client';

export class PrismaUserRepository {
  constructor(private readonly prisma: PrismaClient) {}

  findById(id: number): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { id } });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { email } });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.prisma.user.findFirst({ where: { username } });
  }

  create(data: Prisma.UserCreateInput): Promise<User> {
    return this.prisma.user.create({ data });
  }

  /** Inserts the user, or refreshes the display name when the e-mail is known: one statement. */
  upsertByEmail(email: string, displayName: string): Promise<User> {
    return this.prisma.user.upsert({
      where: { email },
      create: { email, username: email.split('@')[0] ?? email, displayName },
      update: { displayName },
    });
  }

  updatePreferences(id: number, preferences: Prisma.InputJsonObject): Promise<User> {
    return this.prisma.user.update({ where: { id }, data: { preferences } });
  }
}
