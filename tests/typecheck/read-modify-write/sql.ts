import type { Case } from '../cases.js';

/** Raw SQL drivers; the tables are `wallets` and `products` in `../migrations/0001_init.sql`. */
export const cases: readonly Case[] = [
  // ---------------------------------------------------------------------------------------------
  // pg
  {
    name: 'pg-rmw-counter',
    rule: 'no-read-modify-write',
    code: `import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

export async function deposit(id: number, amount: number): Promise<void> {
  const { rows } = await pool.query<{ balance: number }>('SELECT balance FROM wallets WHERE id = $1', [id]);
  if (rows.length === 0) throw new Error('No wallet');
  await pool.query('UPDATE wallets SET balance = $1, updated_at = now() WHERE id = $2', [rows[0].balance + amount, id]);
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'pg-rmw-client-transaction',
    rule: 'no-read-modify-write',
    code: `import { Pool } from 'pg';

const pool = new Pool();

export async function withdraw(id: number, amount: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await client.query<{ balance: number }>({ text: 'SELECT balance FROM wallets WHERE id = $1', values: [id] });
    const next = result.rows[0].balance - amount;
    await client.query({ text: 'UPDATE wallets SET balance = $2 WHERE id = $1', values: [id, next] });
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead'],
  },
  {
    name: 'pg-rmw-guarded-withdrawal',
    rule: 'no-read-modify-write',
    code: `import { Pool } from 'pg';

const pool = new Pool();

export async function withdraw(id: number, amount: number): Promise<boolean> {
  const { rows: [wallet] } = await pool.query<{ balance: number }>('SELECT balance FROM wallets WHERE id = $1', [id]);
  if (!wallet) return false;
  if (wallet.balance < amount) {
    return false;
  }
  await pool.query('UPDATE wallets SET balance = $1 WHERE id = $2 RETURNING id', [wallet.balance - amount, id]);
  return true;
}
`,
    report: 'lostUpdate',
    suggestions: ['useConditionalUpdate'],
  },
  {
    name: 'pg-rmw-oversell',
    rule: 'no-read-modify-write',
    code: `import { Pool } from 'pg';

const pool = new Pool();

export async function buy(id: number, qty: number): Promise<void> {
  const { rows } = await pool.query<{ stock: number }>('SELECT stock FROM products WHERE id = $1', [id]);
  if (rows[0].stock < qty * 2) throw new Error('Not enough stock');
  await pool.query('UPDATE products SET stock = stock - $1 WHERE id = $2', [qty, id]);
}
`,
    report: 'staleGuard',
    suggestions: ['useConditionalUpdate'],
  },

  // ---------------------------------------------------------------------------------------------
  // mysql2
  {
    name: 'mysql2-rmw-transaction',
    rule: 'no-read-modify-write',
    code: `import mysql, { type RowDataPacket } from 'mysql2/promise';

const pool = mysql.createPool(process.env.DATABASE_URL ?? '');

export async function deposit(id: number, amount: number): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const [rows] = await conn.execute<RowDataPacket[]>('SELECT balance FROM wallets WHERE id = ? LIMIT 1', [id]);
    await conn.execute('UPDATE wallets SET balance = ? WHERE id = ?', [rows[0].balance + amount, id]);
    await conn.commit();
  } finally {
    conn.release();
  }
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead'],
  },
  {
    name: 'mysql2-rmw-oversell',
    rule: 'no-read-modify-write',
    code: `import mysql, { type RowDataPacket } from 'mysql2/promise';

const pool = mysql.createPool(process.env.DATABASE_URL ?? '');

export async function buy(id: number, qty: number): Promise<void> {
  const [[product]] = await pool.query<RowDataPacket[]>('SELECT stock FROM products WHERE id = ?', [id]);
  if (!product) throw new Error('No such product');
  if (product.stock < qty) throw new Error('Sold out');
  await pool.query('UPDATE products SET stock = stock - ? WHERE id = ?', [qty, id]);
}
`,
    report: 'staleGuard',
    suggestions: ['useConditionalUpdate'],
  },

  // ---------------------------------------------------------------------------------------------
  // postgres (postgres.js)
  {
    name: 'postgres-js-rmw-begin',
    rule: 'no-read-modify-write',
    code: `import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL ?? '');

export async function deposit(id: number, amount: number): Promise<void> {
  await sql.begin(async (sql) => {
    const [wallet] = await sql<{ balance: number }[]>\`SELECT balance FROM wallets WHERE id = \${id}\`;
    if (!wallet) throw new Error('No wallet');
    await sql\`UPDATE wallets SET balance = \${wallet.balance + amount} WHERE id = \${id}\`;
  });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead', 'useSerializable'],
  },
  {
    name: 'postgres-js-rmw-oversell',
    rule: 'no-read-modify-write',
    code: `import postgres from 'postgres';

const sql = postgres();

export async function buy(id: number, qty: number): Promise<void> {
  const [product] = await sql<{ stock: number }[]>\`SELECT stock FROM products WHERE id = \${id}\`;
  if (!product) throw new Error('No such product');
  if (product.stock < qty) throw new Error('Sold out');
  await sql\`UPDATE products SET stock = stock - \${qty} WHERE id = \${id}\`;
}
`,
    report: 'staleGuard',
    suggestions: ['useConditionalUpdate'],
  },

  // ---------------------------------------------------------------------------------------------
  // better-sqlite3
  {
    name: 'better-sqlite3-rmw-await-between',
    rule: 'no-read-modify-write',
    code: `import Database from 'better-sqlite3';

const db = new Database('app.db');

export async function deposit(id: number, amount: number, audit: (id: number) => Promise<void>): Promise<void> {
  const wallet = db.prepare('SELECT balance FROM wallets WHERE id = ?').get(id) as { balance: number };
  await audit(id);
  db.prepare('UPDATE wallets SET balance = ? WHERE id = ?').run(wallet.balance + amount, id);
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'better-sqlite3-rmw-oversell',
    rule: 'no-read-modify-write',
    code: `import Database from 'better-sqlite3';

const db = new Database('app.db');

export async function buy(id: number, qty: number, charge: (qty: number) => Promise<void>): Promise<void> {
  const product = db.prepare('SELECT stock FROM products WHERE id = ?').get(id) as { stock: number };
  if (product.stock < qty) throw new Error('Sold out');
  await charge(qty);
  db.prepare('UPDATE products SET stock = stock - ? WHERE id = ?').run(qty, id);
}
`,
    report: 'staleGuard',
    suggestions: ['useConditionalUpdate'],
  },
];
