import type { EntityManager } from 'typeorm';
import { SeatReservation } from '../entities/seat-reservation.entity';

export type NewSeat = Pick<SeatReservation, 'sessionId' | 'seatNo' | 'userId'>;

export function findSeat(manager: EntityManager, sessionId: number, seatNo: string) {
  return manager.findOneBy(SeatReservation, { sessionId, seatNo });
}

export async function insertSeat(manager: EntityManager, seat: NewSeat): Promise<void> {
  await manager.insert(SeatReservation, seat);
}
