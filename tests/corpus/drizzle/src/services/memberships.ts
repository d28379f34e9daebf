import { and, eq } from 'drizzle-orm';
import { db } from '../db/client';
import { memberships } from '../db/schema';

// (orgId, userId) is unique: the loser of two concurrent joins gets an unhandled 23505.
export async function join(orgId: number, userId: string) {
  const already = await db.$count(memberships, and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  if (already > 0) return;
  await db.insert(memberships).values({ orgId, userId }); // expect: race/no-check-then-create
}

// ON CONFLICT DO NOTHING on the unique pair.
export async function joinIdempotent(orgId: number, userId: string) {
  const [member] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  if (member) return member;
  await db.insert(memberships).values({ orgId, userId }).onConflictDoNothing(); // safe: race/no-check-then-create
  return null;
}

// Changing a role after the lookup is an update, not an insert.
export async function promote(orgId: number, userId: string) {
  const [member] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  if (!member) throw new Error('not a member');
  await db // safe: race/no-check-then-create
    .update(memberships)
    .set({ role: 'admin' })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
}
