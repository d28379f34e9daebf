import { Injectable } from '@nestjs/common';
import type { Bookmark } from '@prisma/client';
import { PrismaService } from '../lib/prisma.service';

@Injectable()
export class BookmarksRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(userId: number, postId: number): Promise<Bookmark | null> {
    return this.prisma.bookmark.findFirst({ where: { userId, postId } });
  }

  create(userId: number, postId: number): Promise<Bookmark> {
    return this.prisma.bookmark.create({ data: { userId, postId } });
  }
}
