import rule from '../../src/rules/no-check-then-create.js';
import { fixtureFile, ruleTester } from '../rule-tester.js';

const header = "import { Kysely } from 'kysely';\nimport type { DB } from './types';\ndeclare const db: Kysely<DB>;\n";
const conflictTest =
  "error instanceof Object && 'code' in error && (error.code === '23505' || error.code === 'ER_DUP_ENTRY' || error.code === 'SQLITE_CONSTRAINT')";
const onConflict = ".onConflict((oc) => oc.columns(['code']).doNothing())";

/** A check on `referrals.code` (no unique constraint) deciding an insert, in function `refer`. */
const refer = (create: string): string => `export async function refer(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().executeTakeFirst();
  if (found) throw new Error('taken');
  ${create}
}`;

ruleTester.run('no-check-then-create (kysely)', rule, {
  valid: [
    // INSERT … ON CONFLICT DO NOTHING, MySQL's INSERT IGNORE and ON DUPLICATE KEY UPDATE are atomic
    header + refer(`await db.insertInto('referrals').values({ code, referrer_id: 1 })${onConflict}.execute();`),
    header + refer("await db.insertInto('referrals').ignore().values({ code, referrer_id: 1 }).execute();"),
    header + refer("await db.insertInto('referrals').values({ code, referrer_id: 1 }).onDuplicateKeyUpdate({ referrer_id: 1 }).execute();"),
    // unique constraint on invitations.email, and the violation is handled
    header +
      `export async function invite(email: string) {
  const existing = await db.selectFrom('invitations').where('email', '=', email).select('id').executeTakeFirst();
  if (existing) return existing;
  try {
    await db.insertInto('invitations').values({ email, team_id: 1 }).execute();
  } catch (error) {
    if (error instanceof Object && 'code' in error && error.code === '23505') return null;
    throw error;
  }
  return null;
}`,
    // serializable transaction
    header +
      `export async function refer(code: string) {
  return db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
    const found = await trx.selectFrom('referrals').where('code', '=', code).selectAll().executeTakeFirst();
    if (found) throw new Error('taken');
    await trx.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
  });
}`,
    {
      // the check takes a row lock; the engine is unknown (no schema), so the lock gets the benefit of the doubt
      code:
        header +
      `export async function refer(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().forUpdate().executeTakeFirst();
  if (found) throw new Error('taken');
  await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
}`,
      filename: fixtureFile('bare'),
    },
    {
      // MySQL (the dialect class): FOR UPDATE on an absent row locks the gap, even though the project schema says PostgreSQL
      code: `import { Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import type { DB } from './types';
const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool: createPool(process.env.DATABASE_URL!) }) });
export async function refer(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().forUpdate().executeTakeFirst();
  if (found) throw new Error('taken');
  await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
}`,
    },
    {
      // MySQL (the driver imported beside kysely)
      code: `import type { Kysely } from 'kysely';
import type { Pool } from 'mysql2';
import type { DB } from './types';
declare const db: Kysely<DB>;
declare const pool: Pool;
export async function refer(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().forUpdate().executeTakeFirst();
  if (found) throw new Error('taken');
  await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
}`,
      filename: fixtureFile('bare'),
    },
    // the check reads another table
    header +
      `export async function refer(email: string, code: string) {
  const invited = await db.selectFrom('invitations').where('email', '=', email).selectAll().executeTakeFirst();
  if (!invited) throw new Error('not invited');
  await db.insertInto('referrals').values({ code, referrer_id: invited.id }).execute();
}`,
    // the create does not depend on the check
    header +
      `export async function log(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().executeTakeFirst();
  await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
  return found;
}`,
    // counting uses in the database is not a create
    header +
      `export async function use(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().executeTakeFirst();
  if (!found) throw new Error('unknown code');
  await db.updateTable('referrals').set({ uses: (eb) => eb('uses', '+', 1) }).where('code', '=', code).execute();
}`,
    // a query built but never executed reads nothing
    header +
      `export async function refer(code: string) {
  const query = db.selectFrom('referrals').where('code', '=', code).selectAll();
  if (!query) await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
}`,
    // in-memory collections and synchronous code
    `export function remember(seen: Set<string>, code: string) {
  if (!seen.has(code)) seen.add(code);
}`,
  ],
  invalid: [
    {
      code: header + refer("await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();"),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + refer(`await db.insertInto('referrals').values({ code, referrer_id: 1 })${onConflict}.execute();`),
            },
            {
              messageId: 'catchConflict',
              output:
                header +
                refer(`try {
    await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
  } catch (error) {
    if (!(${conflictTest})) throw error;
    throw new Error('taken');
  }`),
            },
          ],
        },
      ],
    },
    // a chain over several lines: ON CONFLICT gets a line of its own before execute()
    {
      code:
        header +
        refer(`await db
    .insertInto('referrals')
    .values({ code, referrer_id: 1 })
    .execute();`),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output:
                header +
                refer(`await db
    .insertInto('referrals')
    .values({ code, referrer_id: 1 })
    ${onConflict}
    .execute();`),
            },
            {
              messageId: 'catchConflict',
              output:
                header +
                refer(`try {
    await db
    .insertInto('referrals')
    .values({ code, referrer_id: 1 })
    .execute();
  } catch (error) {
    if (!(${conflictTest})) throw error;
    throw new Error('taken');
  }`),
            },
          ],
        },
      ],
    },
    // invitations.email is unique but the violation is not handled; ON CONFLICT names the unique column
    {
      code: `import { db } from './db';
export async function invite(email: string, teamId: number) {
  const existing = await db
    .selectFrom('invitations')
    .select('id')
    .where((eb) => eb.and([eb('email', '=', email), eb('team_id', '=', teamId)]))
    .executeTakeFirst();
  if (existing) return existing;
  await db.insertInto('invitations').values({ email, team_id: teamId }).execute();
  return null;
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 9,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { db } from './db';
export async function invite(email: string, teamId: number) {
  const existing = await db
    .selectFrom('invitations')
    .select('id')
    .where((eb) => eb.and([eb('email', '=', email), eb('team_id', '=', teamId)]))
    .executeTakeFirst();
  if (existing) return existing;
  await db.insertInto('invitations').values({ email, team_id: teamId }).onConflict((oc) => oc.columns(['email']).doNothing()).execute();
  return null;
}`,
            },
          ],
        },
      ],
    },
    // a transaction at the default isolation does not help; a count decides the insert
    {
      code: `import { db } from './db';
export async function refer(code: string) {
  await db.transaction().execute(async (trx) => {
    const { n } = await trx.selectFrom('referrals').select((eb) => eb.fn.countAll().as('n')).where('code', '=', code).executeTakeFirstOrThrow();
    if (Number(n) > 0) return;
    await trx.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
  });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { db } from './db';
export async function refer(code: string) {
  await db.transaction().execute(async (trx) => {
    const { n } = await trx.selectFrom('referrals').select((eb) => eb.fn.countAll().as('n')).where('code', '=', code).executeTakeFirstOrThrow();
    if (Number(n) > 0) return;
    await trx.insertInto('referrals').values({ code, referrer_id: 1 })${onConflict}.execute();
  });
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { db } from './db';
export async function refer(code: string) {
  await db.transaction().execute(async (trx) => {
    const { n } = await trx.selectFrom('referrals').select((eb) => eb.fn.countAll().as('n')).where('code', '=', code).executeTakeFirstOrThrow();
    if (Number(n) > 0) return;
    try {
      await trx.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
    } catch (error) {
      if (!(${conflictTest})) throw error;
      return;
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // PostgreSQL (new PostgresDialect): FOR UPDATE on a code nobody holds locks nothing
      code: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { DB } from './types';
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function refer(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().forUpdate().executeTakeFirst();
  if (found) throw new Error('taken');
  await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
}`,
      filename: fixtureFile('bare'),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { DB } from './types';
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function refer(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().forUpdate().executeTakeFirst();
  if (found) throw new Error('taken');
  await db.insertInto('referrals').values({ code, referrer_id: 1 })${onConflict}.execute();
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { DB } from './types';
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function refer(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().forUpdate().executeTakeFirst();
  if (found) throw new Error('taken');
  try {
    await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
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
      // PostgreSQL (pg imported beside kysely): the check's own FOR UPDATE does not stop the race
      code: `import type { Kysely } from 'kysely';
import type { Pool } from 'pg';
import type { DB } from './types';
declare const db: Kysely<DB>;
declare const pool: Pool;
export async function refer(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().forUpdate().executeTakeFirst();
  if (found) throw new Error('taken');
  await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
}`,
      filename: fixtureFile('bare'),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 9,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import type { Kysely } from 'kysely';
import type { Pool } from 'pg';
import type { DB } from './types';
declare const db: Kysely<DB>;
declare const pool: Pool;
export async function refer(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().forUpdate().executeTakeFirst();
  if (found) throw new Error('taken');
  await db.insertInto('referrals').values({ code, referrer_id: 1 })${onConflict}.execute();
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import type { Kysely } from 'kysely';
import type { Pool } from 'pg';
import type { DB } from './types';
declare const db: Kysely<DB>;
declare const pool: Pool;
export async function refer(code: string) {
  const found = await db.selectFrom('referrals').where('code', '=', code).selectAll().forUpdate().executeTakeFirst();
  if (found) throw new Error('taken');
  try {
    await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
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
      // MySQL (the dialect class) has no ON CONFLICT: INSERT IGNORE with \`.ignore()\` before execute()
      code: `import { Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import type { DB } from './types';
const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool: createPool(process.env.DATABASE_URL!) }) });
${refer("await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();")}`,
      filename: fixtureFile('bare'),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import type { DB } from './types';
const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool: createPool(process.env.DATABASE_URL!) }) });
${refer("await db.insertInto('referrals').values({ code, referrer_id: 1 }).ignore().execute();")}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import type { DB } from './types';
const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool: createPool(process.env.DATABASE_URL!) }) });
${refer(`try {
    await db.insertInto('referrals').values({ code, referrer_id: 1 }).execute();
  } catch (error) {
    if (!(${conflictTest})) throw error;
    throw new Error('taken');
  }`)}`,
            },
          ],
        },
      ],
    },
  ],
});
