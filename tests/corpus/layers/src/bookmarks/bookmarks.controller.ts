import { Controller, Param, ParseIntPipe, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { BookmarksService } from './bookmarks.service';

@Controller('posts/:postId/bookmark')
export class BookmarksController {
  constructor(private readonly bookmarks: BookmarksService) {}

  // The race lives in BookmarksService.add and is reported there, not again at this call.
  @Post()
  add(@Param('postId', ParseIntPipe) postId: number, @Req() req: Request & { userId: number }) {
    return this.bookmarks.add(req.userId, postId); // safe: race/no-check-then-create
  }
}
