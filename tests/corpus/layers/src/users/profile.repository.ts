import type { PrismaClient, Profile } from '@prisma/client';

export interface ProfileFields {
  bio?: string;
  website?: string;
}

export class ProfileRepository {
  constructor(private readonly prisma: PrismaClient) {}

  findByUserId(userId: number): Promise<Profile | null> {
    return this.prisma.profile.findFirst({ where: { userId } });
  }

  create(userId: number, fields: ProfileFields): Promise<Profile> {
    return this.prisma.profile.create({ data: { userId, ...fields } });
  }

  update(id: number, fields: ProfileFields): Promise<Profile> {
    return this.prisma.profile.update({ where: { id }, data: fields });
  }
}
