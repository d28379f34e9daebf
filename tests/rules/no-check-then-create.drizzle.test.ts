import rule from '../../src/rules/no-check-then-create.js';
import { fixtureFile, ruleTester } from '../rule-tester.js';

// profiles.handle is unique (`.unique()`), rewards.code is not: tests/fixtures/project/src/drizzle/schema.ts
const header = `import { and, eq, sql } from 'drizzle-orm';
import { db } from './db.js';
import { profiles, rewards } from './src/drizzle/schema.js';
`;
const uniqueViolation =
  "error instanceof Error && [error, 'cause' in error ? error.cause : undefined].some((e) => e instanceof Object && 'code' in e && " +
  "['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes(String(e.code)))";

ruleTester.run('no-check-then-create (drizzle)', rule, {
  valid: [
    // INSERT … ON CONFLICT DO NOTHING is the atomic form
    header + `export async function grant(code: string) {
  const [existing] = await db.select().from(rewards).where(eq(rewards.code, code));
  if (!existing) await db.insert(rewards).values({ code, points: 1 }).onConflictDoNothing();
}`,
    // unique constraint on profiles.handle and the violation handled (code on the wrapped cause)
    header + `export async function claim(handle: string) {
  const existing = await db.query.profiles.findFirst({ where: eq(profiles.handle, handle) });
  if (existing) return existing;
  try {
    return await db.insert(profiles).values({ handle }).returning();
  } catch (error) {
    if (error instanceof Error && (error.cause as { code?: string }).code === '23505') return null;
    throw error;
  }
}`,
    // serializable transaction
    header + `export async function grant(code: string) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(rewards).where(eq(rewards.code, code));
    if (existing) throw new Error('taken');
    return tx.insert(rewards).values({ code, points: 1 });
  }, { isolationLevel: 'serializable' });
}`,
    // an advisory lock on the code serialises check and insert (raw SQL through db.execute)
    header + `export async function grant(code: string) {
  return db.transaction(async (tx) => {
    await tx.execute(sql\`select pg_advisory_xact_lock(hashtext(\${code}))\`);
    const [existing] = await tx.select().from(rewards).where(eq(rewards.code, code));
    if (existing) throw new Error('taken');
    return tx.insert(rewards).values({ code, points: 1 });
  });
}`,
    {
      // the check takes a row lock; the engine is unknown (no schema), so the lock gets the benefit of the doubt
      code:
        header + `export async function grant(code: string) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(rewards).where(eq(rewards.code, code)).for('update');
    if (existing) throw new Error('taken');
    return tx.insert(rewards).values({ code, points: 1 });
  });
}`,
      filename: fixtureFile('bare'),
    },
    {
      // MySQL (the table's builder): FOR UPDATE on an absent row locks the gap, even though the project schema says PostgreSQL
      code: `import { eq } from 'drizzle-orm';
import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { db } from './db.js';
const seats = mysqlTable('seats', { id: int('id').primaryKey(), label: varchar('label', { length: 16 }) });
export async function book(id: number, label: string) {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select().from(seats).where(eq(seats.label, label)).for('update');
    if (taken) throw new Error('taken');
    return tx.insert(seats).values({ id, label });
  });
}`,
    },
    {
      // MySQL (the client's driver), on a table imported from the schema
      code: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import { rewards } from './src/drizzle/schema.js';
const db = drizzle(process.env.DATABASE_URL!);
export async function grant(code: string) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(rewards).where(eq(rewards.code, code)).for('update');
    if (existing) throw new Error('taken');
    return tx.insert(rewards).values({ code, points: 1 });
  });
}`,
      filename: fixtureFile('bare'),
    },
    // the check reads another table than the insert writes
    header + `export async function grant(handle: string, code: string) {
  const profile = await db.query.profiles.findFirst({ where: { handle } });
  if (!profile) throw new Error('no profile');
  await db.insert(rewards).values({ code, points: 1 });
}`,
    // the insert does not depend on the check
    header + `export async function log(code: string) {
  const [existing] = await db.select().from(rewards).where(eq(rewards.code, code));
  await db.insert(rewards).values({ code, points: 1 });
  return existing;
}`,
    // an atomic update after the check is not an insert
    header + `export async function bump(code: string) {
  const [existing] = await db.select().from(rewards).where(eq(rewards.code, code));
  if (existing) await db.update(rewards).set({ points: sql\`\${rewards.points} + 1\` }).where(eq(rewards.code, code));
}`,
    // in-memory collections
    header + `export function remember(cache: Map<string, number>, code: string) {
  if (!cache.get(code)) cache.set(code, 1);
  if (Object.values(cache).length === 0) cache.delete(code);
}`,
    // better-sqlite3 runs synchronously: nothing interleaves without an await
    `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { rewards } from './src/drizzle/schema.js';
const db = drizzle('local.db');
export function grant(code: string) {
  const existing = db.select().from(rewards).where(eq(rewards.code, code)).get();
  if (!existing) db.insert(rewards).values({ code, points: 1 }).run();
}`,
    // SQLite transactions are serializable
    `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { rewards } from './src/drizzle/schema.js';
const db = drizzle(process.env.DATABASE_URL!);
export async function grant(code: string) {
  await db.transaction(async (tx) => {
    const [existing] = await tx.select().from(rewards).where(eq(rewards.code, code));
    if (!existing) await tx.insert(rewards).values({ code, points: 1 });
  });
}`,
    // the same builder shape on a client and table nothing identifies as Drizzle
    `import { db } from './db.js';
import { things } from './things.js';
export async function add(code: string) {
  const [existing] = await db.select().from(things).where({ code });
  if (!existing) await db.insert(things).values({ code });
}`,
  ],
  invalid: [
    {
      code: header + `export async function grant(code: string) {
  const [existing] = await db.select().from(rewards).where(eq(rewards.code, code)).limit(1);
  if (existing) throw new Error('taken');
  await db.insert(rewards).values({ code, points: 5 });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `db.select().from(rewards)` (line 5) and find no rewards with this code before either runs `db.insert(rewards)` (line 7)',
            schema: 'No unique constraint on rewards (code) was found in src/drizzle/schema.ts.',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: '`.onConflictDoNothing()`, after adding a unique constraint on rewards (code)' },
              output: header + `export async function grant(code: string) {
  const [existing] = await db.select().from(rewards).where(eq(rewards.code, code)).limit(1);
  if (existing) throw new Error('taken');
  await db.insert(rewards).values({ code, points: 5 }).onConflictDoNothing();
}`,
            },
            {
              messageId: 'catchConflict',
              output: header + `export async function grant(code: string) {
  const [existing] = await db.select().from(rewards).where(eq(rewards.code, code)).limit(1);
  if (existing) throw new Error('taken');
  try {
    await db.insert(rewards).values({ code, points: 5 });
  } catch (error) {
    if (!(${uniqueViolation})) throw error;
    throw new Error('taken');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // relational query with an object filter; the unique constraint stops the duplicate, unhandled
      code: header + `export async function claim(handle: string) {
  const existing = await db.query.profiles.findFirst({ where: { handle } });
  if (existing) throw new Error('taken');
  const [profile] = await db.insert(profiles).values({ handle, displayName: handle }).returning();
  return profile;
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 7,
          column: 27,
          data: {
            race: 'Two concurrent calls can both run `db.query.profiles.findFirst` (line 5) and find no profiles with this handle before either runs `db.insert(profiles)` (line 7)',
            constraint: 'The unique constraint .unique() on profiles.handle (src/drizzle/schema.ts)',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: '`.onConflictDoNothing()`' },
              output: header + `export async function claim(handle: string) {
  const existing = await db.query.profiles.findFirst({ where: { handle } });
  if (existing) throw new Error('taken');
  const [profile] = await db.insert(profiles).values({ handle, displayName: handle }).onConflictDoNothing().returning();
  return profile;
}`,
            },
          ],
        },
      ],
    },
    {
      // relational query with a callback filter
      code: header + `export async function grant(code: string, points: number) {
  const existing = await db.query.rewards.findFirst({ where: (r, { eq }) => eq(r.code, code) });
  if (!existing) await db.insert(rewards).values({ code, points });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 24,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + `export async function grant(code: string, points: number) {
  const existing = await db.query.rewards.findFirst({ where: (r, { eq }) => eq(r.code, code) });
  if (!existing) await db.insert(rewards).values({ code, points }).onConflictDoNothing();
}`,
            },
            {
              messageId: 'catchConflict',
              output: header + `export async function grant(code: string, points: number) {
  const existing = await db.query.rewards.findFirst({ where: (r, { eq }) => eq(r.code, code) });
  if (!existing) try {
    await db.insert(rewards).values({ code, points });
  } catch (error) {
    if (!(${uniqueViolation})) throw error;
    // Another request created it first.
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // $count with and(): both columns are keys
      code: header + `export async function grant(code: string, points: number) {
  if ((await db.$count(rewards, and(eq(rewards.code, code), eq(rewards.points, points)))) > 0) return;
  await db.insert(rewards).values({ code, points });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `db.$count(rewards)` (line 5) and find no rewards with this code and points before either runs `db.insert(rewards)` (line 6)',
            schema: 'No unique constraint on rewards (code, points) was found in src/drizzle/schema.ts.',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + `export async function grant(code: string, points: number) {
  if ((await db.$count(rewards, and(eq(rewards.code, code), eq(rewards.points, points)))) > 0) return;
  await db.insert(rewards).values({ code, points }).onConflictDoNothing();
}`,
            },
            {
              messageId: 'catchConflict',
              output: header + `export async function grant(code: string, points: number) {
  if ((await db.$count(rewards, and(eq(rewards.code, code), eq(rewards.points, points)))) > 0) return;
  try {
    await db.insert(rewards).values({ code, points });
  } catch (error) {
    if (!(${uniqueViolation})) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // REPEATABLE READ: both snapshots miss the other's insert
      code: header + `export async function grant(code: string) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(rewards).where(eq(rewards.code, code));
    if (existing) throw new Error('taken');
    return tx.insert(rewards).values({ code, points: 1 });
  }, { isolationLevel: 'repeatable read' });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 12,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + `export async function grant(code: string) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(rewards).where(eq(rewards.code, code));
    if (existing) throw new Error('taken');
    return tx.insert(rewards).values({ code, points: 1 }).onConflictDoNothing();
  }, { isolationLevel: 'repeatable read' });
}`,
            },
            {
              messageId: 'catchConflict',
              output: header + `export async function grant(code: string) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(rewards).where(eq(rewards.code, code));
    if (existing) throw new Error('taken');
    try {
      return await tx.insert(rewards).values({ code, points: 1 });
    } catch (error) {
      if (!(${uniqueViolation})) throw error;
      throw new Error('taken');
    }
  }, { isolationLevel: 'repeatable read' });
}`,
            },
          ],
        },
      ],
    },
    {
      // MySQL has no DO NOTHING: the key is "updated" to itself
      code: `import { eq, sql } from 'drizzle-orm';
import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { db } from './db.js';
const badges = mysqlTable('badges', { id: int('id').primaryKey(), slug: varchar('slug', { length: 64 }).unique() });
export async function award(id: number, slug: string) {
  const [existing] = await db.select().from(badges).where(eq(badges.slug, slug));
  if (existing) throw new Error('taken');
  await db.insert(badges).values({ id, slug });
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 8,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `db.select().from(badges)` (line 6) and find no badges with this slug before either runs `db.insert(badges)` (line 8)',
            constraint: 'The unique constraint .unique() on badges.slug (file.ts)',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: '`.onDuplicateKeyUpdate()` that keeps the row' },
              output: `import { eq, sql } from 'drizzle-orm';
import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { db } from './db.js';
const badges = mysqlTable('badges', { id: int('id').primaryKey(), slug: varchar('slug', { length: 64 }).unique() });
export async function award(id: number, slug: string) {
  const [existing] = await db.select().from(badges).where(eq(badges.slug, slug));
  if (existing) throw new Error('taken');
  await db.insert(badges).values({ id, slug }).onDuplicateKeyUpdate({ set: { slug: sql\`\${badges.slug}\` } });
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { eq, sql } from 'drizzle-orm';
import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { db } from './db.js';
const badges = mysqlTable('badges', { id: int('id').primaryKey(), slug: varchar('slug', { length: 64 }).unique() });
export async function award(id: number, slug: string) {
  const [existing] = await db.select().from(badges).where(eq(badges.slug, slug));
  if (existing) throw new Error('taken');
  try {
    await db.insert(badges).values({ id, slug });
  } catch (error) {
    if (!(${uniqueViolation})) throw error;
    throw new Error('taken');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // MySQL without \`sql\` in scope: no atomic rewrite, only the catch
      code: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import { rewards } from './src/drizzle/schema.js';
const db = drizzle(process.env.DATABASE_URL!);
export async function grant(code: string) {
  const [existing] = await db.select().from(rewards).where(eq(rewards.code, code));
  if (existing) throw new Error('taken');
  await db.insert(rewards).values({ code, points: 1 });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'catchConflict',
              output: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import { rewards } from './src/drizzle/schema.js';
const db = drizzle(process.env.DATABASE_URL!);
export async function grant(code: string) {
  const [existing] = await db.select().from(rewards).where(eq(rewards.code, code));
  if (existing) throw new Error('taken');
  try {
    await db.insert(rewards).values({ code, points: 1 });
  } catch (error) {
    if (!(${uniqueViolation})) throw error;
    throw new Error('taken');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // better-sqlite3 is synchronous, but an await between check and insert lets others in
      code: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { rewards } from './src/drizzle/schema.js';
const db = drizzle('local.db');
export async function grant(code: string, notify: () => Promise<void>) {
  const existing = db.select().from(rewards).where(eq(rewards.code, code)).get();
  await notify();
  if (!existing) db.insert(rewards).values({ code, points: 1 }).run();
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 18,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { rewards } from './src/drizzle/schema.js';
const db = drizzle('local.db');
export async function grant(code: string, notify: () => Promise<void>) {
  const existing = db.select().from(rewards).where(eq(rewards.code, code)).get();
  await notify();
  if (!existing) db.insert(rewards).values({ code, points: 1 }).onConflictDoNothing().run();
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { rewards } from './src/drizzle/schema.js';
const db = drizzle('local.db');
export async function grant(code: string, notify: () => Promise<void>) {
  const existing = db.select().from(rewards).where(eq(rewards.code, code)).get();
  await notify();
  if (!existing) try {
    db.insert(rewards).values({ code, points: 1 }).run();
  } catch (error) {
    if (!(${uniqueViolation})) throw error;
    // Another request created it first.
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // no drizzle import: the relational query and the table are known from the schema
      code: `import { db } from './db.js';
import { profiles } from './src/drizzle/schema.js';
export async function claim(handle: string) {
  const existing = await db.query.profiles.findFirst({ where: { handle: { eq: handle } } });
  if (existing) throw new Error('taken');
  await db.insert(profiles).values({ handle });
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { db } from './db.js';
import { profiles } from './src/drizzle/schema.js';
export async function claim(handle: string) {
  const existing = await db.query.profiles.findFirst({ where: { handle: { eq: handle } } });
  if (existing) throw new Error('taken');
  await db.insert(profiles).values({ handle }).onConflictDoNothing();
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { db } from './db.js';
import { profiles } from './src/drizzle/schema.js';
export async function claim(handle: string) {
  const existing = await db.query.profiles.findFirst({ where: { handle: { eq: handle } } });
  if (existing) throw new Error('taken');
  try {
    await db.insert(profiles).values({ handle });
  } catch (error) {
    if (!(${uniqueViolation})) throw error;
    throw new Error('taken');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // PostgreSQL (the table's builder, pgSchema().table): FOR UPDATE on a seat nobody holds locks nothing
      code: `import { eq } from 'drizzle-orm';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { db } from './db.js';
const app = pgSchema('app');
const seats = app.table('seats', { id: serial('id').primaryKey(), label: text('label').notNull() });
export async function book(label: string) {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select().from(seats).where(eq(seats.label, label)).for('update');
    if (taken) throw new Error('taken');
    return tx.insert(seats).values({ label });
  });
}`,
      filename: fixtureFile('bare'),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 10,
          column: 12,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: '`.onConflictDoNothing()`, after adding a unique constraint on seats (label)' },
              output: `import { eq } from 'drizzle-orm';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { db } from './db.js';
const app = pgSchema('app');
const seats = app.table('seats', { id: serial('id').primaryKey(), label: text('label').notNull() });
export async function book(label: string) {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select().from(seats).where(eq(seats.label, label)).for('update');
    if (taken) throw new Error('taken');
    return tx.insert(seats).values({ label }).onConflictDoNothing();
  });
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { eq } from 'drizzle-orm';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { db } from './db.js';
const app = pgSchema('app');
const seats = app.table('seats', { id: serial('id').primaryKey(), label: text('label').notNull() });
export async function book(label: string) {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select().from(seats).where(eq(seats.label, label)).for('update');
    if (taken) throw new Error('taken');
    try {
      return await tx.insert(seats).values({ label });
    } catch (error) {
      if (!(${uniqueViolation})) throw error;
      throw new Error('taken');
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // PostgreSQL (the client's driver): the check's own FOR UPDATE does not stop the race
      code: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { rewards } from './src/drizzle/schema.js';
const db = drizzle(process.env.DATABASE_URL!);
export async function grant(code: string) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(rewards).where(eq(rewards.code, code)).for('update');
    if (existing) throw new Error('taken');
    return tx.insert(rewards).values({ code, points: 1 });
  });
}`,
      filename: fixtureFile('bare'),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 9,
          column: 12,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: '`.onConflictDoNothing()`, after adding a unique constraint on rewards (code)' },
              output: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { rewards } from './src/drizzle/schema.js';
const db = drizzle(process.env.DATABASE_URL!);
export async function grant(code: string) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(rewards).where(eq(rewards.code, code)).for('update');
    if (existing) throw new Error('taken');
    return tx.insert(rewards).values({ code, points: 1 }).onConflictDoNothing();
  });
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { rewards } from './src/drizzle/schema.js';
const db = drizzle(process.env.DATABASE_URL!);
export async function grant(code: string) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(rewards).where(eq(rewards.code, code)).for('update');
    if (existing) throw new Error('taken');
    try {
      return await tx.insert(rewards).values({ code, points: 1 });
    } catch (error) {
      if (!(${uniqueViolation})) throw error;
      throw new Error('taken');
    }
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});
