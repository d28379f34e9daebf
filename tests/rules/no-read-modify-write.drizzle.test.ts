import rule from '../../src/rules/no-read-modify-write.js';
import { ruleTester } from '../rule-tester.js';

// The fixture project's engine is PostgreSQL (its Prisma datasource and Drizzle pg-core schema).
const header = `import { and, eq, gte, sql } from 'drizzle-orm';
import { db } from './db.js';
import { posts, products, users, wallets } from './src/drizzle/schema.js';
`;
/** Without `sql`: the atomic form adds it to the import. */
const eqOnly = `import { eq } from 'drizzle-orm';
import { db } from './db.js';
import { posts, products, wallets } from './src/drizzle/schema.js';
`;
const andEq = `import { and, eq } from 'drizzle-orm';
import { db } from './db.js';
import { products } from './src/drizzle/schema.js';
`;

ruleTester.run('no-read-modify-write (drizzle)', rule, {
  valid: [
    // atomic: the database adds to the stored balance
    header + `export async function deposit(id: number, amount: number) {
  await db.update(wallets).set({ balance: sql\`\${wallets.balance} + \${amount}\` }).where(eq(wallets.id, id));
}`,
    // existence: the written value comes from the input
    header + `export async function rename(id: number, title: string) {
  const post = await db.query.posts.findFirst({ where: eq(posts.id, id) });
  if (!post) throw new Error('missing');
  await db.update(posts).set({ title }).where(eq(posts.id, id));
}`,
    // permission: the read decides who may write, not what is written
    header + `export async function rename(id: number, userId: number, title: string) {
  const [post] = await db.select().from(posts).where(eq(posts.id, id));
  if (post.authorId !== userId) throw new Error('forbidden');
  await db.update(posts).set({ title, editedBy: userId }).where(eq(posts.id, id));
}`,
    // conditional update with the changed rows checked
    header + `export async function buy(id: number, qty: number) {
  const [product] = await db.select().from(products).where(eq(products.id, id));
  if (product.stock < qty) throw new Error('sold out');
  const updated = await db
    .update(products)
    .set({ stock: sql\`\${products.stock} - \${qty}\` })
    .where(and(eq(products.id, id), gte(products.stock, qty)))
    .returning({ id: products.id });
  if (updated.length === 0) throw new Error('sold out');
}`,
    // optimistic version check with the row count checked
    header + `export async function rename(id: number, title: string) {
  const [post] = await db.select().from(posts).where(eq(posts.id, id));
  const result = await db
    .update(posts)
    .set({ title, views: post.views + 1, version: post.version + 1 })
    .where(and(eq(posts.id, id), eq(posts.version, post.version)));
  if (result.rowCount === 0) throw new Error('edited by someone else');
}`,
    // locked read inside a transaction
    header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (tx) => {
    const [wallet] = await tx.select().from(wallets).where(eq(wallets.id, id)).for('update');
    if (wallet.balance < amount) throw new Error('insufficient');
    await tx.update(wallets).set({ balance: wallet.balance - amount }).where(eq(wallets.id, id));
  });
}`,
    // serializable transaction
    header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (tx) => {
    const [wallet] = await tx.select().from(wallets).where(eq(wallets.id, id));
    await tx.update(wallets).set({ balance: wallet.balance - amount }).where(eq(wallets.id, id));
  }, { isolationLevel: 'serializable' });
}`,
    // repeatable read on PostgreSQL aborts the second writer
    header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (tx) => {
    const wallet = await tx.query.wallets.findFirst({ where: eq(wallets.id, id) });
    if (!wallet) return;
    await tx.update(wallets).set({ balance: wallet.balance - amount }).where(eq(wallets.id, wallet.id));
  }, { isolationLevel: 'repeatable read', accessMode: 'read write' });
}`,
    // SQLite runs every transaction serializably
    header + `import { drizzle } from 'drizzle-orm/better-sqlite3';
