import rule from '../../src/rules/no-check-then-create.js';
import { fixtureFile, ruleTester, typedRuleTester } from '../rule-tester.js';

const pg = "import { Pool } from 'pg';\nconst pool = new Pool();\n";
const mysql = "import mysql from 'mysql2/promise';\nconst conn = await mysql.createConnection(process.env.DATABASE_URL!);\n";
const sqlite = "import sqlite3 from 'sqlite3';\nimport { open } from 'sqlite';\nconst db = await open({ filename: 'app.db', driver: sqlite3.Database });\n";
const betterSqlite = "import Database from 'better-sqlite3';\nconst db = new Database('app.db');\n";
const postgres = "import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL!);\n";
const prisma = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";

const conflictTest =
  "error instanceof Object && 'code' in error && /^(?:23505|ER_DUP_ENTRY|SQLITE_CONSTRAINT)/.test(String(error.code))";

ruleTester.run('no-check-then-create (sql)', rule, {
  valid: [
    // INSERT … ON CONFLICT DO NOTHING is atomic
    pg + `export async function claim(code: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length > 0) return rows[0];
  await pool.query('INSERT INTO coupons (code, amount) VALUES ($1, 5) ON CONFLICT (code) DO NOTHING', [code]);
}`,
    // MySQL INSERT IGNORE and ON DUPLICATE KEY UPDATE are atomic
    mysql + `export async function claim(code: string) {
  const [rows] = await conn.execute('SELECT id FROM coupons WHERE code = ?', [code]);
  if (Array.isArray(rows) && rows.length > 0) return;
  await conn.execute('INSERT IGNORE INTO coupons (code, amount) VALUES (?, 5)', [code]);
  await conn.execute('INSERT INTO coupons (code, amount) VALUES (?, 5) ON DUPLICATE KEY UPDATE amount = amount', [code]);
}`,
    // SQLite INSERT OR IGNORE is atomic
    sqlite + `export async function claim(code: string) {
  const found = await db.get('SELECT id FROM coupons WHERE code = ?', code);
  if (!found) await db.run('INSERT OR IGNORE INTO coupons (code, amount) VALUES (?, 5)', code);
}`,
    // unique constraint (accounts.email) and 23505 handled
    pg + `export async function register(email: string) {
  const { rowCount } = await pool.query('SELECT 1 FROM accounts WHERE email = $1', [email]);
  if (rowCount) return null;
  try {
    await pool.query('INSERT INTO accounts (email) VALUES ($1)', [email]);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return null;
    throw error;
  }
}`,
    // serializable transaction started in SQL
    pg + `export async function claim(code: string) {
  const client = await pool.connect();
  await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
  const { rows } = await client.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length > 0) throw new Error('taken');
  await client.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
  await client.query('COMMIT');
}`,
    // serializable postgres.js transaction
    postgres + `export async function claim(code: string) {
  return sql.begin('isolation level serializable', async (sql) => {
    const [found] = await sql\`SELECT id FROM coupons WHERE code = \${code}\`;
    if (found) return found;
    return sql\`INSERT INTO coupons (code, amount) VALUES (\${code}, 5)\`;
  });
}`,
    postgres + `export async function claim(code: string) {
  return sql.begin('read write isolation level serializable', async (tx) => {
    const [found] = await tx\`SELECT id FROM coupons WHERE code = \${code}\`;
    if (!found) await tx\`INSERT INTO coupons (code, amount) VALUES (\${code}, 5)\`;
  });
}`,
    // an advisory lock on the code serialises the check and the insert
    pg + `export async function claim(code: string) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [code]);
  const { rows } = await client.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length === 0) await client.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
  await client.query('COMMIT');
}`,
    // the check takes a row lock
    mysql + `export async function claim(code: string) {
  const [rows] = await conn.query('SELECT id FROM coupons WHERE code = ? FOR UPDATE', [code]);
  if (Array.isArray(rows) && rows.length === 0) await conn.query('INSERT INTO coupons (code, amount) VALUES (?, 5)', [code]);
}`,
    // the check reads another table than the insert writes
    pg + `export async function redeem(code: string, userId: number) {
  const { rows } = await pool.query('SELECT id FROM accounts WHERE id = $1', [userId]);
  if (rows.length === 0) throw new Error('no account');
  await pool.query('INSERT INTO coupons (code, amount, redeemed_by) VALUES ($1, 5, $2)', [code, userId]);
}`,
    // the insert does not depend on the check
    pg + `export async function log(code: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  await pool.query('INSERT INTO coupons (code, amount) VALUES ($1, 1)', [code]);
  return rows;
}`,
    // better-sqlite3 is synchronous: nothing runs between the check and the insert
    betterSqlite + `export function claim(code: string) {
  const found = db.prepare('SELECT id FROM coupons WHERE code = ?').get(code);
  if (found) return;
  db.prepare('INSERT INTO coupons (code, amount) VALUES (?, 5)').run(code);
}`,
    // in-memory collections are not shared state
    `export function remember(seen: Map<string, number>, code: string) {
  if (!seen.get(code)) seen.set(code, 1);
}`,
    // no driver in sight and no SQL text: a query method name alone is not evidence
    `import { client } from './search';
export async function claim(code: string) {
  const found = await client.query('coupon code', [code]);
  if (found.rows.length) return;
  await client.query('add coupon', [code]);
}`,
    // text that starts like SQL but is no statement on a table
    `import { search } from './search';
export async function claim(code: string) {
  const found = await search.query('select coupons where code matches', [code]);
  if (found.hits.length) return;
  await search.query('insert coupon when missing', [code]);
}`,
    // text known only at run time
    `import { client } from './db.js';
export async function claim(findText: string, insertText: string, code: string) {
  const { rows } = await client.query(findText, [code]);
  if (rows.length === 0) await client.query(insertText, [code]);
}`,
    // Elasticsearch and GraphQL clients take objects, not SQL text
    `import { elastic } from './search';
export async function claim(code: string) {
  const found = await elastic.query({ match: { code } });
  if (found.hits.total === 0) await elastic.index({ document: { code } });
}`,
    `import { gql } from '@apollo/client';
import { client } from './apollo';
export async function claim(code: string) {
  const { data } = await client.query({ query: gql\`query Coupon($code: String!) { coupon(code: $code) { id } }\`, variables: { code } });
  if (!data.coupon) await client.mutate({ mutation: gql\`mutation { createCoupon(code: $code) { id } }\`, variables: { code } });
}`,
    // a local object with a query method: SQL-looking keys, but nothing shows it reaches a database
    `import { QueryCache } from './query-cache';
const cache = new QueryCache();
export async function remember(code: string) {
  const hit = await cache.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (!hit) await cache.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
}`,
    `const store = { query: async (text: string, values: unknown[]) => ({ text, values, rows: [] as unknown[] }) };
export async function claim(code: string) {
  const { rows } = await store.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length === 0) await store.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
}`,
    `export class Coupons {
  private cache = new Map<string, unknown>() as unknown as { query(text: string, values: unknown[]): Promise<unknown> };
  async claim(code: string) {
    const hit = await this.cache.query('SELECT id FROM coupons WHERE code = $1', [code]);
    if (!hit) await this.cache.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
  }
}`,
    // another library's client is left to its adapter
    `import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
export async function claim(db: NodePgDatabase, code: string) {
  const { rows } = await db.execute('SELECT id FROM coupons WHERE code = $1');
  if (rows.length === 0) await db.execute('INSERT INTO coupons (code, amount) VALUES (1, 5)');
}`,
    // a pool imported from the project's own module, inside a serializable transaction
    `import { pool } from './db.js';
export async function claim(code: string) {
  const client = await pool.connect();
  await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
  const { rows } = await client.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length === 0) await client.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
  await client.query('COMMIT');
}`,
    // SQL built at run time cannot be read
    pg + `export async function claim(table: string, code: string) {
  const { rows } = await pool.query(\`SELECT id FROM \${table} WHERE code = $1\`, [code]);
  if (rows.length > 0) return;
  await pool.query(\`INSERT INTO \${table} (code) VALUES ($1)\`, [code]);
}`,
  ],
  invalid: [
    {
      // a pool imported from the project's own module: the SQL text shows the call sends SQL
      code: `import { pool } from './db.js';
export async function grantReward(referrerId: number, refereeId: number) {
  const { rows } = await pool.query(
    'SELECT id FROM referral_rewards WHERE referrer_id = $1 AND referee_id = $2',
    [referrerId, refereeId],
  );
  if (rows.length > 0) return;
  await pool.query(
    'INSERT INTO referral_rewards (referrer_id, referee_id, amount) VALUES ($1, $2, 500)',
    [referrerId, refereeId],
  );
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `pool.query (SELECT referral_rewards)` (line 3) and find no referral_rewards with this referrer_id and referee_id before either runs `pool.query (INSERT referral_rewards)` (line 8)',
            schema:
              'None of the 10 schema files read declares referral_rewards, so nothing is known to stop a duplicate referral_rewards (referrer_id, referee_id).',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: {
                form: 'INSERT … ON CONFLICT (referrer_id, referee_id) DO NOTHING, after adding a unique index on referral_rewards (referrer_id, referee_id)',
              },
              output: `import { pool } from './db.js';
export async function grantReward(referrerId: number, refereeId: number) {
  const { rows } = await pool.query(
    'SELECT id FROM referral_rewards WHERE referrer_id = $1 AND referee_id = $2',
    [referrerId, refereeId],
  );
  if (rows.length > 0) return;
  await pool.query(
    'INSERT INTO referral_rewards (referrer_id, referee_id, amount) VALUES ($1, $2, 500) ON CONFLICT (referrer_id, referee_id) DO NOTHING',
    [referrerId, refereeId],
  );
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { pool } from './db.js';
export async function grantReward(referrerId: number, refereeId: number) {
  const { rows } = await pool.query(
    'SELECT id FROM referral_rewards WHERE referrer_id = $1 AND referee_id = $2',
    [referrerId, refereeId],
  );
  if (rows.length > 0) return;
  try {
    await pool.query(
    'INSERT INTO referral_rewards (referrer_id, referee_id, amount) VALUES ($1, $2, 500)',
    [referrerId, refereeId],
  );
  } catch (error) {
    if (!(${conflictTest})) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // a connection taken from an imported pool, `?` placeholders, and a transaction at the
      // default level; the driver is unknown and no schema names the engine: no SQL rewrite
      filename: fixtureFile('bare'),
      code: `import { pool } from '../db';
export async function claim(code: string) {
  const conn = await pool.getConnection();
  await conn.query('START TRANSACTION');
  const [rows] = await conn.execute('SELECT id FROM coupons WHERE code = ?', [code]);
  if ((rows as unknown[]).length === 0) await conn.execute('INSERT INTO coupons (code, amount) VALUES (?, 5)', [code]);
  await conn.query('COMMIT');
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 47,
          suggestions: [
            {
              messageId: 'catchConflict',
              output: `import { pool } from '../db';
export async function claim(code: string) {
  const conn = await pool.getConnection();
  await conn.query('START TRANSACTION');
  const [rows] = await conn.execute('SELECT id FROM coupons WHERE code = ?', [code]);
  if ((rows as unknown[]).length === 0) try {
    await conn.execute('INSERT INTO coupons (code, amount) VALUES (?, 5)', [code]);
  } catch (error) {
    if (!(${conflictTest})) throw error;
    // Another request created it first.
  }
  await conn.query('COMMIT');
}`,
            },
          ],
        },
      ],
    },
    {
      // CommonJS: a pool required from the project's own module
      filename: fixtureFile('bare'),
      code: `const { pool } = require('./db');
async function claim(code) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length === 0) await pool.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 4,
          column: 32,
          suggestions: [
            {
              messageId: 'catchConflict',
              output: `const { pool } = require('./db');
async function claim(code) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length === 0) try {
    await pool.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
  } catch (error) {
    if (!(${conflictTest})) throw error;
    // Another request created it first.
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // a field set from a constructor parameter
      filename: fixtureFile('bare'),
      code: `class Coupons {
  constructor(db) {
    this.db = db;
  }
  async claim(code) {
    const { rows } = await this.db.query('SELECT id FROM coupons WHERE code = $1', [code]);
    if (rows.length === 0) await this.db.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
  }
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 34,
          suggestions: [
            {
              messageId: 'catchConflict',
              output: `class Coupons {
  constructor(db) {
    this.db = db;
  }
  async claim(code) {
    const { rows } = await this.db.query('SELECT id FROM coupons WHERE code = $1', [code]);
    if (rows.length === 0) try {
      await this.db.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
    } catch (error) {
      if (!(${conflictTest})) throw error;
      // Another request created it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // TypeORM's raw SQL through an injected DataSource
      code: `import { DataSource } from 'typeorm';
export class Coupons {
  constructor(private readonly dataSource: DataSource) {}
  async claim(code: string) {
    const rows = await this.dataSource.query('SELECT id FROM coupons WHERE code = $1', [code]);
    if (rows.length === 0) await this.dataSource.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
  }
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 34,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { DataSource } from 'typeorm';
export class Coupons {
  constructor(private readonly dataSource: DataSource) {}
  async claim(code: string) {
    const rows = await this.dataSource.query('SELECT id FROM coupons WHERE code = $1', [code]);
    if (rows.length === 0) await this.dataSource.query('INSERT INTO coupons (code, amount) VALUES ($1, 5) ON CONFLICT (code) DO NOTHING', [code]);
  }
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { DataSource } from 'typeorm';
export class Coupons {
  constructor(private readonly dataSource: DataSource) {}
  async claim(code: string) {
    const rows = await this.dataSource.query('SELECT id FROM coupons WHERE code = $1', [code]);
    if (rows.length === 0) try {
      await this.dataSource.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
    } catch (error) {
      if (!(${conflictTest})) throw error;
      // Another request created it first.
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Sequelize's raw SQL with named replacements
      code: `import { QueryTypes } from 'sequelize';
import { sequelize } from './db';
export async function claim(code: string) {
  const rows = await sequelize.query('SELECT id FROM coupons WHERE code = :code', { replacements: { code }, type: QueryTypes.SELECT });
  if (rows.length === 0) await sequelize.query('INSERT INTO coupons (code, amount) VALUES (:code, 5)', { replacements: { code } });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 32,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { QueryTypes } from 'sequelize';
import { sequelize } from './db';
export async function claim(code: string) {
  const rows = await sequelize.query('SELECT id FROM coupons WHERE code = :code', { replacements: { code }, type: QueryTypes.SELECT });
  if (rows.length === 0) await sequelize.query('INSERT INTO coupons (code, amount) VALUES (:code, 5) ON CONFLICT (code) DO NOTHING', { replacements: { code } });
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { QueryTypes } from 'sequelize';
import { sequelize } from './db';
export async function claim(code: string) {
  const rows = await sequelize.query('SELECT id FROM coupons WHERE code = :code', { replacements: { code }, type: QueryTypes.SELECT });
  if (rows.length === 0) try {
    await sequelize.query('INSERT INTO coupons (code, amount) VALUES (:code, 5)', { replacements: { code } });
  } catch (error) {
    if (!(${conflictTest})) throw error;
    // Another request created it first.
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: pg + `export async function claim(code: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length > 0) throw new Error('taken');
  await pool.query('INSERT INTO coupons (code, amount) VALUES ($1, $2) RETURNING id;', [code, 5]);
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `pool.query (SELECT coupons)` (line 4) and find no coupons with this code before either runs `pool.query (INSERT coupons)` (line 6)',
            schema: 'No unique constraint on coupons (code) was found in prisma/schema.prisma, migrations/0001_sql.sql.',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: 'INSERT … ON CONFLICT (code) DO NOTHING, after adding a unique index on coupons (code)' },
              output: pg + `export async function claim(code: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length > 0) throw new Error('taken');
  await pool.query('INSERT INTO coupons (code, amount) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING id;', [code, 5]);
}`,
            },
            {
              messageId: 'catchConflict',
              output: pg + `export async function claim(code: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length > 0) throw new Error('taken');
  try {
    await pool.query('INSERT INTO coupons (code, amount) VALUES ($1, $2) RETURNING id;', [code, 5]);
  } catch (error) {
    if (!(${conflictTest})) throw error;
    throw new Error('taken');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // pg query config objects, a COUNT check, and a transaction at the default isolation level
      code: pg + `export async function claim(code: string) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query({ text: 'SELECT count(*)::int AS n FROM coupons WHERE code = $1', values: [code] });
  if (rows[0].n === 0) {
    await client.query({ text: "INSERT INTO coupons (code, amount) VALUES ($1, 5)", values: [code] });
  }
  await client.query('COMMIT');
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: pg + `export async function claim(code: string) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query({ text: 'SELECT count(*)::int AS n FROM coupons WHERE code = $1', values: [code] });
  if (rows[0].n === 0) {
    await client.query({ text: "INSERT INTO coupons (code, amount) VALUES ($1, 5) ON CONFLICT (code) DO NOTHING", values: [code] });
  }
  await client.query('COMMIT');
}`,
            },
            {
              messageId: 'catchConflict',
              output: pg + `export async function claim(code: string) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query({ text: 'SELECT count(*)::int AS n FROM coupons WHERE code = $1', values: [code] });
  if (rows[0].n === 0) {
    try {
      await client.query({ text: "INSERT INTO coupons (code, amount) VALUES ($1, 5)", values: [code] });
    } catch (error) {
      if (!(${conflictTest})) throw error;
      // Another request created it first.
    }
  }
  await client.query('COMMIT');
}`,
            },
          ],
        },
      ],
    },
    {
      // a column that needs quoting, inside a double-quoted string
      code: pg + `export async function claim(couponCode: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE "couponCode" = $1', [couponCode]);
  if (rows.length === 0) await pool.query("INSERT INTO coupons (\\"couponCode\\") VALUES ($1)", [couponCode]);
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 32,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: 'INSERT … ON CONFLICT ("couponCode") DO NOTHING, after adding a unique index on coupons ("couponCode")' },
              output: pg + `export async function claim(couponCode: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE "couponCode" = $1', [couponCode]);
  if (rows.length === 0) await pool.query("INSERT INTO coupons (\\"couponCode\\") VALUES ($1) ON CONFLICT (\\"couponCode\\") DO NOTHING", [couponCode]);
}`,
            },
            {
              messageId: 'catchConflict',
              output: pg + `export async function claim(couponCode: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE "couponCode" = $1', [couponCode]);
  if (rows.length === 0) try {
    await pool.query("INSERT INTO coupons (\\"couponCode\\") VALUES ($1)", [couponCode]);
  } catch (error) {
    if (!(${conflictTest})) throw error;
    // Another request created it first.
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // mysql2: `const [rows] = await conn.execute(…)`
      code: mysql + `export async function claim(code: string) {
  const [rows] = await conn.execute('SELECT id FROM coupons WHERE code = ?', [code]);
  if (Array.isArray(rows) && rows.length > 0) return;
  await conn.execute('INSERT INTO coupons (code, amount) VALUES (?, ?)', [code, 5]);
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: 'INSERT IGNORE, after adding a unique index on coupons (code)' },
              output: mysql + `export async function claim(code: string) {
  const [rows] = await conn.execute('SELECT id FROM coupons WHERE code = ?', [code]);
  if (Array.isArray(rows) && rows.length > 0) return;
  await conn.execute('INSERT IGNORE INTO coupons (code, amount) VALUES (?, ?)', [code, 5]);
}`,
            },
            {
              messageId: 'catchConflict',
              output: mysql + `export async function claim(code: string) {
  const [rows] = await conn.execute('SELECT id FROM coupons WHERE code = ?', [code]);
  if (Array.isArray(rows) && rows.length > 0) return;
  try {
    await conn.execute('INSERT INTO coupons (code, amount) VALUES (?, ?)', [code, 5]);
  } catch (error) {
    if (!(${conflictTest})) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // mysql2 `INSERT … SET ?` with the row as an object
      code: mysql + `export async function claim(code: string) {
  const [rows] = await conn.query('SELECT id FROM coupons WHERE code = ?', [code]);
  if ((rows as unknown[]).length) return;
  await conn.query('INSERT INTO coupons SET ?', { code, amount: 5 });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: mysql + `export async function claim(code: string) {
  const [rows] = await conn.query('SELECT id FROM coupons WHERE code = ?', [code]);
  if ((rows as unknown[]).length) return;
  await conn.query('INSERT IGNORE INTO coupons SET ?', { code, amount: 5 });
}`,
            },
            {
              messageId: 'catchConflict',
              output: mysql + `export async function claim(code: string) {
  const [rows] = await conn.query('SELECT id FROM coupons WHERE code = ?', [code]);
  if ((rows as unknown[]).length) return;
  try {
    await conn.query('INSERT INTO coupons SET ?', { code, amount: 5 });
  } catch (error) {
    if (!(${conflictTest})) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // sqlite: named parameters, a multi-line template literal
      code: sqlite + `export async function claim(code: string) {
  const found = await db.get('SELECT id FROM coupons WHERE code = :code', { ':code': code });
  if (found) return found;
  await db.run(\`
    INSERT INTO coupons (code, amount)
    VALUES (:code, 5)
  \`, { ':code': code });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: sqlite + `export async function claim(code: string) {
  const found = await db.get('SELECT id FROM coupons WHERE code = :code', { ':code': code });
  if (found) return found;
  await db.run(\`
    INSERT INTO coupons (code, amount)
    VALUES (:code, 5) ON CONFLICT (code) DO NOTHING
  \`, { ':code': code });
}`,
            },
          ],
        },
      ],
    },
    {
      // better-sqlite3 is synchronous, but the await between lets another request in
      code: betterSqlite + `const findCoupon = db.prepare('SELECT id FROM coupons WHERE code = ?');
export async function claim(code: string, notify: (code: string) => Promise<void>) {
  const found = findCoupon.get(code);
  if (found) return;
  await notify(code);
  db.prepare('INSERT INTO coupons (code, amount) VALUES (@code, 5)').run({ code });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 3,
          data: {
            race: 'Two concurrent calls can both run `findCoupon.get (SELECT coupons)` (line 5) and find no coupons with this code before either runs `db.prepare().run (INSERT coupons)` (line 8)',
            schema: 'No unique constraint on coupons (code) was found in prisma/schema.prisma, migrations/0001_sql.sql.',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: betterSqlite + `const findCoupon = db.prepare('SELECT id FROM coupons WHERE code = ?');
export async function claim(code: string, notify: (code: string) => Promise<void>) {
  const found = findCoupon.get(code);
  if (found) return;
  await notify(code);
  db.prepare('INSERT INTO coupons (code, amount) VALUES (@code, 5) ON CONFLICT (code) DO NOTHING').run({ code });
}`,
            },
            {
              messageId: 'catchConflict',
              output: betterSqlite + `const findCoupon = db.prepare('SELECT id FROM coupons WHERE code = ?');
export async function claim(code: string, notify: (code: string) => Promise<void>) {
  const found = findCoupon.get(code);
  if (found) return;
  await notify(code);
  try {
    db.prepare('INSERT INTO coupons (code, amount) VALUES (@code, 5)').run({ code });
  } catch (error) {
    if (!(${conflictTest})) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // postgres.js: the unique constraint stops the duplicate, but the violation is not handled
      code: postgres + `export async function join(teamId: number, email: string) {
  const [member] = await sql\`SELECT id FROM members WHERE team_id = \${teamId} AND email = \${email}\`;
  if (member) throw new Error('already a member');
  await sql\`INSERT INTO members \${sql({ team_id: teamId, email }, 'team_id', 'email')}\`;
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: 'INSERT … ON CONFLICT (team_id, email) DO NOTHING' },
              output: postgres + `export async function join(teamId: number, email: string) {
  const [member] = await sql\`SELECT id FROM members WHERE team_id = \${teamId} AND email = \${email}\`;
  if (member) throw new Error('already a member');
  await sql\`INSERT INTO members \${sql({ team_id: teamId, email }, 'team_id', 'email')} ON CONFLICT (team_id, email) DO NOTHING\`;
}`,
            },
            {
              messageId: 'catchConflict',
              output: postgres + `export async function join(teamId: number, email: string) {
  const [member] = await sql\`SELECT id FROM members WHERE team_id = \${teamId} AND email = \${email}\`;
  if (member) throw new Error('already a member');
  try {
    await sql\`INSERT INTO members \${sql({ team_id: teamId, email }, 'team_id', 'email')}\`;
  } catch (error) {
    if (!(${conflictTest})) throw error;
    throw new Error('already a member');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // postgres.js: a RETURNING clause on its own line
      code: postgres + `export async function register(email: string, name: string) {
  const [existing] = await sql\`SELECT id FROM accounts WHERE email = \${email}\`;
  if (existing) return existing;
  const [created] = await sql\`
    INSERT INTO accounts (email, display_name) VALUES (\${email}, \${name})
    RETURNING id
  \`;
  return created;
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 6,
          column: 27,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: 'INSERT … ON CONFLICT (email) DO NOTHING' },
              output: postgres + `export async function register(email: string, name: string) {
  const [existing] = await sql\`SELECT id FROM accounts WHERE email = \${email}\`;
  if (existing) return existing;
  const [created] = await sql\`
    INSERT INTO accounts (email, display_name) VALUES (\${email}, \${name}) ON CONFLICT (email) DO NOTHING
    RETURNING id
  \`;
  return created;
}`,
            },
          ],
        },
      ],
    },
    {
      // a postgres.js transaction at the default isolation level does not stop the race
      code: postgres + `export async function claim(code: string) {
  return sql.begin(async (tx) => {
    const [found] = await tx\`SELECT id FROM coupons WHERE code = \${code}\`;
    if (found) return found;
    await tx\`INSERT INTO coupons (code, amount) VALUES (\${code}, 5)\`;
  });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: postgres + `export async function claim(code: string) {
  return sql.begin(async (tx) => {
    const [found] = await tx\`SELECT id FROM coupons WHERE code = \${code}\`;
    if (found) return found;
    await tx\`INSERT INTO coupons (code, amount) VALUES (\${code}, 5) ON CONFLICT (code) DO NOTHING\`;
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // Prisma raw queries
      code: prisma + `export async function claim(code: string) {
  const rows = await prisma.$queryRaw<{ id: number }[]>\`SELECT id FROM coupons WHERE code = \${code}\`;
  if (rows.length) return;
  await prisma.$executeRawUnsafe('INSERT INTO coupons (code, amount) VALUES ($1, 5)', code);
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `prisma.$queryRaw (SELECT coupons)` (line 4) and find no coupons with this code before either runs `prisma.$executeRawUnsafe (INSERT coupons)` (line 6)',
            schema: 'No unique constraint on coupons (code) was found in prisma/schema.prisma, migrations/0001_sql.sql.',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: prisma + `export async function claim(code: string) {
  const rows = await prisma.$queryRaw<{ id: number }[]>\`SELECT id FROM coupons WHERE code = \${code}\`;
  if (rows.length) return;
  await prisma.$executeRawUnsafe('INSERT INTO coupons (code, amount) VALUES ($1, 5) ON CONFLICT (code) DO NOTHING', code);
}`,
            },
            {
              messageId: 'catchConflict',
              output: prisma + `export async function claim(code: string) {
  const rows = await prisma.$queryRaw<{ id: number }[]>\`SELECT id FROM coupons WHERE code = \${code}\`;
  if (rows.length) return;
  try {
    await prisma.$executeRawUnsafe('INSERT INTO coupons (code, amount) VALUES ($1, 5)', code);
  } catch (error) {
    if (!(${conflictTest})) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // a text bound to a const is read, but only a literal in the call is rewritten
      filename: fixtureFile('bare'),
      code: pg + `const insertCoupon = 'INSERT INTO coupons (code, amount) VALUES ($1, 5)';
export async function claim(code: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length === 0) await pool.query(insertCoupon, [code]);
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 32,
          data: {
            race: 'Two concurrent calls can both run `pool.query (SELECT coupons)` (line 5) and find no coupons with this code before either runs `pool.query (INSERT coupons)` (line 6)',
            schema:
              'No schema source was found (schema.prisma, SQL migrations, entity or model definitions), so nothing is known to stop a duplicate coupons (code).',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              output: pg + `const insertCoupon = 'INSERT INTO coupons (code, amount) VALUES ($1, 5)';
export async function claim(code: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length === 0) try {
    await pool.query(insertCoupon, [code]);
  } catch (error) {
    if (!(${conflictTest})) throw error;
    // Another request created it first.
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

// With type information, a client passed in (a repository that never imports the driver) counts.
const poolType = `interface QueryResult { rows: { id: number }[] }
interface Pool { query(text: string, values?: unknown[]): Promise<QueryResult> }
`;

typedRuleTester.run('no-check-then-create (sql, typed)', rule, {
  valid: [
    // a `query` method on some other type is not a database client
    `interface Index { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }
export async function claim(index: Index, code: string) {
  const { rows } = await index.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length === 0) await index.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
}`,
  ],
  invalid: [
    {
      code: poolType + `export async function claim(pool: Pool, code: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length === 0) await pool.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 32,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: poolType + `export async function claim(pool: Pool, code: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length === 0) await pool.query('INSERT INTO coupons (code, amount) VALUES ($1, 5) ON CONFLICT (code) DO NOTHING', [code]);
}`,
            },
            {
              messageId: 'catchConflict',
              output: poolType + `export async function claim(pool: Pool, code: string) {
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length === 0) try {
    await pool.query('INSERT INTO coupons (code, amount) VALUES ($1, 5)', [code]);
  } catch (error) {
    if (!(${conflictTest})) throw error;
    // Another request created it first.
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
