import { ConflictException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SessionsRepository } from './sessions.repository';
import { findSeat, insertSeat } from './seats';

@Injectable()
export class ReservationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsRepository,
  ) {}

  // READ COMMITTED: two buyers of the last seat both pass the capacity check, and two buyers of
  // the same seat both find it free.
  async reserve(sessionId: number, seatNo: string, userId: number) {
    await this.dataSource.transaction(async (manager) => {
      const session = await this.sessions.findById(manager, sessionId);
      if (session.seatsTaken >= session.capacity) throw new ConflictException('Sold out');
      if (await findSeat(manager, sessionId, seatNo)) throw new ConflictException('Seat taken');
      await insertSeat(manager, { sessionId, seatNo, userId }); // expect: race/no-check-then-create
      await this.sessions.incrementSeatsTaken(manager, sessionId); // expect: race/no-read-modify-write
    });
  }

  // The session row is locked before anything is read: bookings for one session take turns.
  async reserveExclusive(sessionId: number, seatNo: string, userId: number) {
    await this.dataSource.transaction(async (manager) => {
      const session = await this.sessions.lockForBooking(manager, sessionId);
      if (session.seatsTaken >= session.capacity) throw new ConflictException('Sold out');
      if (await findSeat(manager, sessionId, seatNo)) throw new ConflictException('Seat taken');
      await insertSeat(manager, { sessionId, seatNo, userId }); // safe: race/no-check-then-create
      await this.sessions.incrementSeatsTaken(manager, sessionId); // safe: race/no-read-modify-write
    });
  }

  // SERIALIZABLE: one of two overlapping bookings fails to commit and is retried.
  async reserveStrict(sessionId: number, seatNo: string, userId: number) {
    await this.dataSource.transaction('SERIALIZABLE', async (manager) => {
      const session = await this.sessions.findById(manager, sessionId);
      if (session.seatsTaken >= session.capacity) throw new ConflictException('Sold out');
      if (await findSeat(manager, sessionId, seatNo)) throw new ConflictException('Seat taken');
      await insertSeat(manager, { sessionId, seatNo, userId }); // safe: race/no-check-then-create
      await this.sessions.incrementSeatsTaken(manager, sessionId); // safe: race/no-read-modify-write
    });
  }
}
