import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('event_sessions')
export class EventSession {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  title!: string;

  @Column('int')
  capacity!: number;

  @Column('int', { default: 0 })
  seatsTaken!: number;
}
