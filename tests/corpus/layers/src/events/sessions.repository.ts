import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventSession } from '../entities/event-session.entity';

@Injectable()
export class SessionsRepository {
  findById(manager: EntityManager, id: number): Promise<EventSession> {
    return manager.findOneByOrFail(EventSession, { id });
  }

  /** Reads the session and locks its row (SELECT … FOR UPDATE) until the transaction ends. */
  lockForBooking(manager: EntityManager, id: number): Promise<EventSession> {
    return manager.findOneOrFail(EventSession, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async incrementSeatsTaken(manager: EntityManager, id: number): Promise<void> {
    await manager.increment(EventSession, { id }, 'seatsTaken', 1);
  }
}
