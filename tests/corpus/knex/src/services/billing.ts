import { db } from '../db';

export class InsufficientFundsError extends Error {}

// Two withdrawals at once both read the same balance; the later write drops the other one.
export async function withdraw(accountId: number, cents: number) {
  const account = await db('accounts').where({ id: accountId }).first();
  if (!account) throw new Error('no such account');
  const balance = account.balance_cents - cents;
  await db('accounts').where({ id: accountId }).update({ balance_cents: balance, updated_at: db.fn.now() }); // expect: race/no-read-modify-write
  return balance;
}

// increment() runs `balance_cents = balance_cents + ?` in the database.
export async function deposit(accountId: number, cents: number) {
  await db('accounts').where({ id: accountId }).increment('balance_cents', cents); // safe: race/no-read-modify-write
}

// The transaction runs at the default isolation level and reads without a lock.
export async function transfer(fromId: number, toId: number, cents: number) {
  await db.transaction(async (trx) => {
    const from = await trx('accounts').where({ id: fromId }).first();
    if (from.balance_cents < cents) throw new InsufficientFundsError();
    await trx('accounts').where({ id: fromId }).update({ balance_cents: from.balance_cents - cents }); // expect: race/no-read-modify-write
    await trx('accounts').where({ id: toId }).increment('balance_cents', cents);
  });
}

// forUpdate() locks the row until the transaction ends: the next transfer waits for it.
export async function transferLocked(fromId: number, toId: number, cents: number) {
  await db.transaction(async (trx) => {
    const from = await trx('accounts').where({ id: fromId }).forUpdate().first();
    if (from.balance_cents < cents) throw new InsufficientFundsError();
    await trx('accounts').where({ id: fromId }).update({ balance_cents: from.balance_cents - cents }); // safe: race/no-read-modify-write
    await trx('accounts').where({ id: toId }).increment('balance_cents', cents);
  });
}

// A serializable transaction aborts one of two overlapping transfers.
export async function transferSerializable(fromId: number, toId: number, cents: number) {
  await db.transaction(
    async (trx) => {
      const from = await trx('accounts').where({ id: fromId }).first();
      if (from.balance_cents < cents) throw new InsufficientFundsError();
      await trx('accounts').where({ id: fromId }).update({ balance_cents: from.balance_cents - cents }); // safe: race/no-read-modify-write
      await trx('accounts').where({ id: toId }).increment('balance_cents', cents);
    },
    { isolationLevel: 'serializable' },
  );
}
