import { Injectable } from '@nestjs/common';
import { Prisma, type Tag } from '@prisma/client';
import { PrismaService } from '../lib/prisma.service';

@Injectable()
export class TagsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findBySlug(slug: string): Promise<Tag | null> {
    return this.prisma.tag.findUnique({ where: { slug } });
  }

  /** Creates the tag; when another request created the same slug first, returns that one. */
  async createOrGet(slug: string, name: string): Promise<Tag> {
    try {
      return await this.prisma.tag.create({ data: { slug, name } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        return this.prisma.tag.findUniqueOrThrow({ where: { slug } });
      }
      throw error;
    }
  }

  tagIdsOf(postId: number) {
    return this.prisma.postTag.findMany({ where: { postId }, select: { tagId: true } });
  }

  attach(postId: number, tagIds: number[]) {
    return this.prisma.postTag.createMany({
      data: tagIds.map((tagId) => ({ postId, tagId })),
      skipDuplicates: true,
    });
  }
}
