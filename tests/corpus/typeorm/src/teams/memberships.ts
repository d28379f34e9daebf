import { AppDataSource } from '../data-source';
import { Membership } from '../entities/Membership';
import { User } from '../entities/User';

const memberships = AppDataSource.getRepository(Membership);

// (teamId, userId) is unique: the second insert fails and nobody catches it.
export async function addMember(teamId: number, userId: string): Promise<void> {
  const existing = await memberships
    .createQueryBuilder('m')
    .where('m.teamId = :teamId', { teamId })
    .andWhere('m.userId = :userId', { userId })
    .getOne();
  if (existing) return;
  await memberships.insert({ teamId, userId, role: 'member' }); // expect: race/no-check-then-create
}

// INSERT … ON CONFLICT DO NOTHING.
export async function addMemberQuietly(teamId: number, userId: string): Promise<void> {
  const existing = await memberships.findOneBy({ teamId, userId });
  if (existing) return;
  await AppDataSource.createQueryBuilder() // safe: race/no-check-then-create
    .insert()
    .into(Membership)
    .values({ teamId, userId, role: 'member' })
    .orIgnore()
    .execute();
}

// The check reads the user, the insert writes a membership: different records.
export async function invite(teamId: number, email: string): Promise<void> {
  const user = await AppDataSource.getRepository(User).findOneBy({ email });
  if (!user) throw new Error('No such user');
  await memberships.save({ teamId, userId: user.id, role: 'invited' }); // safe: race/no-check-then-create
}
