import rule from '../../src/rules/no-read-modify-write.js';
import { ruleTester } from '../rule-tester.js';

// The fixture project's engine is PostgreSQL (its Prisma datasource and Drizzle pg-core schema).
const header = "import knex from 'knex';\nconst db = knex({ client: 'pg' });\n";

ruleTester.run('no-read-modify-write (knex)', rule, {
  valid: [
    // atomic: Knex increments the stored balance
    header + `export async function deposit(id: number, amount: number) {
  await db('wallets').where({ id }).increment('balance', amount);
}`,
    // a raw expression on the column itself
    header + `export async function deposit(id: number, amount: number) {
  const wallet = await db('wallets').where({ id }).first();
  await db('wallets').where({ id }).update({ balance: db.raw('balance + ?', [amount]) });
  return wallet;
}`,
    // existence: the written value comes from the input
    header + `export async function rename(id: number, title: string) {
  const post = await db('posts').where({ id }).first();
  if (!post) throw new Error('missing');
  await db('posts').where({ id }).update({ title });
}`,
    // permission: the read decides who may write, not what is written
    header + `export async function rename(id: number, userId: number, title: string) {
  const post = await db('posts').where('id', id).first();
  if (post.author_id !== userId) throw new Error('forbidden');
  await db('posts').where('id', id).update({ title, edited_by: userId });
}`,
    // conditional decrement with the row count checked
    header + `export async function buy(id: number, qty: number) {
  const product = await db('products').where({ id }).first();
  if (product.stock < qty) throw new Error('sold out');
  const changed = await db('products').where({ id }).where('stock', '>=', qty).decrement('stock', qty);
  if (changed === 0) throw new Error('sold out');
}`,
    // optimistic version check with the row count checked
    header + `export async function rename(id: number, title: string) {
  const post = await db('posts').where({ id }).first();
  const changed = await db('posts')
    .where({ id, version: post.version })
    .update({ title, views: post.views + 1, version: post.version + 1 });
  if (!changed) throw new Error('edited by someone else');
}`,
    // locked read inside a transaction
    header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (trx) => {
    const wallet = await trx('wallets').where({ id }).forUpdate().first();
    if (wallet.balance < amount) throw new Error('insufficient');
    await trx('wallets').where({ id }).update({ balance: wallet.balance - amount });
  });
}`,
    // serializable transaction
    header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (trx) => {
    const wallet = await trx('wallets').where({ id }).first();
    await trx('wallets').where({ id }).update({ balance: wallet.balance - amount });
  }, { isolationLevel: 'serializable' });
}`,
    // a transaction opened at SERIALIZABLE
    header + `export async function withdraw(id: number, amount: number) {
  const trx = await db.transaction({ isolationLevel: 'serializable' });
  const wallet = await trx('wallets').where({ id }).first();
  await trx('wallets').where({ id }).update({ balance: wallet.balance - amount });
  await trx.commit();
}`,
    // repeatable read on PostgreSQL aborts the second writer
    header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (trx) => {
    const wallet = await trx('wallets').where({ id }).first();
    await trx('wallets').where({ id }).update({ balance: wallet.balance - amount });
  }, { isolationLevel: 'repeatable read' });
}`,
    // another record is written
    header + `export async function transfer(fromId: number, toId: number, amount: number) {
  const from = await db('wallets').where({ id: fromId }).first();
  await db('wallets').where({ id: toId }).update({ balance: from.balance + amount });
}`,
    // another field is written
    header + `export async function reslug(id: number) {
  const post = await db('posts').where({ id }).first();
  await db('posts').where({ id }).update({ slug: post.title.toLowerCase() });
}`,
    // an atomic change no check on the read decides
    header + `export async function like(id: number) {
  const post = await db('posts').where({ id }).first();
  await db('posts').where({ id }).increment('likes', 1);
  return post;
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
  const wallet = await db('wallets').where({ id }).first();
  await db('wallets').where({ id }).update({ balance: wallet.balance + amount });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function deposit(id: number, amount: number) {
  const wallet = await db('wallets').where({ id }).first();
  await db('wallets').where({ id }).increment('balance', amount);
}`,
            },
          ],
        },
      ],
    },
    {
      // the other fields stay in update(), the change becomes a decrement
      code: header + `export async function withdraw(id: number, amount: number) {
  const wallet = await db('wallets').where('id', id).first();
  if (!wallet) throw new Error('no wallet');
  await db('wallets').where('id', wallet.id).update({ balance: wallet.balance - amount, updated_at: db.fn.now() });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  const wallet = await db('wallets').where('id', id).first();
  if (!wallet) throw new Error('no wallet');
  await db('wallets').where('id', wallet.id).update({ updated_at: db.fn.now() }).decrement('balance', amount);
}`,
            },
          ],
        },
      ],
    },
    {
      // update(column, value) through a local
      code: header + `export async function visit(id: number) {
  const page = await db('pages').where({ id }).first();
  const views = page.views + 1;
  await db('pages').where({ id }).update('views', views);
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
  const page = await db('pages').where({ id }).first();
  const views = page.views + 1;
  await db('pages').where({ id }).increment('views', 1);
}`,
            },
          ],
        },
      ],
    },
    {
      // a transaction at the default isolation level
      code: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (trx) => {
    const wallet = await trx('wallets').where({ id }).first();
    await trx('wallets').where({ id }).update({ balance: wallet.balance - amount });
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 11,
          data: {
            read: 'trx(\'wallets\').where().first()',
            readLine: '5',
            write: 'trx(\'wallets\').where().update()',
            writeLine: '6',
            fields: '`balance`',
            context:
              ' The transaction does not prevent it: at the default isolation level (READ COMMITTED on PostgreSQL) a plain read takes no lock, so both transactions read the same value.',
          },
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (trx) => {
    const wallet = await trx('wallets').where({ id }).first();
    await trx('wallets').where({ id }).decrement('balance', amount);
  });
}`,
            },
            {
              messageId: 'lockRead',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (trx) => {
    const wallet = await trx('wallets').where({ id }).forUpdate().first();
    await trx('wallets').where({ id }).update({ balance: wallet.balance - amount });
  });
}`,
            },
            {
              messageId: 'useSerializable',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (trx) => {
    const wallet = await trx('wallets').where({ id }).first();
    await trx('wallets').where({ id }).update({ balance: wallet.balance - amount });
  }, { isolationLevel: 'serializable' });
}`,
            },
          ],
        },
      ],
    },
    {
      // a transaction at READ COMMITTED, the chains on several lines
      code: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(
    async (trx) => {
      const wallet = await trx('wallets')
        .where({ id })
        .first();
      await trx('wallets')
        .where({ id })
        .update({ balance: wallet.balance - amount });
    },
    { isolationLevel: 'read committed' },
  );
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 9,
          column: 13,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(
    async (trx) => {
      const wallet = await trx('wallets')
        .where({ id })
        .first();
      await trx('wallets')
        .where({ id })
        .decrement('balance', amount);
    },
    { isolationLevel: 'read committed' },
  );
}`,
            },
            {
              messageId: 'lockRead',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(
    async (trx) => {
      const wallet = await trx('wallets')
        .where({ id })
        .forUpdate().first();
      await trx('wallets')
        .where({ id })
        .update({ balance: wallet.balance - amount });
    },
    { isolationLevel: 'read committed' },
  );
}`,
            },
            {
              messageId: 'useSerializable',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(
    async (trx) => {
      const wallet = await trx('wallets')
        .where({ id })
        .first();
      await trx('wallets')
        .where({ id })
        .update({ balance: wallet.balance - amount });
    },
    { isolationLevel: 'serializable' },
  );
}`,
            },
          ],
        },
      ],
    },
    {
      // oversell: an atomic decrement decided by a stale check
      code: header + `export async function buy(id: number, qty: number) {
  const product = await db('products').where({ id }).first();
  if (product.stock < qty) throw new Error('sold out');
  await db('products').where({ id }).decrement('stock', qty);
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useConditionalUpdate',
              output: header + `export async function buy(id: number, qty: number) {
  const product = await db('products').where({ id }).first();
  if (product.stock < qty) throw new Error('sold out');
  const count = await db('products').where({ id }).where('stock', '>=', qty).decrement('stock', qty);
  if (count === 0) throw new Error('sold out');
}`,
            },
          ],
        },
      ],
    },
    {
      // oversell written back from the read
      code: header + `export async function buy(id: number, qty: number) {
  const product = await db('products').where({ id }).first();
  if (qty > product.stock) {
    return false;
  }
  await db('products').where({ id }).update({ stock: product.stock - qty });
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
              output: header + `export async function buy(id: number, qty: number) {
  const product = await db('products').where({ id }).first();
  if (qty > product.stock) {
    return false;
  }
  const count = await db('products').where({ id }).where('stock', '>=', qty).decrement('stock', qty);
  if (count === 0) {
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
  const post = await db('posts').where({ id }).first();
  await db('posts').where({ id, version: post.version }).update({ title, version: post.version + 1 });
}`,
      errors: [
        {
          messageId: 'uncheckedConditional',
          line: 5,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // array append
      code: header + `export async function tag(id: number, label: string) {
  const post = await db('posts').where({ id }).first();
  await db('posts').where({ id }).update({ tags: [...post.tags, label] });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // document merge, read and written by the same filter
      code: header + `export async function setPreference(userId: number, key: string, value: string) {
  const prefs = await db('preferences').where({ user_id: userId }).first();
  await db('preferences').where({ user_id: userId }).update({ data: { ...prefs.data, [key]: value } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // MySQL's REPEATABLE READ reads a snapshot
      code: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (trx) => {
    const wallet = await trx('wallets').where({ id }).first();
    await trx('wallets').where({ id }).update({ balance: wallet.balance - amount });
  }, { isolationLevel: 'repeatable read' });
}`,
      settings: {"race":{"dialect":"mysql"}},
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (trx) => {
    const wallet = await trx('wallets').where({ id }).first();
    await trx('wallets').where({ id }).decrement('balance', amount);
  }, { isolationLevel: 'repeatable read' });
}`,
            },
            {
              messageId: 'lockRead',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (trx) => {
    const wallet = await trx('wallets').where({ id }).forUpdate().first();
    await trx('wallets').where({ id }).update({ balance: wallet.balance - amount });
  }, { isolationLevel: 'repeatable read' });
}`,
            },
            {
              messageId: 'useSerializable',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (trx) => {
    const wallet = await trx('wallets').where({ id }).first();
    await trx('wallets').where({ id }).update({ balance: wallet.balance - amount });
  }, { isolationLevel: 'serializable' });
}`,
            },
          ],
        },
      ],
    },
    {
      // two counters
      code: header + `export async function settle(id: number, amount: number) {
  const account = await db('accounts').where({ id }).first();
  await db('accounts').where({ id }).update({ balance: account.balance - amount, settled: account.settled + amount });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function settle(id: number, amount: number) {
  const account = await db('accounts').where({ id }).first();
  await db('accounts').where({ id }).decrement('balance', amount).increment('settled', amount);
}`,
            },
          ],
        },
      ],
    },
  ],
});
