import type { Case } from '../cases.js';

const setup = `import knex from 'knex';

interface Wallet {
  id: number;
  balance: number;
  updated_at: Date;
}

interface Product {
  id: number;
  stock: number;
}

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
`;

export const cases: readonly Case[] = [
  {
    name: 'knex-rmw-counter',
    rule: 'no-read-modify-write',
    code: `${setup}
export async function withdraw(id: number, amount: number): Promise<void> {
  const wallet = await db<Wallet>('wallets').where({ id }).first();
  if (!wallet) throw new Error('No wallet');
  await db<Wallet>('wallets').where({ id }).update({ balance: wallet.balance - amount, updated_at: new Date() });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'knex-rmw-update-column',
    rule: 'no-read-modify-write',
    code: `${setup}
export async function deposit(id: number, amount: number): Promise<void> {
  const wallet = await db<Wallet>('wallets').where('id', id).first();
  if (!wallet) throw new Error('No wallet');
  await db<Wallet>('wallets').where('id', wallet.id).update('balance', wallet.balance + amount);
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'knex-rmw-transaction',
    rule: 'no-read-modify-write',
    code: `${setup}
export async function deposit(id: number, amount: number): Promise<number> {
  return db.transaction(async (trx) => {
    const wallet = await trx<Wallet>('wallets').where({ id }).first();
    if (!wallet) throw new Error('No wallet');
    await trx<Wallet>('wallets').where({ id }).update({ balance: wallet.balance + amount });
    return wallet.balance + amount;
  });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead', 'useSerializable'],
  },
  {
    name: 'knex-rmw-oversell',
    rule: 'no-read-modify-write',
    code: `${setup}
export async function buy(id: number, qty: number): Promise<void> {
  const product = await db<Product>('products').where({ id }).first();
  if (!product) throw new Error('No such product');
  if (product.stock < qty) throw new Error('Sold out');
  await db<Product>('products').where({ id }).decrement('stock', qty);
}
`,
    report: 'staleGuard',
    suggestions: ['useConditionalUpdate'],
  },
  {
    name: 'knex-rmw-guarded-write-back',
    rule: 'no-read-modify-write',
    code: `${setup}
export async function buy(id: number, qty: number): Promise<boolean> {
  const product = await db<Product>('products').where({ id }).first();
  if (!product) return false;
  if (qty > product.stock) {
    return false;
  }
  await db<Product>('products').where({ id }).update({ stock: product.stock - qty });
  return true;
}
`,
    report: 'lostUpdate',
    suggestions: ['useConditionalUpdate'],
  },
];
