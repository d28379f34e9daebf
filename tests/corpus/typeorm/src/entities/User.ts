import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ unique: true })
  email!: string;

  // Not unique: display handles are checked in code only.
  @Column()
  username!: string;

  @Column({ default: 0 })
  loginCount!: number;

  @CreateDateColumn()
  createdAt!: Date;
}
