import { db } from '../database';

// A payout computes the new balance in the application: two payouts at once lose one.
export async function payout(accountId: number, amount: number) {
  const account = await db.selectFrom('account').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  await db.updateTable('account').set({ balance: account.balance - amount, updated_at: new Date() }).where('id', '=', accountId).execute(); // expect: race/no-read-modify-write
}

// The balance expression runs in the database.
export async function credit(accountId: number, amount: number) {
  await db.updateTable('account').set((eb) => ({ balance: eb('balance', '+', amount) })).where('id', '=', accountId).execute(); // safe: race/no-read-modify-write
}

// Inside a transaction, but the read takes no lock at READ COMMITTED.
export async function settle(accountId: number, fee: number) {
  return db.transaction().execute(async (trx) => {
    const account = await trx.selectFrom('account').select(['id', 'balance']).where('id', '=', accountId).executeTakeFirstOrThrow();
    const balance = account.balance - fee;
    await trx.updateTable('account').set({ balance }).where('id', '=', account.id).execute(); // expect: race/no-read-modify-write
    return balance;
  });
}

// forUpdate() holds the row until commit.
export async function settleLocked(accountId: number, fee: number) {
  await db.transaction().execute(async (trx) => {
    const account = await trx.selectFrom('account').select(['id', 'balance']).where('id', '=', accountId).forUpdate().executeTakeFirstOrThrow();
    await trx.updateTable('account').set({ balance: account.balance - fee }).where('id', '=', account.id).execute(); // safe: race/no-read-modify-write
  });
}

// SERIALIZABLE turns the lost update into a serialization failure the caller retries.
export async function settleSerializable(accountId: number, fee: number) {
  await db
    .transaction()
    .setIsolationLevel('serializable')
    .execute(async (trx) => {
      const account = await trx.selectFrom('account').select(['id', 'balance']).where('id', '=', accountId).executeTakeFirstOrThrow();
      await trx.updateTable('account').set({ balance: account.balance - fee }).where('id', '=', account.id).execute(); // safe: race/no-read-modify-write
    });
}
