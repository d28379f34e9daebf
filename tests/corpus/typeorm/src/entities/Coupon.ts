import { Column, DeleteDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

// Coupon codes have no unique index.
@Entity()
export class Coupon {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  campaignId!: number;

  @Column()
  code!: string;

  @Column('int')
  percentOff!: number;

  @Column({ default: 0 })
  redemptions!: number;

  @DeleteDateColumn()
  deletedAt!: Date | null;
}
