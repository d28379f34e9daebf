import { BadRequestException, Injectable } from '@nestjs/common';
import { FollowRepository } from './follow.repository';

@Injectable()
export class SocialService {
  constructor(private readonly follows: FollowRepository) {}

  // The check saves a write; the unique key and ON CONFLICT DO NOTHING make a concurrent follow harmless.
  async follow(followerId: number, followeeId: number) {
    if (followerId === followeeId) throw new BadRequestException('Cannot follow yourself');
    if (await this.follows.isFollowing(followerId, followeeId)) return;
    await this.follows.follow(followerId, followeeId); // safe: race/no-check-then-create
  }
}
