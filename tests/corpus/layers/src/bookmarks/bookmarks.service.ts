import { Injectable, NotFoundException } from '@nestjs/common';
import { PostsRepository } from '../posts/posts.repository';
import { BookmarksRepository } from './bookmarks.repository';

@Injectable()
export class BookmarksService {
  constructor(
    private readonly bookmarks: BookmarksRepository,
    private readonly posts: PostsRepository,
  ) {}

  // A double click saves the post twice: both requests find no bookmark.
  async add(userId: number, postId: number) {
    const existing = await this.bookmarks.find(userId, postId);
    if (existing) return existing;
    return this.bookmarks.create(userId, postId); // expect: race/no-check-then-create
  }

  // The check is on the post, the insert is a bookmark: different records.
  async addFromFeed(userId: number, postId: number) {
    const post = await this.posts.findById(postId);
    if (!post || !post.published) throw new NotFoundException();
    return this.bookmarks.create(userId, postId); // safe: race/no-check-then-create
  }
}
