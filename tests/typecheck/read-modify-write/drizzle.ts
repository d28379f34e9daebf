import type { Case } from '../cases.js';

const pgTables = `import { drizzle } from 'drizzle-orm/node-postgres';
import { boolean, integer, pgTable, serial, timestamp } from 'drizzle-orm/pg-core';

export const wallets = pgTable('wallets', {
  id: serial('id').primaryKey(),
  balance: integer('balance').notNull(),
  updatedAt: timestamp('updated_at').notNull().defaultNow(),
});

export const products = pgTable('products', {
  id: serial('id').primaryKey(),
  stock: integer('stock').notNull(),
  active: boolean('active').notNull().default(true),
});

const db = drizzle(process.env.DATABASE_URL ?? '');
`;

export const cases: readonly Case[] = [
  {
    name: 'drizzle-rmw-counter',
    rule: 'no-read-modify-write',
    code: `import { eq, sql } from 'drizzle-orm';
${pgTables}
export async function deposit(id: number, amount: number): Promise<void> {
  const [wallet] = await db.select().from(wallets).where(eq(wallets.id, id));
  if (!wallet) throw new Error('No wallet');
  await db.update(wallets).set({ balance: wallet.balance + amount, updatedAt: new Date() }).where(eq(wallets.id, id));
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'drizzle-rmw-relational-adds-sql-import',
    rule: 'no-read-modify-write',
    code: `import { eq } from 'drizzle-orm';
${pgTables}
const relational = drizzle(process.env.DATABASE_URL ?? '', { schema: { wallets } });

export async function withdraw(id: number, amount: number): Promise<void> {
  const wallet = await relational.query.wallets.findFirst({ where: eq(wallets.id, id) });
  if (!wallet) throw new Error('No wallet');
  const balance = wallet.balance - amount;
  await relational.update(wallets).set({ balance }).where(eq(wallets.id, wallet.id));
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'drizzle-rmw-transaction',
    rule: 'no-read-modify-write',
    code: `import { eq, sql } from 'drizzle-orm';
${pgTables}
export async function withdraw(id: number, amount: number): Promise<number> {
  return db.transaction(async (tx) => {
    const [wallet] = await tx.select().from(wallets).where(eq(wallets.id, id)).limit(1);
    if (!wallet) throw new Error('No wallet');
    await tx.update(wallets).set({ balance: wallet.balance - amount }).where(eq(wallets.id, id));
    return wallet.balance - amount;
  });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead', 'useSerializable'],
  },
  {
    name: 'drizzle-rmw-oversell',
    rule: 'no-read-modify-write',
    code: `import { eq, sql } from 'drizzle-orm';
${pgTables}
export async function buy(id: number, qty: number): Promise<void> {
  const [product] = await db.select().from(products).where(eq(products.id, id));
  if (!product) throw new Error('No such product');
  if (product.stock < qty) throw new Error('Sold out');
  await db.update(products).set({ stock: sql\`\${products.stock} - \${qty}\` }).where(eq(products.id, id));
}
`,
    report: 'staleGuard',
    suggestions: ['useConditionalUpdate'],
  },
  {
    name: 'drizzle-rmw-guarded-write-back',
    rule: 'no-read-modify-write',
    code: `import { and, eq } from 'drizzle-orm';
${pgTables}
export async function buy(id: number, qty: number): Promise<boolean> {
  const [product] = await db.select().from(products).where(and(eq(products.id, id), eq(products.active, true)));
  if (!product) return false;
  if (qty > product.stock) {
    return false;
  }
  await db.update(products).set({ stock: product.stock - qty }).where(and(eq(products.id, id), eq(products.active, true)));
  return true;
}
`,
    report: 'lostUpdate',
    suggestions: ['useConditionalUpdate'],
  },
  {
    name: 'drizzle-rmw-mysql-transaction',
    rule: 'no-read-modify-write',
    code: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import { int, mysqlTable, serial } from 'drizzle-orm/mysql-core';

export const wallets = mysqlTable('wallets', {
  id: serial('id').primaryKey(),
  balance: int('balance').notNull(),
});

const db = drizzle(process.env.DATABASE_URL ?? '');

export async function withdraw(id: number, amount: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [wallet] = await tx.select().from(wallets).where(eq(wallets.id, id));
    if (!wallet) throw new Error('No wallet');
    await tx.update(wallets).set({ balance: wallet.balance - amount }).where(eq(wallets.id, id));
  }, { isolationLevel: 'read committed' });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead', 'useSerializable'],
  },
];