const local = drizzle('app.db');
export async function withdraw(id: number, amount: number) {
  await local.transaction(async (tx) => {
    const [wallet] = await tx.select().from(wallets).where(eq(wallets.id, id));
    await tx.update(wallets).set({ balance: wallet.balance - amount }).where(eq(wallets.id, id));
  });
}`,
    // another record is written
    header + `export async function transfer(fromId: number, toId: number, amount: number) {
  const [from] = await db.select().from(wallets).where(eq(wallets.id, fromId));
  await db.update(wallets).set({ balance: sql\`\${wallets.balance} + \${amount}\` }).where(eq(wallets.id, toId));
  return from;
}`,
    // another field is written
    header + `export async function reslug(id: number) {
  const [post] = await db.select().from(posts).where(eq(posts.id, id));
  await db.update(posts).set({ slug: post.title.toLowerCase() }).where(eq(posts.id, id));
}`,
    // the write comes before the read
    header + `export async function reset(id: number) {
  await db.update(wallets).set({ balance: 0 }).where(eq(wallets.id, id));
  const [wallet] = await db.select().from(wallets).where(eq(wallets.id, id));
  return wallet.balance;
}`,
    // in-memory state
    header + `export function addToCart(carts: Map<string, { total: number }>, id: string, price: number) {
  const cart = carts.get(id);
  if (!cart) return;
  cart.total += price;
  carts.set(id, cart);
}`,
    // an atomic change no check on the read decides
    header + `export async function like(id: number) {
  const [post] = await db.select().from(posts).where(eq(posts.id, id));
  await db.update(posts).set({ likes: sql\`\${posts.likes} + 1\` }).where(eq(posts.id, id));
  return post;
}`,
  ],
  invalid: [
    {
      // counter
      code: header + `export async function deposit(id: number, amount: number) {
  const [wallet] = await db.select().from(wallets).where(eq(wallets.id, id));
  await db.update(wallets).set({ balance: wallet.balance + amount }).where(eq(wallets.id, id));
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function deposit(id: number, amount: number) {
  const [wallet] = await db.select().from(wallets).where(eq(wallets.id, id));
  await db.update(wallets).set({ balance: sql\`\${wallets.balance} + \${amount}\` }).where(eq(wallets.id, id));
}`,
            },
          ],
        },
      ],
    },
    {
      // relational read, the new value held in a local
      code: header + `export async function withdraw(id: number, amount: number) {
  const wallet = await db.query.wallets.findFirst({ where: eq(wallets.id, id) });
  if (!wallet) throw new Error('no wallet');
  const balance = wallet.balance - amount;
  await db.update(wallets).set({ balance, updatedAt: new Date() }).where(eq(wallets.id, wallet.id));
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  const wallet = await db.query.wallets.findFirst({ where: eq(wallets.id, id) });
  if (!wallet) throw new Error('no wallet');
  const balance = wallet.balance - amount;
  await db.update(wallets).set({ balance: sql\`\${wallets.balance} - \${amount}\`, updatedAt: new Date() }).where(eq(wallets.id, wallet.id));
}`,
            },
          ],
        },
      ],
    },
    {
      // the sql tag is added to the drizzle-orm import
      code: eqOnly + `export async function deposit(id: number, amount: number) {
  const [wallet] = await db.select().from(wallets).where(eq(wallets.id, id));
  await db.update(wallets).set({ balance: wallet.balance + amount }).where(eq(wallets.id, id));
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: `import { eq, sql } from 'drizzle-orm';
import { db } from './db.js';
import { posts, products, wallets } from './src/drizzle/schema.js';
export async function deposit(id: number, amount: number) {
  const [wallet] = await db.select().from(wallets).where(eq(wallets.id, id));
  await db.update(wallets).set({ balance: sql\`\${wallets.balance} + \${amount}\` }).where(eq(wallets.id, id));
}`,
            },
          ],
        },
      ],
    },
    {
      // a transaction at the default isolation level
      code: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (tx) => {
    const [wallet] = await tx.select().from(wallets).where(eq(wallets.id, id)).limit(1);
    await tx.update(wallets).set({ balance: wallet.balance - amount }).where(eq(wallets.id, id));
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 11,
          data: {
            read: 'tx.select().from(wallets)',
            readLine: '6',
            write: 'tx.update(wallets)',
            writeLine: '7',
            fields: '`balance`',
            context:
              ' The transaction does not prevent it: at the default isolation level (READ COMMITTED on PostgreSQL) a plain read takes no lock, so both transactions read the same value.',
          },
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (tx) => {
    const [wallet] = await tx.select().from(wallets).where(eq(wallets.id, id)).limit(1);
    await tx.update(wallets).set({ balance: sql\`\${wallets.balance} - \${amount}\` }).where(eq(wallets.id, id));
  });
}`,
            },
            {
              messageId: 'lockRead',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (tx) => {
    const [wallet] = await tx.select().from(wallets).where(eq(wallets.id, id)).limit(1).for('update');
    await tx.update(wallets).set({ balance: wallet.balance - amount }).where(eq(wallets.id, id));
  });
}`,
            },
            {
              messageId: 'useSerializable',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(async (tx) => {
    const [wallet] = await tx.select().from(wallets).where(eq(wallets.id, id)).limit(1);
    await tx.update(wallets).set({ balance: wallet.balance - amount }).where(eq(wallets.id, id));
  }, { isolationLevel: 'serializable' });
}`,
            },
          ],
        },
      ],
    },
    {
      // a transaction at READ COMMITTED
      code: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(
    async (tx) => {
      const [wallet] = await tx
        .select()
        .from(wallets)
        .where(eq(wallets.id, id));
      await tx
        .update(wallets)
        .set({ balance: wallet.balance - amount })
        .where(eq(wallets.id, id));
    },
    { isolationLevel: 'read committed' },
  );
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 11,
          column: 13,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(
    async (tx) => {
      const [wallet] = await tx
        .select()
        .from(wallets)
        .where(eq(wallets.id, id));
      await tx
        .update(wallets)
        .set({ balance: sql\`\${wallets.balance} - \${amount}\` })
        .where(eq(wallets.id, id));
    },
    { isolationLevel: 'read committed' },
  );
}`,
            },
            {
              messageId: 'lockRead',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(
    async (tx) => {
      const [wallet] = await tx
        .select()
        .from(wallets)
        .where(eq(wallets.id, id))
        .for('update');
      await tx
        .update(wallets)
        .set({ balance: wallet.balance - amount })
        .where(eq(wallets.id, id));
    },
    { isolationLevel: 'read committed' },
  );
}`,
            },
            {
              messageId: 'useSerializable',
              output: header + `export async function withdraw(id: number, amount: number) {
  await db.transaction(
    async (tx) => {
      const [wallet] = await tx
        .select()
        .from(wallets)
        .where(eq(wallets.id, id));
      await tx
        .update(wallets)
        .set({ balance: wallet.balance - amount })
        .where(eq(wallets.id, id));
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
  const [product] = await db.select().from(products).where(eq(products.id, id));
  if (product.stock < qty) throw new Error('sold out');
  await db.update(products).set({ stock: sql\`\${products.stock} - \${qty}\` }).where(eq(products.id, id));
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
  const [product] = await db.select().from(products).where(eq(products.id, id));
  if (product.stock < qty) throw new Error('sold out');
  const updated = await db.update(products).set({ stock: sql\`\${products.stock} - \${qty}\` }).where(and(eq(products.id, id), gte(products.stock, qty))).returning();
  if (updated.length === 0) throw new Error('sold out');
}`,
            },
          ],
        },
      ],
    },
    {
      // oversell written back from the read, the test added to an and()
      code: andEq + `export async function buy(id: number, qty: number) {
  const [product] = await db.select().from(products).where(eq(products.id, id));
  if (qty > product.stock) {
    return false;
  }
  await db.update(products).set({ stock: product.stock - qty }).where(and(eq(products.id, id), eq(products.active, true)));
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
              output: `import { and, eq, gte, sql } from 'drizzle-orm';
import { db } from './db.js';
import { products } from './src/drizzle/schema.js';
export async function buy(id: number, qty: number) {
  const [product] = await db.select().from(products).where(eq(products.id, id));
  if (qty > product.stock) {
    return false;
  }
  const updated = await db.update(products).set({ stock: sql\`\${products.stock} - \${qty}\` }).where(and(eq(products.id, id), eq(products.active, true), gte(products.stock, qty))).returning();
  if (updated.length === 0) {
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
  const [post] = await db.select().from(posts).where(eq(posts.id, id));
  await db.update(posts).set({ title, version: post.version + 1 }).where(and(eq(posts.id, id), eq(posts.version, post.version)));
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
  const post = await db.query.posts.findFirst({ where: eq(posts.id, id) });
  if (!post) return;
  await db.update(posts).set({ tags: [...post.tags, label] }).where(eq(posts.id, id));
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // document merge
      code: header + `export async function setPreference(id: number, key: string, value: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  await db.update(users).set({ settings: { ...user.settings, [key]: value } }).where(eq(users.id, id));
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
      // MySQL: no RETURNING for the conditional form, the lock and the isolation level remain
      code: header + `export async function buy(id: number, qty: number) {
  await db.transaction(async (tx) => {
    const [product] = await tx.select().from(products).where(eq(products.id, id));
    if (product.stock < qty) throw new Error('sold out');
    await tx.update(products).set({ stock: product.stock - qty }).where(eq(products.id, id));
  });
}`,
      settings: {"race":{"dialect":"mysql"}},
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 11,
          suggestions: [
            {
              messageId: 'lockRead',
              output: header + `export async function buy(id: number, qty: number) {
  await db.transaction(async (tx) => {
    const [product] = await tx.select().from(products).where(eq(products.id, id)).for('update');
    if (product.stock < qty) throw new Error('sold out');
    await tx.update(products).set({ stock: product.stock - qty }).where(eq(products.id, id));
  });
}`,
            },
            {
              messageId: 'useSerializable',
              output: header + `export async function buy(id: number, qty: number) {
  await db.transaction(async (tx) => {
    const [product] = await tx.select().from(products).where(eq(products.id, id));
    if (product.stock < qty) throw new Error('sold out');
    await tx.update(products).set({ stock: product.stock - qty }).where(eq(products.id, id));
  }, { isolationLevel: 'serializable' });
}`,
            },
          ],
        },
      ],
    },
    {
      // a counter bumped through a multi-line chain
      code: header + `export async function view(id: number) {
  const [post] = await db.select().from(posts).where(eq(posts.id, id));
  await db
    .update(posts)
    .set({ views: post.views + 1 })
    .where(eq(posts.id, post.id));
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function view(id: number) {
  const [post] = await db.select().from(posts).where(eq(posts.id, id));
  await db
    .update(posts)
    .set({ views: sql\`\${posts.views} + 1\` })
    .where(eq(posts.id, post.id));
}`,
            },
          ],
        },
      ],
    },
  ],
});
