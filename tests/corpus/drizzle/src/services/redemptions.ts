import { and, eq } from 'drizzle-orm';
import { db } from '../db/client';
import { redemptions, users } from '../db/schema';

export class AlreadyRedeemedError extends Error {}

// Double-click on "redeem": both requests see no redemption and both redeem.
export async function redeem(userId: string, couponCode: string) {
  const [used] = await db
    .select({ id: redemptions.id })
    .from(redemptions)
    .where(and(eq(redemptions.userId, userId), eq(redemptions.couponCode, couponCode)))
    .limit(1);
  if (used) throw new AlreadyRedeemedError(couponCode);
  await db.insert(redemptions).values({ userId, couponCode }); // expect: race/no-check-then-create
}

// Every redemption first locks the user's row, so two redemptions by one user run one after the other.
export async function redeemLocked(userId: string, couponCode: string) {
  await db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
    const [used] = await tx
      .select({ id: redemptions.id })
      .from(redemptions)
      .where(and(eq(redemptions.userId, userId), eq(redemptions.couponCode, couponCode)));
    if (used) throw new AlreadyRedeemedError(couponCode);
    await tx.insert(redemptions).values({ userId, couponCode }); // safe: race/no-check-then-create
  });
}

// The history read does not decide the insert.
export async function logRedemption(userId: string, couponCode: string) {
  const history = await db.select().from(redemptions).where(eq(redemptions.userId, userId));
  await db.insert(redemptions).values({ userId, couponCode }); // safe: race/no-check-then-create
  return history.length + 1;
}
