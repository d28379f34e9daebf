import { eq, sql } from 'drizzle-orm';
import { db } from '../db/client';
import { creditAccounts } from '../db/schema';

export class InsufficientCreditsError extends Error {}

// Two API calls billed at once both read the same balance: one charge is lost.
export async function chargeCredits(userId: string, cost: number) {
  const [account] = await db.select().from(creditAccounts).where(eq(creditAccounts.userId, userId));
  if (!account) throw new Error('no credit account');
  await db // expect: race/no-read-modify-write
    .update(creditAccounts)
    .set({ balance: account.balance - cost, updatedAt: new Date() })
    .where(eq(creditAccounts.userId, userId));
}

// The top-up adds in the database: no read, nothing to lose.
export async function topUp(userId: string, amount: number) {
  await db // safe: race/no-read-modify-write
    .update(creditAccounts)
    .set({ balance: sql`${creditAccounts.balance} + ${amount}` })
    .where(eq(creditAccounts.userId, userId));
}

// A transaction alone does not help at READ COMMITTED: both transactions read the old balance.
export async function refund(userId: string, amount: number) {
  return db.transaction(async (tx) => {
    const account = await tx.query.creditAccounts.findFirst({ where: eq(creditAccounts.userId, userId) });
    if (!account) throw new Error('no credit account');
    await tx.update(creditAccounts).set({ balance: account.balance + amount }).where(eq(creditAccounts.userId, userId)); // expect: race/no-read-modify-write
    return account.balance + amount;
  });
}

// The row lock holds every other charge back until this transaction commits.
export async function chargeLocked(userId: string, cost: number) {
  await db.transaction(async (tx) => {
    const [account] = await tx
      .select()
      .from(creditAccounts)
      .where(eq(creditAccounts.userId, userId))
      .for('update');
    if (!account || account.balance < cost) throw new InsufficientCreditsError(userId);
    await tx.update(creditAccounts).set({ balance: account.balance - cost }).where(eq(creditAccounts.userId, userId)); // safe: race/no-read-modify-write
  });
}

// SERIALIZABLE makes the second transaction fail instead of writing over the first.
export async function chargeSerializable(userId: string, cost: number) {
  await db.transaction(
    async (tx) => {
      const [account] = await tx.select().from(creditAccounts).where(eq(creditAccounts.userId, userId));
      if (!account || account.balance < cost) throw new InsufficientCreditsError(userId);
      await tx.update(creditAccounts).set({ balance: account.balance - cost }).where(eq(creditAccounts.userId, userId)); // safe: race/no-read-modify-write
    },
    { isolationLevel: 'serializable' },
  );
}
