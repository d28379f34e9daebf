import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { slugify } from '@/shared/text';
import { PostsRepository } from './posts.repository';

@Injectable()
export class PostsService {
  constructor(private readonly posts: PostsRepository) {}

  // Two invitations accepted at once: each appends to the list it read, one co-author is lost.
  async addCoAuthor(postId: number, userId: number) {
    const post = await this.posts.findById(postId);
    if (!post) throw new NotFoundException();
    if (post.coAuthorIds.includes(userId)) return post;
    return this.posts.setCoAuthors(post.id, [...post.coAuthorIds, userId]); // expect: race/no-read-modify-write
  }

  // The slug is derived from the title, not from the slug it replaces.
  async regenerateSlug(postId: number) {
    const post = await this.posts.findById(postId);
    if (!post) throw new NotFoundException();
    return this.posts.setSlug(post.id, slugify(post.title)); // safe: race/no-read-modify-write
  }

  // The read authorises the edit; the new title comes from the request.
  async rename(postId: number, authorId: number, title: string) {
    const post = await this.posts.findById(postId);
    if (!post) throw new NotFoundException();
    if (post.authorId !== authorId) throw new ForbiddenException();
    return this.posts.setTitle(post.id, title); // safe: race/no-read-modify-write
  }
}
