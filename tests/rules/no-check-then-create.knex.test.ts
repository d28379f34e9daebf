import rule from '../../src/rules/no-check-then-create.js';
import { fixtureFile, ruleTester, typedRuleTester } from '../rule-tester.js';

const header = "import knex from 'knex';\nconst db = knex({ client: 'pg' });\n";
const conflictTest =
  "error instanceof Object && 'code' in error && (error.code === '23505' || error.code === 'ER_DUP_ENTRY' || error.code === 'SQLITE_CONSTRAINT')";

/** A check on `referrals.code` (no unique constraint) deciding an insert, in function `refer`. */
const refer = (create: string): string => `export async function refer(code: string) {
  const found = await db('referrals').where({ code }).first();
  if (found) throw new Error('taken');
  ${create}
}`;

ruleTester.run('no-check-then-create (knex)', rule, {
  valid: [
    // INSERT … ON CONFLICT DO NOTHING / DO UPDATE are atomic
    header + refer("await db('referrals').insert({ code, referrer_id: 1 }).onConflict('code').ignore();"),
    header + refer("await db('referrals').insert({ code, referrer_id: 1 }).onConflict(['code']).merge();"),
    // unique constraint on invitations.email, and the violation is handled
    header +
      `export async function invite(email: string) {
  const existing = await db('invitations').where('email', email).first();
  if (existing) return existing;
  try {
    return await db('invitations').insert({ email, team_id: 1 });
  } catch (error) {
    if (error instanceof Object && 'code' in error && error.code === '23505') return null;
    throw error;
  }
}`,
    // serializable transaction, callback form
    header +
      `export async function refer(code: string) {
  return db.transaction(async (trx) => {
    const found = await trx('referrals').where({ code }).first();
    if (found) throw new Error('taken');
    await trx('referrals').insert({ code, referrer_id: 1 });
  }, { isolationLevel: 'serializable' });
}`,
    // serializable transaction opened with await, used for the rest of the block
    `import { db } from './db';
export async function refer(code: string) {
  const trx = await db.transaction({ isolationLevel: 'serializable' });
  try {
    const found = await trx('referrals').where({ code }).first();
    if (found) throw new Error('taken');
    await trx('referrals').insert({ code, referrer_id: 1 });
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}`,
    {
      // the check takes a row lock; the engine is unknown (no schema), so the lock gets the benefit of the doubt
      code: `import knex from 'knex';
import { config } from './config';
const db = knex(config);
export async function refer(code: string) {
  const found = await db('referrals').where({ code }).forUpdate().first();
  if (found) throw new Error('taken');
  await db('referrals').insert({ code, referrer_id: 1 });
}`,
      filename: fixtureFile('bare'),
    },
    // the check reads another table
    header +
      `export async function refer(email: string, code: string) {
  const invited = await db('invitations').where({ email }).first();
  if (!invited) throw new Error('not invited');
  await db('referrals').insert({ code, referrer_id: invited.id });
}`,
    // the create does not depend on the check
    header +
      `export async function log(code: string) {
  const found = await db('referrals').where({ code }).first();
  await db('referrals').insert({ code, referrer_id: 1 });
  return found;
}`,
    // a counter bumped in the database is not a create
    header +
      `export async function use(code: string) {
  const found = await db('referrals').where({ code }).first();
  if (!found) throw new Error('unknown code');
  await db('referrals').where({ code }).increment('uses', 1);
  await db('referrals').where({ code }).update({ uses: db.raw('uses + ?', [1]) });
}`,
    // in-memory collections and synchronous code
    `export function remember(seen: Map<string, number>, rows: { code: string }[], code: string) {
  if (!seen.get(code)) seen.set(code, 1);
  if (!rows.find((row) => row.code === code)) rows.push({ code });
}`,
    // a function called with a table-like string, but nothing shows it is Knex
    `import { api } from './http';
export async function refer(code: string) {
  const found = await api('referrals').where({ code }).first();
  if (found) throw new Error('taken');
  await api('referrals').insert({ code, referrer_id: 1 });
}`,
    // without type information, a client from an unknown factory is not Knex (see the typed run)
    `interface Knex { (table: string): any }
declare function connect(): Knex;
const db = connect();
${refer("await db('referrals').insert({ code, referrer_id: 1 });")}`,
  ],
  invalid: [
    {
      code: header + refer("await db('referrals').insert({ code, referrer_id: 1 });"),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + refer("await db('referrals').insert({ code, referrer_id: 1 }).onConflict(['code']).ignore();"),
            },
            {
              messageId: 'catchConflict',
              output:
                header +
                refer(`try {
    await db('referrals').insert({ code, referrer_id: 1 });
  } catch (error) {
    if (!(${conflictTest})) throw error;
    throw new Error('taken');
  }`),
            },
          ],
        },
      ],
    },
    // invitations.email is unique, but the unique violation is not handled
    {
      code:
        header +
        `export async function invite(email: string, teamId: number) {
  const existing = await db('invitations').where('invitations.email', '=', email).first();
  if (existing) return existing;
  await db('invitations').insert({ email, team_id: teamId });
  return null;
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output:
                header +
                `export async function invite(email: string, teamId: number) {
  const existing = await db('invitations').where('invitations.email', '=', email).first();
  if (existing) return existing;
  await db('invitations').insert({ email, team_id: teamId }).onConflict(['email']).ignore();
  return null;
}`,
            },
          ],
        },
      ],
    },
    // a chain over several lines: the new link gets a line of its own
    {
      code:
        header +
        `export async function refer(code: string) {
  const found = await db('referrals').where('code', code).first();
  if (found) return found;
  const [row] = await db('referrals')
    .insert({ code, referrer_id: 1 })
    .returning('*');
  return row;
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 23,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output:
                header +
                `export async function refer(code: string) {
  const found = await db('referrals').where('code', code).first();
  if (found) return found;
  const [row] = await db('referrals')
    .insert({ code, referrer_id: 1 })
    .onConflict(['code']).ignore()
    .returning('*');
  return row;
}`,
            },
          ],
        },
      ],
    },
    // a transaction at the default isolation does not help; `db` from the app's `db` module
    {
      code: `import { db } from '../db';
export async function refer(code: string) {
  return db.transaction(async (trx) => {
    const [{ count }] = await trx('referrals').where({ code }).count('id as count');
    if (Number(count) === 0) {
      await trx('referrals').insert({ code, referrer_id: 1 });
    }
  });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 13,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { db } from '../db';
export async function refer(code: string) {
  return db.transaction(async (trx) => {
    const [{ count }] = await trx('referrals').where({ code }).count('id as count');
    if (Number(count) === 0) {
      await trx('referrals').insert({ code, referrer_id: 1 }).onConflict(['code']).ignore();
    }
  });
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { db } from '../db';
export async function refer(code: string) {
  return db.transaction(async (trx) => {
    const [{ count }] = await trx('referrals').where({ code }).count('id as count');
    if (Number(count) === 0) {
      try {
        await trx('referrals').insert({ code, referrer_id: 1 });
      } catch (error) {
        if (!(${conflictTest})) throw error;
        // Another request created it first.
      }
    }
  });
}`,
            },
          ],
        },
      ],
    },
    // an injected `Knex` instance, queries starting with select()/insert()
    {
      code: `import type { Knex } from 'knex';
export class Referrals {
  constructor(private readonly knex: Knex) {}
  async add(code: string) {
    const found = await this.knex.select('id').from('referrals').where({ code }).first();
    if (!found) {
      await this.knex.insert({ code, referrer_id: 1 }).into('referrals');
    }
  }
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 13,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import type { Knex } from 'knex';
export class Referrals {
  constructor(private readonly knex: Knex) {}
  async add(code: string) {
    const found = await this.knex.select('id').from('referrals').where({ code }).first();
    if (!found) {
      await this.knex.insert({ code, referrer_id: 1 }).onConflict(['code']).ignore().into('referrals');
    }
  }
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import type { Knex } from 'knex';
export class Referrals {
  constructor(private readonly knex: Knex) {}
  async add(code: string) {
    const found = await this.knex.select('id').from('referrals').where({ code }).first();
    if (!found) {
      try {
        await this.knex.insert({ code, referrer_id: 1 }).into('referrals');
      } catch (error) {
        if (!(${conflictTest})) throw error;
        // Another request created it first.
      }
    }
  }
}`,
            },
          ],
        },
      ],
    },
    // CommonJS: `require('knex')(config)`
    {
      code: `const db = require('knex')({ client: 'sqlite3' });
async function refer(code) {
  const found = await db('referrals').where({ code }).first();
  if (found) return found;
  return await db('referrals').insert({ code, referrer_id: 1 });
}
module.exports = { refer };`,
      filename: 'tests/fixtures/project/file.js',
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 16,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `const db = require('knex')({ client: 'sqlite3' });
async function refer(code) {
  const found = await db('referrals').where({ code }).first();
  if (found) return found;
  return await db('referrals').insert({ code, referrer_id: 1 }).onConflict(['code']).ignore();
}
module.exports = { refer };`,
            },
          ],
        },
      ],
    },
  ],
});

typedRuleTester.run('no-check-then-create (knex, typed)', rule, {
  valid: [],
  invalid: [
    // the declared type names Knex: evidence without an import
    {
      code: `interface Knex { (table: string): any }
declare function connect(): Knex;
const db = connect();
${refer("await db('referrals').insert({ code, referrer_id: 1 });")}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `interface Knex { (table: string): any }
declare function connect(): Knex;
const db = connect();
${refer("await db('referrals').insert({ code, referrer_id: 1 }).onConflict(['code']).ignore();")}`,
            },
            {
              messageId: 'catchConflict',
              output: `interface Knex { (table: string): any }
declare function connect(): Knex;
const db = connect();
${refer(`try {
    await db('referrals').insert({ code, referrer_id: 1 });
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
