import { Body, Controller, Delete, Get, Injectable, Param, Post } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Comment } from '../models/comment.js';

@Controller('comments')
export class CommentsController {
  constructor(@InjectModel('Comment') private readonly commentModel: Model<Comment>) {}

  // The controller returns before the document is stored: Nest answers 201 with an id that the
  // client cannot fetch yet.
  @Post()
  create(@Body() body: { postId: string; text: string }) {
    const comment = new this.commentModel(body);
    comment.save(); // expect: race/no-respond-before-persist
    return { id: comment.id };
  }

  @Post('v2')
  async createSafely(@Body() body: { postId: string; text: string }) {
    const comment = new this.commentModel(body);
    await comment.save(); // safe: race/no-respond-before-persist
    return { id: comment.id };
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    this.commentModel.deleteOne({ _id: id }); // expect: race/no-respond-before-persist
    return { deleted: true };
  }

  @Get(':id')
  find(@Param('id') id: string) {
    return this.commentModel.findById(id);
  }

  // Returning the write itself: Nest awaits it before answering.
  @Post(':id/flag')
  flag(@Param('id') id: string) {
    return this.commentModel.updateOne({ _id: id }, { $set: { flagged: true } }); // safe: race/no-respond-before-persist
  }
}

// A service, not a controller: its callers decide what to await.
@Injectable()
export class CommentStats {
  constructor(@InjectModel('Comment') private readonly commentModel: Model<Comment>) {}

  touch(id: string) {
    this.commentModel.updateOne({ _id: id }, { $set: { seenAt: new Date() } }); // safe: race/no-respond-before-persist
    return id;
  }
}
