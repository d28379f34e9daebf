import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity()
export class Wallet {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('uuid')
  ownerId!: string;

  @Column('bigint', { default: 0 })
  balance!: number;

  @VersionColumn()
  version!: number;
}
