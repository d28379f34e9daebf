import rule from '../../src/rules/no-read-modify-write.js';
import { ruleTester } from '../rule-tester.js';

// The fixture project's engine is PostgreSQL (its Prisma datasource and Drizzle pg-core schema).
const header = "import { Kysely, sql } from 'kysely';\nimport type { DB } from './types';\ndeclare const db: Kysely<DB>;\n";

ruleTester.run('no-read-modify-write (kysely)', rule, {
  valid: [
    // atomic: an expression on the stored balance
    header + `export async function deposit(id: number, amount: number) {
  await db.updateTable('wallets').set((eb) => ({ balance: eb('balance', '+', amount) })).where('id', '=', id).execute();
}`,
    // atomic: raw SQL on the column
    header + `export async function like(id: number) {
  const post = await db.selectFrom('posts').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  await db.updateTable('posts').set({ likes: sql\`likes + 1\` }).where('id', '=', id).execute();
  return post;
}`,
    // existence: the written value comes from the input
    header + `export async function rename(id: number, title: string) {
  const post = await db.selectFrom('posts').where('id', '=', id).select('id').executeTakeFirst();
  if (!post) throw new Error('missing');
  await db.updateTable('posts').set({ title }).where('id', '=', id).execute();
}`,
    // permission: the read decides who may write, not what is written
    header + `export async function rename(id: number, userId: number, title: string) {
  const post = await db.selectFrom('posts').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  if (post.author_id !== userId) throw new Error('forbidden');
  await db.updateTable('posts').set({ title, edited_by: userId }).where('id', '=', id).execute();
}`,
    // conditional decrement with the row count checked
    header + `export async function buy(id: number, qty: number) {
  const product = await db.selectFrom('products').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  if (product.stock < qty) throw new Error('sold out');
  const result = await db
    .updateTable('products')
    .set((eb) => ({ stock: eb('stock', '-', qty) }))
    .where('id', '=', id)
    .where('stock', '>=', qty)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new Error('sold out');
}`,
    // optimistic version check that throws when no row matches
    header + `export async function rename(id: number, title: string) {
  const post = await db.selectFrom('posts').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  await db
    .updateTable('posts')
    .set({ title, version: post.version + 1 })
    .where('id', '=', id)
    .where('version', '=', post.version)
    .returning('id')
    .executeTakeFirstOrThrow();
}`,
    // locked read inside a transaction
    header + `export async function withdraw(id: number, amount: number) {
  await db.transaction().execute(async (trx) => {
    const wallet = await trx.selectFrom('wallets').where('id', '=', id).selectAll().forUpdate().executeTakeFirstOrThrow();
    if (wallet.balance < amount) throw new Error('insufficient');
    await trx.updateTable('wallets').set({ balance: wallet.balance - amount }).where('id', '=', id).execute();
  });
}`,
    // serializable transaction
    header + `export async function withdraw(id: number, amount: number) {
  await db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
    const wallet = await trx.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
    await trx.updateTable('wallets').set({ balance: wallet.balance - amount }).where('id', '=', id).execute();
  });
}`,
    // repeatable read on PostgreSQL aborts the second writer
    header + `export async function withdraw(id: number, amount: number) {
  await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const wallet = await trx.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
    await trx.updateTable('wallets').set({ balance: wallet.balance - amount }).where('id', '=', id).execute();
  });
}`,
    // another record is written
    header + `export async function transfer(fromId: number, toId: number, amount: number) {
  const from = await db.selectFrom('wallets').where('id', '=', fromId).selectAll().executeTakeFirstOrThrow();
  await db.updateTable('wallets').set({ balance: from.balance + amount }).where('id', '=', toId).execute();
}`,
    // another field is written
    header + `export async function reslug(id: number) {
  const post = await db.selectFrom('posts').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  await db.updateTable('posts').set({ slug: post.title.toLowerCase() }).where('id', '=', id).execute();
}`,
    // the write comes before the read
    header + `export async function reset(id: number) {
  await db.updateTable('wallets').set({ balance: 0 }).where('id', '=', id).execute();
  const wallet = await db.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  return wallet.balance;
}`,
    // in-memory state
    header + `export function addToCart(carts: Map<string, { total: number }>, id: string, price: number) {
  const cart = carts.get(id);
  if (!cart) return;
  cart.total += price;
  carts.set(id, cart);
}`,
  ],
  invalid: [
    {
      // counter
      code: header + `export async function deposit(id: number, amount: number) {
  const wallet = await db.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirst();
  if (!wallet) throw new Error('no wallet');
  await db.updateTable('wallets').set({ balance: wallet.balance + amount }).where('id', '=', id).execute();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function deposit(id: number, amount: number) {
  const wallet = await db.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirst();
  if (!wallet) throw new Error('no wallet');
  await db.updateTable('wallets').set((eb) => ({ balance: eb('balance', '+', amount) })).where('id', '=', id).execute();
}`,
            },
          ],
        },
      ],
    },
    {
      // the other fields stay in the set, the new value held in a local
      code: header + `export async function withdraw(id: number, amount: number) {
  const wallet = await db.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  const balance = wallet.balance - amount;
  await db.updateTable('wallets').set({ balance, updated_at: new Date() }).where('id', '=', wallet.id).execute();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  const wallet = await db.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  const balance = wallet.balance - amount;
  await db.updateTable('wallets').set((eb) => ({ balance: eb('balance', '-', amount), updated_at: new Date() })).where('id', '=', wallet.id).execute();
}`,
            },
          ],
        },
      ],
    },
    {
      // set(column, value)
      code: header + `export async function visit(id: number) {
  const page = await db.selectFrom('pages').where('id', '=', id).select(['id', 'views']).executeTakeFirstOrThrow();
  await db.updateTable('pages').set('views', page.views + 1).where('id', '=', id).executeTakeFirst();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function visit(id: number) {
  const page = await db.selectFrom('pages').where('id', '=', id).select(['id', 'views']).executeTakeFirstOrThrow();
  await db.updateTable('pages').set('views', (eb) => eb('views', '+', 1)).where('id', '=', id).executeTakeFirst();
}`,
            },
          ],
        },
      ],
    },
    {
      // an expression builder that does not use the builder for the change
      code: header + `export async function visit(id: number) {
  const page = await db.selectFrom('pages').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  await db.updateTable('pages').set((b) => ({ views: page.views + 1, seen_at: b.fn('now', []) })).where('id', '=', id).execute();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function visit(id: number) {
  const page = await db.selectFrom('pages').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  await db.updateTable('pages').set((b) => ({ views: b('views', '+', 1), seen_at: b.fn('now', []) })).where('id', '=', id).execute();
}`,
            },
          ],
        },
      ],
    },
    {
      // a transaction at the default isolation level
      code: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction().execute(async (trx) => {
    const wallet = await trx.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
    await trx.updateTable('wallets').set({ balance: wallet.balance - amount }).where('id', '=', id).execute();
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 11,
          data: {
            read: 'trx.selectFrom(\'wallets\').where().selectAll().executeTakeFirstOrThrow()',
            readLine: '6',
            write: 'trx.updateTable(\'wallets\').set().where().execute()',
            writeLine: '7',
            fields: '`balance`',
            context:
              ' The transaction does not prevent it: at the default isolation level (READ COMMITTED on PostgreSQL) a plain read takes no lock, so both transactions read the same value.',
          },
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction().execute(async (trx) => {
    const wallet = await trx.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
    await trx.updateTable('wallets').set((eb) => ({ balance: eb('balance', '-', amount) })).where('id', '=', id).execute();
  });
}`,
            },
            {
              messageId: 'lockRead',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction().execute(async (trx) => {
    const wallet = await trx.selectFrom('wallets').where('id', '=', id).selectAll().forUpdate().executeTakeFirstOrThrow();
    await trx.updateTable('wallets').set({ balance: wallet.balance - amount }).where('id', '=', id).execute();
  });
}`,
            },
            {
              messageId: 'useSerializable',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
    const wallet = await trx.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
    await trx.updateTable('wallets').set({ balance: wallet.balance - amount }).where('id', '=', id).execute();
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // a transaction at READ COMMITTED, the chains on several lines
      code: header + `export async function withdraw(id: number, amount: number) {
  await db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (trx) => {
      const wallet = await trx
        .selectFrom('wallets')
        .where('id', '=', id)
        .selectAll()
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('wallets')
        .set({ balance: wallet.balance - amount })
        .where('id', '=', id)
        .execute();
    });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 14,
          column: 13,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (trx) => {
      const wallet = await trx
        .selectFrom('wallets')
        .where('id', '=', id)
        .selectAll()
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('wallets')
        .set((eb) => ({ balance: eb('balance', '-', amount) }))
        .where('id', '=', id)
        .execute();
    });
}`,
            },
            {
              messageId: 'lockRead',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (trx) => {
      const wallet = await trx
        .selectFrom('wallets')
        .where('id', '=', id)
        .selectAll()
        .forUpdate().executeTakeFirstOrThrow();
      await trx
        .updateTable('wallets')
        .set({ balance: wallet.balance - amount })
        .where('id', '=', id)
        .execute();
    });
}`,
            },
            {
              messageId: 'useSerializable',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db
    .transaction()
    .setIsolationLevel('serializable')
    .execute(async (trx) => {
      const wallet = await trx
        .selectFrom('wallets')
        .where('id', '=', id)
        .selectAll()
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('wallets')
        .set({ balance: wallet.balance - amount })
        .where('id', '=', id)
        .execute();
    });
}`,
            },
          ],
        },
      ],
    },
    {
      // oversell: an atomic decrement decided by a stale check
      code: header + `export async function buy(id: number, qty: number) {
  const product = await db.selectFrom('products').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  if (product.stock < qty) throw new Error('sold out');
  await db.updateTable('products').set((eb) => ({ stock: eb('stock', '-', qty) })).where('id', '=', id).execute();
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              output: header + `export async function buy(id: number, qty: number) {
  const product = await db.selectFrom('products').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  if (product.stock < qty) throw new Error('sold out');
  const { numUpdatedRows } = await db.updateTable('products').set((eb) => ({ stock: eb('stock', '-', qty) })).where('id', '=', id).where('stock', '>=', qty).executeTakeFirst();
  if (numUpdatedRows === 0n) throw new Error('sold out');
}`,
            },
          ],
        },
      ],
    },
    {
      // oversell written back from the read
      code: header + `export async function buy(id: number, qty: number) {
  const product = await db.selectFrom('products').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  if (qty > product.stock) {
    return false;
  }
  await db.updateTable('products').set({ stock: product.stock - qty }).where('id', '=', id).execute();
  return true;
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 9,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              output: header + `export async function buy(id: number, qty: number) {
  const product = await db.selectFrom('products').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  if (qty > product.stock) {
    return false;
  }
  const { numUpdatedRows } = await db.updateTable('products').set((eb) => ({ stock: eb('stock', '-', qty) })).where('id', '=', id).where('stock', '>=', qty).executeTakeFirst();
  if (numUpdatedRows === 0n) {
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
      // version checked in the filter, but nothing checks the row count
      code: header + `export async function rename(id: number, title: string) {
  const post = await db.selectFrom('posts').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  await db
    .updateTable('posts')
    .set({ title, version: post.version + 1 })
    .where('id', '=', id)
    .where('version', '=', post.version)
    .execute();
}`,
      errors: [
        {
          messageId: 'uncheckedConditional',
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // array append
      code: header + `export async function tag(id: number, label: string) {
  const post = await db.selectFrom('posts').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
  await db.updateTable('posts').set({ tags: [...post.tags, label] }).where('id', '=', id).execute();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // document merge
      code: header + `export async function setPreference(id: number, key: string, value: string) {
  const user = await db.selectFrom('users').where('id', '=', id).select(['id', 'settings']).executeTakeFirstOrThrow();
  await db.updateTable('users').set({ settings: JSON.stringify({ ...user.settings, [key]: value }) }).where('id', '=', id).execute();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // MySQL's REPEATABLE READ reads a snapshot
      code: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const wallet = await trx.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
    await trx.updateTable('wallets').set({ balance: wallet.balance - amount }).where('id', '=', id).execute();
  });
}`,
      settings: {"race":{"dialect":"mysql"}},
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const wallet = await trx.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
    await trx.updateTable('wallets').set((eb) => ({ balance: eb('balance', '-', amount) })).where('id', '=', id).execute();
  });
}`,
            },
            {
              messageId: 'lockRead',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const wallet = await trx.selectFrom('wallets').where('id', '=', id).selectAll().forUpdate().executeTakeFirstOrThrow();
    await trx.updateTable('wallets').set({ balance: wallet.balance - amount }).where('id', '=', id).execute();
  });
}`,
            },
            {
              messageId: 'useSerializable',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
    const wallet = await trx.selectFrom('wallets').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
    await trx.updateTable('wallets').set({ balance: wallet.balance - amount }).where('id', '=', id).execute();
  });
}`,
            },
          ],
        },
      ],
    },
  ],
});
