import type { Case } from '../cases.js';

const setup = `import { Kysely, PostgresDialect, type Generated } from 'kysely';
import pg from 'pg';

interface DB {
  wallets: {
    id: Generated<number>;
    balance: number;
    updated_at: Date;
  };
  products: {
    id: Generated<number>;
    stock: number;
  };
}

const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) }),
});
`;

export const cases: readonly Case[] = [
  {
    name: 'kysely-rmw-counter',
    rule: 'no-read-modify-write',
    code: `${setup}
export async function withdraw(id: number, amount: number): Promise<void> {
  const wallet = await db.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  const balance = wallet.balance - amount;
  await db.updateTable('wallets').set({ balance, updated_at: new Date() }).where('id', '=', wallet.id).execute();
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'kysely-rmw-set-column',
    rule: 'no-read-modify-write',
    code: `${setup}
export async function deposit(id: number, amount: number): Promise<void> {
  const wallet = await db.selectFrom('wallets').where('id', '=', id).select(['id', 'balance']).executeTakeFirst();
  if (!wallet) throw new Error('No wallet');
  await db.updateTable('wallets').set('balance', wallet.balance + amount).where('id', '=', id).executeTakeFirst();
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'kysely-rmw-transaction',
    rule: 'no-read-modify-write',
    code: `${setup}
export async function deposit(id: number, amount: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const wallet = await trx
      .selectFrom('wallets')
      .where('id', '=', id)
      .selectAll()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('wallets')
      .set({ balance: wallet.balance + amount })
      .where('id', '=', id)
      .execute();
    return wallet.balance + amount;
  });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead', 'useSerializable'],
  },
  {
    name: 'kysely-rmw-oversell',
    rule: 'no-read-modify-write',
    code: `${setup}
export async function buy(id: number, qty: number): Promise<void> {
  const product = await db.selectFrom('products').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  if (product.stock < qty) throw new Error('Sold out');
  await db.updateTable('products').set((eb) => ({ stock: eb('stock', '-', qty) })).where('id', '=', id).execute();
}
`,
    report: 'staleGuard',
    suggestions: ['useConditionalUpdate'],
  },
  {
    name: 'kysely-rmw-guarded-write-back',
    rule: 'no-read-modify-write',
    code: `${setup}
export async function buy(id: number, qty: number): Promise<boolean> {
  const product = await db.selectFrom('products').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  if (qty > product.stock) {
    return false;
  }
  await db.updateTable('products').set({ stock: product.stock - qty }).where('id', '=', id).execute();
  return true;
}
`,
    report: 'lostUpdate',
    suggestions: ['useConditionalUpdate'],
  },
];
