import rule from '../../src/rules/no-read-modify-write.js';
import { ruleTester } from '../rule-tester.js';

const pg = "import { Pool } from 'pg';\nconst pool = new Pool();\n";
const mysql = "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool(process.env.DATABASE_URL ?? '');\n";
const postgres = "import postgres from 'postgres';\nconst sql = postgres();\n";
const prisma = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";
const betterSqlite = "import Database from 'better-sqlite3';\nconst db = new Database('app.db');\n";
const sqlite = "import { open } from 'sqlite';\nimport sqlite3 from 'sqlite3';\nconst db = await open({ filename: 'app.db', driver: sqlite3.Database });\n";

const postgresNote =
  ' The transaction does not prevent it: at the default isolation level (READ COMMITTED on PostgreSQL) a plain read takes no lock, so both transactions read the same value.';
const mysqlNote =
  " The transaction does not prevent it: MySQL's REPEATABLE READ reads a snapshot without locking the row, and the write goes over the other change.";

ruleTester.run('no-read-modify-write (sql)', rule, {
  valid: [
    // atomic: the database adds to what it has
    pg + `export async function deposit(id: number, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM wallets WHERE id = $1', [id]);
  if (rows.length === 0) throw new Error('no wallet');
  await pool.query('UPDATE wallets SET balance = balance + $1 WHERE id = $2', [amount, id]);
}`,
    // locked read in a pg client transaction
    pg + `export async function deposit(id: number, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT balance FROM wallets WHERE id = $1 FOR UPDATE', [id]);
    await client.query('UPDATE wallets SET balance = $1 WHERE id = $2', [rows[0].balance + amount, id]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
    // serializable
    pg + `export async function deposit(id: number, amount: number) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
  const { rows } = await client.query('SELECT balance FROM wallets WHERE id = $1', [id]);
  await client.query('UPDATE wallets SET balance = $1 WHERE id = $2', [rows[0].balance + amount, id]);
  await client.query('COMMIT');
}`,
    // REPEATABLE READ on PostgreSQL aborts the second writer
    pg + `export async function deposit(id: number, amount: number) {
  const client = await pool.connect();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  const { rows } = await client.query('SELECT balance FROM wallets WHERE id = $1', [id]);
  await client.query('UPDATE wallets SET balance = $1 WHERE id = $2', [rows[0].balance + amount, id]);
  await client.query('COMMIT');
}`,
    // conditional update, row count checked
    pg + `export async function buy(id: number, qty: number) {
  const { rows } = await pool.query('SELECT stock FROM products WHERE id = $1', [id]);
  if (rows[0].stock < qty) throw new Error('sold out');
  const result = await pool.query('UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1', [qty, id]);
  if (result.rowCount === 0) throw new Error('sold out');
}`,
    // optimistic version check
    pg + `export async function view(id: number) {
  const { rows: [post] } = await pool.query('SELECT views, version FROM posts WHERE id = $1', [id]);
  const { rowCount } = await pool.query(
    'UPDATE posts SET views = $1, version = version + 1 WHERE id = $2 AND version = $3',
    [post.views + 1, id, post.version],
  );
  if (rowCount === 0) throw new Error('changed meanwhile');
}`,
    // existence and permission only: the written value comes from the input
    pg + `export async function rename(id: number, userId: number, title: string) {
  const { rows: [post] } = await pool.query('SELECT author_id FROM posts WHERE id = $1', [id]);
  if (!post || post.author_id !== userId) throw new Error('forbidden');
  await pool.query('UPDATE posts SET title = $1 WHERE id = $2', [title, id]);
}`,
    // another record
    pg + `export async function mirror(fromId: number, toId: number) {
  const { rows } = await pool.query('SELECT balance FROM wallets WHERE id = $1', [fromId]);
  await pool.query('UPDATE wallets SET balance = $1 WHERE id = $2', [rows[0].balance + 1, toId]);
}`,
    // in-memory and request-scoped state
    pg + `export async function count(req: { session: { visits: number } }, hits: Map<string, number>, path: string) {
  const { rows } = await pool.query('SELECT id FROM pages WHERE path = $1', [path]);
  req.session.visits = req.session.visits + 1;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  return rows;
}`,
    // mysql2: locked read in a transaction
    mysql + `export async function deposit(id: number, amount: number) {
  const conn = await pool.getConnection();
  await conn.beginTransaction();
  const [rows] = await conn.execute('SELECT balance FROM wallets WHERE id = ? FOR UPDATE', [id]);
  await conn.execute('UPDATE wallets SET balance = ? WHERE id = ?', [rows[0].balance + amount, id]);
  await conn.commit();
}`,
    // mysql2: conditional update, affected rows checked
    mysql + `export async function buy(id: number, qty: number) {
  const [[product]] = await pool.query('SELECT stock FROM products WHERE id = ?', [id]);
  if (product.stock < qty) throw new Error('sold out');
  const [result] = await pool.query('UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?', [qty, id, qty]);
  if (result.affectedRows === 0) throw new Error('sold out');
}`,
    // postgres.js: locked read inside sql.begin
    postgres + `export async function deposit(id: number, amount: number) {
  await sql.begin(async (sql) => {
    const [wallet] = await sql\`SELECT balance FROM wallets WHERE id = \${id} FOR UPDATE\`;
    await sql\`UPDATE wallets SET balance = \${wallet.balance + amount} WHERE id = \${id}\`;
  });
}`,
    // postgres.js: serializable transaction
    postgres + `export async function deposit(id: number, amount: number) {
  await sql.begin('isolation level serializable', async (tx) => {
    const [wallet] = await tx\`SELECT balance FROM wallets WHERE id = \${id}\`;
    await tx\`UPDATE wallets SET balance = \${wallet.balance + amount} WHERE id = \${id}\`;
  });
}`,
    // Prisma raw: locked read inside $transaction
    prisma + `export async function deposit(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const [wallet] = await tx.$queryRaw<{ balance: number }[]>\`SELECT balance FROM wallets WHERE id = \${id} FOR UPDATE\`;
    await tx.$executeRaw\`UPDATE wallets SET balance = \${wallet.balance + amount} WHERE id = \${id}\`;
  });
}`,
    // better-sqlite3: nothing yields between the read and the write
    betterSqlite + `export function deposit(id: number, amount: number) {
  const wallet = db.prepare('SELECT balance FROM wallets WHERE id = ?').get(id) as { balance: number };
  db.prepare('UPDATE wallets SET balance = ? WHERE id = ?').run(wallet.balance + amount, id);
}`,
    // SQLite runs transactions serializably
    sqlite + `export async function deposit(id: number, amount: number) {
  await db.exec('BEGIN');
  const wallet = await db.get('SELECT balance FROM wallets WHERE id = ?', id);
  await db.run('UPDATE wallets SET balance = ? WHERE id = ?', wallet.balance + amount, id);
  await db.exec('COMMIT');
}`,
  ],
  invalid: [
    {
      // the computed parameter: $1 is bound to the read balance plus the amount
      code: pg + `export async function deposit(id: number, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM wallets WHERE id = $1', [id]);
  await pool.query('UPDATE wallets SET balance = $1 WHERE id = $2', [rows[0].balance + amount, id]);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          data: {
            read: 'pool.query (SELECT wallets)',
            readLine: '4',
            write: 'pool.query (UPDATE wallets)',
            writeLine: '5',
            fields: '`balance`',
            context: '',
          },
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              data: { form: '`SET balance = balance + $1`' },
              output: pg + `export async function deposit(id: number, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM wallets WHERE id = $1', [id]);
  await pool.query('UPDATE wallets SET balance = balance + $1 WHERE id = $2', [amount, id]);
}`,
            },
          ],
        },
      ],
    },
    {
      // a config object, quoted columns and a local holding the new value
      code: pg + `export async function spend(id: number, cost: number) {
  const result = await pool.query({ text: 'SELECT credits FROM users WHERE id = $1', values: [id] });
  const credits = result.rows[0].credits - cost;
  await pool.query({ text: \`UPDATE "users" SET "credits" = $2 WHERE "id" = $1\`, values: [id, credits] });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: pg + `export async function spend(id: number, cost: number) {
  const result = await pool.query({ text: 'SELECT credits FROM users WHERE id = $1', values: [id] });
  const credits = result.rows[0].credits - cost;
  await pool.query({ text: \`UPDATE "users" SET "credits" = "credits" - $2 WHERE "id" = $1\`, values: [id, cost] });
}`,
            },
          ],
        },
      ],
    },
    {
      // a pg client transaction at the default level: the read takes no lock
      code: pg + `export async function deposit(id: number, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT balance FROM wallets WHERE id = $1', [id]);
    await client.query('UPDATE wallets SET balance = $1 WHERE id = $2', [rows[0].balance + amount, id]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 11,
          data: {
            read: 'client.query (SELECT wallets)',
            readLine: '7',
            write: 'client.query (UPDATE wallets)',
            writeLine: '8',
            fields: '`balance`',
            context: postgresNote,
          },
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: pg + `export async function deposit(id: number, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT balance FROM wallets WHERE id = $1', [id]);
    await client.query('UPDATE wallets SET balance = balance + $1 WHERE id = $2', [amount, id]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
            },
            {
              messageId: 'lockRead',
              data: { form: '`SELECT … FOR UPDATE`' },
              output: pg + `export async function deposit(id: number, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT balance FROM wallets WHERE id = $1 FOR UPDATE', [id]);
    await client.query('UPDATE wallets SET balance = $1 WHERE id = $2', [rows[0].balance + amount, id]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // a guarded withdrawal: the check moves into the WHERE, before RETURNING
      code: pg + `export async function withdraw(id: number, amount: number) {
  const { rows: [wallet] } = await pool.query("SELECT balance FROM wallets WHERE id = $1", [id]);
  if (wallet.balance < amount) {
    return false;
  }
  await pool.query("UPDATE wallets SET balance = $1, updated_at = now() WHERE id = $2 RETURNING id", [wallet.balance - amount, id]);
  return true;
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              data: {
                form: '`… AND balance >= $1` in the WHERE clause and `SET balance = balance - $1`, exiting when it changes no row',
              },
              output: pg + `export async function withdraw(id: number, amount: number) {
  const { rows: [wallet] } = await pool.query("SELECT balance FROM wallets WHERE id = $1", [id]);
  if (wallet.balance < amount) {
    return false;
  }
  const { rowCount } = await pool.query("UPDATE wallets SET balance = balance - $1, updated_at = now() WHERE id = $2 AND balance >= $1 RETURNING id", [amount, id]);
  if (rowCount === 0) {
    return false;
  }
  return true;
}`,
            },
          ],
        },
      ],
    },
    {
      // oversell: an atomic decrement that a stale check decides
      code: pg + `export async function buy(id: number, qty: number) {
  const { rows } = await pool.query('SELECT stock FROM products WHERE id = $1', [id]);
  if (rows[0].stock < qty) throw new Error('sold out');
  await pool.query('UPDATE products SET stock = stock - $1 WHERE id = $2', [qty, id]);
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              output: pg + `export async function buy(id: number, qty: number) {
  const { rows } = await pool.query('SELECT stock FROM products WHERE id = $1', [id]);
  if (rows[0].stock < qty) throw new Error('sold out');
  const { rowCount } = await pool.query('UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1', [qty, id]);
  if (rowCount === 0) throw new Error('sold out');
}`,
            },
          ],
        },
      ],
    },
    {
      // a new parameter when none is bound to the compared value
      code: pg + `export async function spend(id: number, cost: number) {
  const { rows } = await pool.query('SELECT credits FROM users WHERE id = $1', [id]);
  if (rows[0].credits < cost * 2) throw new Error('not enough credits');
  await pool.query('UPDATE users SET credits = credits - $1 WHERE id = $2', [cost, id]);
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              output: pg + `export async function spend(id: number, cost: number) {
  const { rows } = await pool.query('SELECT credits FROM users WHERE id = $1', [id]);
  if (rows[0].credits < cost * 2) throw new Error('not enough credits');
  const { rowCount } = await pool.query('UPDATE users SET credits = credits - $1 WHERE id = $2 AND credits >= $3', [cost, id, cost * 2]);
  if (rowCount === 0) throw new Error('not enough credits');
}`,
            },
          ],
        },
      ],
    },
    {
      // a quoted camelCase column keeps its quotes in the added comparison
      code: pg + `export async function spend(id: number, cost: number) {
  const { rows: [user] } = await pool.query('SELECT "creditBalance" FROM users WHERE id = $1', [id]);
  if (user.creditBalance < cost) throw new Error('not enough credits');
  await pool.query(\`UPDATE users SET "creditBalance" = "creditBalance" - $1 WHERE id = $2\`, [cost, id]);
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              data: { form: '`… AND "creditBalance" >= $1` in the WHERE clause, exiting when it changes no row' },
              output: pg + `export async function spend(id: number, cost: number) {
  const { rows: [user] } = await pool.query('SELECT "creditBalance" FROM users WHERE id = $1', [id]);
  if (user.creditBalance < cost) throw new Error('not enough credits');
  const { rowCount } = await pool.query(\`UPDATE users SET "creditBalance" = "creditBalance" - $1 WHERE id = $2 AND "creditBalance" >= $1\`, [cost, id]);
  if (rowCount === 0) throw new Error('not enough credits');
}`,
            },
          ],
        },
      ],
    },
    {
      // the read made by a helper in the same file
      code: pg + `async function walletOf(id: number) {
  const { rows } = await pool.query('SELECT balance FROM wallets WHERE id = $1', [id]);
  return rows[0];
}
export async function deposit(id: number, amount: number) {
  const wallet = await walletOf(id);
  await pool.query('UPDATE wallets SET balance = $1 WHERE id = $2', [wallet.balance + amount, id]);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 9,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: pg + `async function walletOf(id: number) {
  const { rows } = await pool.query('SELECT balance FROM wallets WHERE id = $1', [id]);
  return rows[0];
}
export async function deposit(id: number, amount: number) {
  const wallet = await walletOf(id);
  await pool.query('UPDATE wallets SET balance = balance + $1 WHERE id = $2', [amount, id]);
}`,
            },
          ],
        },
      ],
    },
    {
      // the conditional update whose row count nobody reads
      code: pg + `export async function buy(id: number, qty: number) {
  const { rows } = await pool.query('SELECT stock FROM products WHERE id = $1', [id]);
  if (rows[0].stock < qty) throw new Error('sold out');
  await pool.query('UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1', [qty, id]);
}`,
      errors: [{ messageId: 'uncheckedConditional', line: 6, column: 9, suggestions: [] }],
    },
    {
      // mysql2: `const [rows] = await conn.execute(…)`, ? bound in order
      code: mysql + `export async function deposit(id: number, amount: number) {
  const [rows] = await pool.execute('SELECT balance FROM wallets WHERE id = ?', [id]);
  await pool.execute('UPDATE wallets SET balance = ? WHERE id = ?', [rows[0].balance + amount, id]);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              data: { form: '`SET balance = balance + ?`' },
              output: mysql + `export async function deposit(id: number, amount: number) {
  const [rows] = await pool.execute('SELECT balance FROM wallets WHERE id = ?', [id]);
  await pool.execute('UPDATE wallets SET balance = balance + ? WHERE id = ?', [amount, id]);
}`,
            },
          ],
        },
      ],
    },
    {
      // MySQL's default REPEATABLE READ reads a snapshot: the transaction does not protect
      code: mysql + `export async function deposit(id: number, amount: number) {
  const conn = await pool.getConnection();
  await conn.beginTransaction();
  const [rows] = await conn.execute('SELECT balance FROM wallets WHERE id = ? LIMIT 1', [id]);
  await conn.execute('UPDATE wallets SET balance = ? WHERE id = ?', [rows[0].balance + amount, id]);
  await conn.commit();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          data: {
            read: 'conn.execute (SELECT wallets)',
            readLine: '6',
            write: 'conn.execute (UPDATE wallets)',
            writeLine: '7',
            fields: '`balance`',
            context: mysqlNote,
          },
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: mysql + `export async function deposit(id: number, amount: number) {
  const conn = await pool.getConnection();
  await conn.beginTransaction();
  const [rows] = await conn.execute('SELECT balance FROM wallets WHERE id = ? LIMIT 1', [id]);
  await conn.execute('UPDATE wallets SET balance = balance + ? WHERE id = ?', [amount, id]);
  await conn.commit();
}`,
            },
            {
              messageId: 'lockRead',
              output: mysql + `export async function deposit(id: number, amount: number) {
  const conn = await pool.getConnection();
  await conn.beginTransaction();
  const [rows] = await conn.execute('SELECT balance FROM wallets WHERE id = ? LIMIT 1 FOR UPDATE', [id]);
  await conn.execute('UPDATE wallets SET balance = ? WHERE id = ?', [rows[0].balance + amount, id]);
  await conn.commit();
}`,
            },
          ],
        },
      ],
    },
    {
      // mysql2 oversell: the compared value is appended as the last ?
      code: mysql + `export async function buy(id: number, qty: number) {
  const [[product]] = await pool.query('SELECT stock FROM products WHERE id = ?', [id]);
  if (product.stock < qty) throw new Error('sold out');
  await pool.query('UPDATE products SET stock = stock - ? WHERE id = ?', [qty, id]);
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              output: mysql + `export async function buy(id: number, qty: number) {
  const [[product]] = await pool.query('SELECT stock FROM products WHERE id = ?', [id]);
  if (product.stock < qty) throw new Error('sold out');
  const [result] = await pool.query('UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?', [qty, id, qty]);
  if ('affectedRows' in result && result.affectedRows === 0) throw new Error('sold out');
}`,
            },
          ],
        },
      ],
    },
    {
      // postgres.js tags: the interpolation is the parameter
      code: postgres + `export async function deposit(id: number, amount: number) {
  const [w] = await sql\`SELECT balance FROM wallets WHERE id = \${id}\`;
  await sql\`UPDATE wallets SET balance = \${w.balance + amount} WHERE id = \${id}\`;
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              data: { form: '`SET balance = balance + ${amount}`' },
              output: postgres + `export async function deposit(id: number, amount: number) {
  const [w] = await sql\`SELECT balance FROM wallets WHERE id = \${id}\`;
  await sql\`UPDATE wallets SET balance = balance + \${amount} WHERE id = \${id}\`;
}`,
            },
          ],
        },
      ],
    },
    {
      // postgres.js sql.begin at the default level
      code: postgres + `export async function deposit(id: number, amount: number) {
  await sql.begin('read write', async (tx) => {
    const [w] = await tx\`SELECT balance FROM wallets WHERE id = \${id}\`;
    await tx\`UPDATE wallets SET balance = \${w.balance + amount} WHERE id = \${id}\`;
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 11,
          data: { read: 'tx (SELECT wallets)', readLine: '5', write: 'tx (UPDATE wallets)', writeLine: '6', fields: '`balance`', context: postgresNote },
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: postgres + `export async function deposit(id: number, amount: number) {
  await sql.begin('read write', async (tx) => {
    const [w] = await tx\`SELECT balance FROM wallets WHERE id = \${id}\`;
    await tx\`UPDATE wallets SET balance = balance + \${amount} WHERE id = \${id}\`;
  });
}`,
            },
            {
              messageId: 'lockRead',
              output: postgres + `export async function deposit(id: number, amount: number) {
  await sql.begin('read write', async (tx) => {
    const [w] = await tx\`SELECT balance FROM wallets WHERE id = \${id} FOR UPDATE\`;
    await tx\`UPDATE wallets SET balance = \${w.balance + amount} WHERE id = \${id}\`;
  });
}`,
            },
            {
              messageId: 'useSerializable',
              data: { form: "`sql.begin('isolation level serializable', …)`" },
              output: postgres + `export async function deposit(id: number, amount: number) {
  await sql.begin('read write isolation level serializable', async (tx) => {
    const [w] = await tx\`SELECT balance FROM wallets WHERE id = \${id}\`;
    await tx\`UPDATE wallets SET balance = \${w.balance + amount} WHERE id = \${id}\`;
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // postgres.js oversell in sql.begin: the comparison is interpolated
      code: postgres + `export async function buy(id: number, qty: number) {
  await sql.begin(async (sql) => {
    const [product] = await sql\`SELECT stock FROM products WHERE id = \${id}\`;
    if (product.stock < qty) throw new Error('sold out');
    await sql\`UPDATE products SET stock = stock - \${qty} WHERE id = \${id}\`;
  });
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              output: postgres + `export async function buy(id: number, qty: number) {
  await sql.begin(async (sql) => {
    const [product] = await sql\`SELECT stock FROM products WHERE id = \${id}\`;
    if (product.stock < qty) throw new Error('sold out');
    const { count } = await sql\`UPDATE products SET stock = stock - \${qty} WHERE id = \${id} AND stock >= \${qty}\`;
    if (count === 0) throw new Error('sold out');
  });
}`,
            },
            {
              messageId: 'lockRead',
              output: postgres + `export async function buy(id: number, qty: number) {
  await sql.begin(async (sql) => {
    const [product] = await sql\`SELECT stock FROM products WHERE id = \${id} FOR UPDATE\`;
    if (product.stock < qty) throw new Error('sold out');
    await sql\`UPDATE products SET stock = stock - \${qty} WHERE id = \${id}\`;
  });
}`,
            },
            {
              messageId: 'useSerializable',
              output: postgres + `export async function buy(id: number, qty: number) {
  await sql.begin('isolation level serializable', async (sql) => {
    const [product] = await sql\`SELECT stock FROM products WHERE id = \${id}\`;
    if (product.stock < qty) throw new Error('sold out');
    await sql\`UPDATE products SET stock = stock - \${qty} WHERE id = \${id}\`;
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // Prisma raw queries inside $transaction: the lock goes on the raw read
      code: prisma + `export async function deposit(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const [wallet] = await tx.$queryRaw<{ balance: number }[]>\`SELECT balance FROM wallets WHERE id = \${id}\`;
    await tx.$executeRaw\`UPDATE wallets SET balance = \${wallet.balance + amount} WHERE id = \${id}\`;
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: prisma + `export async function deposit(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const [wallet] = await tx.$queryRaw<{ balance: number }[]>\`SELECT balance FROM wallets WHERE id = \${id}\`;
    await tx.$executeRaw\`UPDATE wallets SET balance = balance + \${amount} WHERE id = \${id}\`;
  });
}`,
            },
            {
              messageId: 'lockRead',
              output: prisma + `export async function deposit(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const [wallet] = await tx.$queryRaw<{ balance: number }[]>\`SELECT balance FROM wallets WHERE id = \${id} FOR UPDATE\`;
    await tx.$executeRaw\`UPDATE wallets SET balance = \${wallet.balance + amount} WHERE id = \${id}\`;
  });
}`,
            },
            {
              messageId: 'useSerializable',
              output: prisma + `export async function deposit(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const [wallet] = await tx.$queryRaw<{ balance: number }[]>\`SELECT balance FROM wallets WHERE id = \${id}\`;
    await tx.$executeRaw\`UPDATE wallets SET balance = \${wallet.balance + amount} WHERE id = \${id}\`;
  }, { isolationLevel: 'Serializable' });
}`,
            },
          ],
        },
      ],
    },
    {
      // Prisma $executeRaw returns the count of changed rows
      code: prisma + `export async function buy(id: number, qty: number) {
  const [product] = await prisma.$queryRaw<{ stock: number }[]>\`SELECT stock FROM products WHERE id = \${id}\`;
  if (product.stock < qty) throw new Error('sold out');
  await prisma.$executeRaw\`UPDATE products SET stock = stock - \${qty} WHERE id = \${id}\`;
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              output: prisma + `export async function buy(id: number, qty: number) {
  const [product] = await prisma.$queryRaw<{ stock: number }[]>\`SELECT stock FROM products WHERE id = \${id}\`;
  if (product.stock < qty) throw new Error('sold out');
  const count = await prisma.$executeRaw\`UPDATE products SET stock = stock - \${qty} WHERE id = \${id} AND stock >= \${qty}\`;
  if (count === 0) throw new Error('sold out');
}`,
            },
          ],
        },
      ],
    },
    {
      // better-sqlite3 with an await between the read and the write; values passed spread
      code: betterSqlite + `export async function deposit(id: number, amount: number, audit: (id: number) => Promise<void>) {
  const wallet = db.prepare('SELECT balance FROM wallets WHERE id = ?').get(id) as { balance: number };
  await audit(id);
  db.prepare('UPDATE wallets SET balance = ? WHERE id = ?').run(wallet.balance + amount, id);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: betterSqlite + `export async function deposit(id: number, amount: number, audit: (id: number) => Promise<void>) {
  const wallet = db.prepare('SELECT balance FROM wallets WHERE id = ?').get(id) as { balance: number };
  await audit(id);
  db.prepare('UPDATE wallets SET balance = balance + ? WHERE id = ?').run(amount, id);
}`,
            },
          ],
        },
      ],
    },
    {
      // sqlite named parameters: the named value becomes the amount
      code: sqlite + `export async function deposit(id: number, amount: number) {
  const wallet = await db.get('SELECT balance FROM wallets WHERE id = $id', { $id: id });
  await db.run('UPDATE wallets SET balance = $balance WHERE id = $id', { $balance: wallet.balance + amount, $id: id });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              data: { form: '`SET balance = balance + $balance`' },
              output: sqlite + `export async function deposit(id: number, amount: number) {
  const wallet = await db.get('SELECT balance FROM wallets WHERE id = $id', { $id: id });
  await db.run('UPDATE wallets SET balance = balance + $balance WHERE id = $id', { $balance: amount, $id: id });
}`,
            },
          ],
        },
      ],
    },
  ],
});
