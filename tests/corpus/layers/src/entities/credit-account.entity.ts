import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('credit_accounts')
export class CreditAccount {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  ownerId!: number;

  @Column('int')
  balance!: number;

  @Column('int', { default: 1 })
  version!: number;
}
