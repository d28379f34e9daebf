import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { Follow } from '../entities/follow.entity';

@Injectable()
export class FollowRepository extends Repository<Follow> {
  constructor(dataSource: DataSource) {
    super(Follow, dataSource.createEntityManager());
  }

  isFollowing(followerId: number, followeeId: number): Promise<boolean> {
    return this.existsBy({ followerId, followeeId });
  }

  /** INSERT … ON CONFLICT DO NOTHING on the (followerId, followeeId) unique key. */
  async follow(followerId: number, followeeId: number): Promise<void> {
    await this.createQueryBuilder().insert().into(Follow).values({ followerId, followeeId }).orIgnore().execute();
  }
}
