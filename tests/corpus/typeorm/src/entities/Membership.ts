import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity()
@Unique(['teamId', 'userId'])
export class Membership {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  teamId!: number;

  @Column('uuid')
  userId!: string;

  @Column({ default: 'member' })
  role!: string;
}
