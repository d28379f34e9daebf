import { Injectable } from '@nestjs/common';
import type { Post } from '@prisma/client';
import { PrismaService } from '../lib/prisma.service';

@Injectable()
export class PostsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findById(id: number): Promise<Post | null> {
    return this.prisma.post.findUnique({ where: { id } });
  }

  setCoAuthors(id: number, coAuthorIds: number[]): Promise<Post> {
    return this.prisma.post.update({ where: { id }, data: { coAuthorIds } });
  }

  setSlug(id: number, slug: string): Promise<Post> {
    return this.prisma.post.update({ where: { id }, data: { slug } });
  }

  setTitle(id: number, title: string): Promise<Post> {
    return this.prisma.post.update({ where: { id }, data: { title } });
  }
}
