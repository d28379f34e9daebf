import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type MemberRole = 'owner' | 'admin' | 'member';

// No unique index on (orgId, userId): the services check before they add.
@Entity('org_memberships')
export class OrgMembership {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  orgId!: number;

  @Column()
  userId!: number;

  @Column({ type: 'varchar', default: 'member' })
  role!: MemberRole;

  @CreateDateColumn()
  joinedAt!: Date;
}
