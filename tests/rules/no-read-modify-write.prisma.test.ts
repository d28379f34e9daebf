import rule from '../../src/rules/no-read-modify-write.js';
import { ruleTester } from '../rule-tester.js';

const header = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";

ruleTester.run('no-read-modify-write (prisma)', rule, {
  valid: [
    // atomic
    header + `export async function deposit(id: number, amount: number) {
  await prisma.wallet.update({ where: { id }, data: { balance: { increment: amount } } });
}`,
    // existence
    header + `export async function rename(id: number, title: string) {
  const post = await prisma.post.findUnique({ where: { id } });
  if (!post) throw new Error('missing');
  await prisma.post.update({ where: { id }, data: { title } });
}`,
    // permission
    header + `export async function rename(id: number, userId: number, title: string) {
  const post = await prisma.post.findUniqueOrThrow({ where: { id } });
  if (post.authorId !== userId) throw new Error('forbidden');
  await prisma.post.update({ where: { id }, data: { title, editedBy: userId } });
}`,
    // conditional-checked
    header + `export async function buy(id: number, qty: number) {
  const product = await prisma.product.findUniqueOrThrow({ where: { id } });
  if (product.stock < qty) throw new Error('sold out');
  const { count } = await prisma.product.updateMany({ where: { id, stock: { gte: qty } }, data: { stock: { decrement: qty } } });
  if (count === 0) throw new Error('sold out');
}`,
    // optimistic-update-throws
    header + `export async function rename(id: number, title: string) {
  const post = await prisma.post.findUniqueOrThrow({ where: { id } });
  await prisma.post.update({ where: { id, version: post.version }, data: { title, views: post.views + 1, version: { increment: 1 } } });
}`,
    // serializable
    header + `export async function withdraw(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    if (wallet.balance < amount) throw new Error('insufficient');
    await tx.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });
  }, { isolationLevel: Prisma.TransactionIsolationLevel.Serializable });
}`,
    // repeatable-read-pg
    header + `export async function withdraw(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    await tx.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });
  }, { isolationLevel: 'RepeatableRead' });
}`,
    // other-record
    header + `export async function transfer(fromId: number, toId: number, amount: number) {
  const from = await prisma.wallet.findUniqueOrThrow({ where: { id: fromId } });
  await prisma.wallet.update({ where: { id: toId }, data: { balance: { increment: amount } } });
  return from;
}`,
    // other-field
    header + `export async function reslug(id: number) {
  const post = await prisma.post.findUniqueOrThrow({ where: { id } });
  await prisma.post.update({ where: { id }, data: { slug: post.title.toLowerCase() } });
}`,
    // status-transition
    header + `export async function pay(id: number) {
  const order = await prisma.order.findUniqueOrThrow({ where: { id } });
  if (order.status !== 'pending') throw new Error('not payable');
  await prisma.order.update({ where: { id }, data: { status: 'paid' } });
}`,
    // in-memory
    header + `export function addToCart(carts: Map<string, { total: number }>, id: string, price: number) {
  const cart = carts.get(id);
  if (!cart) return;
  cart.total += price;
  carts.set(id, cart);
}`,
    // request-scoped
    header + `export async function countVisit(req: { session: { visits: number } }) {
  const user = await prisma.user.findFirst({ where: { id: 1 } });
  req.session.visits = req.session.visits + 1;
  return user;
}`,
    // write-before-read
    header + `export async function touch(id: number) {
  await prisma.wallet.update({ where: { id }, data: { balance: 0 } });
  const wallet = await prisma.wallet.findUniqueOrThrow({ where: { id } });
  return wallet.balance;
}`,
    // other-model
    header + `export async function mirror(id: number) {
  const wallet = await prisma.wallet.findUniqueOrThrow({ where: { id } });
  await prisma.ledger.update({ where: { id }, data: { balance: wallet.balance } });
}`,
    // reread-inside-serializable
    header + `export async function withdraw(id: number, amount: number) {
  const preview = await prisma.wallet.findUniqueOrThrow({ where: { id } });
  console.log(preview.balance);
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    await tx.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });
  }, { isolationLevel: 'Serializable' });
}`,
    // unchecked-but-used
    header + `export async function rename(id: number, title: string) {
  const post = await prisma.post.findUniqueOrThrow({ where: { id } });
  const result = await prisma.post.updateMany({ where: { id, version: post.version }, data: { title, version: { increment: 1 } } });
  if (result.count === 0) throw new Error('edited by someone else');
}`,
  ],
  invalid: [
    {
      // counter
      code: header + `export async function deposit(id: number, amount: number) {
  const wallet = await prisma.wallet.findUnique({ where: { id } });
  if (!wallet) throw new Error('no wallet');
  await prisma.wallet.update({ where: { id }, data: { balance: wallet.balance + amount } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function deposit(id: number, amount: number) {
  const wallet = await prisma.wallet.findUnique({ where: { id } });
  if (!wallet) throw new Error('no wallet');
  await prisma.wallet.update({ where: { id }, data: { balance: { increment: amount } } });
}` },
          ],
        },
      ],
    },
    {
      // oversell
      code: header + `export async function buy(id: number, qty: number) {
  const product = await prisma.product.findUnique({ where: { id } });
  if (!product) throw new Error('missing');
  if (product.stock < qty) throw new Error('sold out');
  await prisma.product.update({ where: { id }, data: { stock: { decrement: qty } } });
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 7,
          column: 9,
          suggestions: [
            { messageId: 'useConditionalUpdate', output: header + `export async function buy(id: number, qty: number) {
  const product = await prisma.product.findUnique({ where: { id } });
  if (!product) throw new Error('missing');
  if (product.stock < qty) throw new Error('sold out');
  const { count } = await prisma.product.updateMany({ where: { id, stock: { gte: qty } }, data: { stock: { decrement: qty } } });
  if (count === 0) throw new Error('sold out');
}` },
          ],
        },
      ],
    },
    {
      // tx-default
      code: header + `export async function withdraw(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    const balance = wallet.balance - amount;
    await tx.wallet.update({ where: { id: wallet.id }, data: { balance } });
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 11,
          data: {
            read: 'tx.wallet.findUniqueOrThrow',
            readLine: '5',
            write: 'tx.wallet.update',
            writeLine: '7',
            fields: '`balance`',
            context:
              ' The transaction does not prevent it: at the default isolation level (READ COMMITTED on PostgreSQL) a plain read takes no lock, so both transactions read the same value.',
          },
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function withdraw(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    const balance = wallet.balance - amount;
    await tx.wallet.update({ where: { id: wallet.id }, data: { balance: { decrement: amount } } });
  });
}` },
            { messageId: 'useSerializable', output: header + `export async function withdraw(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    const balance = wallet.balance - amount;
    await tx.wallet.update({ where: { id: wallet.id }, data: { balance } });
  }, { isolationLevel: 'Serializable' });
}` },
          ],
        },
      ],
    },
    {
      // tx-read-committed
      code: header + `export async function withdraw(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    await tx.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });
  }, { isolationLevel: 'ReadCommitted', timeout: 5000 });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 11,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function withdraw(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    await tx.wallet.update({ where: { id }, data: { balance: { decrement: amount } } });
  }, { isolationLevel: 'ReadCommitted', timeout: 5000 });
}` },
            { messageId: 'useSerializable', output: header + `export async function withdraw(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    await tx.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });
  }, { isolationLevel: 'Serializable', timeout: 5000 });
}` },
          ],
        },
      ],
    },
    {
      // merge
      code: header + `export async function autosave(id: number, field: string, value: string) {
  const draft = await prisma.draft.findUniqueOrThrow({ where: { id } });
  await prisma.draft.update({ where: { id }, data: { content: { ...(draft.content as object), [field]: value } } });
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
      // append
      code: header + `export async function tag(id: number, label: string) {
  const post = await prisma.post.findUniqueOrThrow({ where: { id } });
  await prisma.post.update({ where: { id }, data: { tags: [...post.tags, label] } });
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
      // derived-guard
      code: header + `export async function spend(userId: number, cost: number) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const canAfford = user.credits >= cost;
  if (!canAfford) throw new Error('not enough credits');
  await prisma.user.update({ where: { id: userId }, data: { credits: { decrement: cost } } });
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 7,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // guard-branch
      code: header + `export async function reserve(id: number, seats: number) {
  const show = await prisma.show.findUnique({ where: { id } });
  if (show && show.free >= seats) {
    await prisma.show.update({ where: { id }, data: { free: { decrement: seats } } });
    return true;
  }
  return false;
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 6,
          column: 11,
          suggestions: [],
        },
      ],
    },
    {
      // unchecked-version
      code: header + `export async function rename(id: number, title: string) {
  const post = await prisma.post.findUniqueOrThrow({ where: { id } });
  await prisma.post.updateMany({ where: { id, version: post.version }, data: { title, version: post.version + 1 } });
}`,
      errors: [
        {
          messageId: 'uncheckedConditional',
          line: 5,
          column: 9,
          data: { read: 'prisma.post.findUniqueOrThrow', readLine: '4', write: 'prisma.post.updateMany', writeLine: '5', fields: '`version`' },
          suggestions: [],
        },
      ],
    },
    {
      // same-filter
      code: header + `export async function bump(ownerId: number) {
  const wallet = await prisma.wallet.findFirst({ where: { ownerId } });
  if (!wallet) return;
  await prisma.wallet.updateMany({ where: { ownerId }, data: { balance: wallet.balance + 1 } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function bump(ownerId: number) {
  const wallet = await prisma.wallet.findFirst({ where: { ownerId } });
  if (!wallet) return;
  await prisma.wallet.updateMany({ where: { ownerId }, data: { balance: { increment: 1 } } });
}` },
          ],
        },
      ],
    },
    {
      // helper-read
      code: header + `async function walletOf(id: number) {
  return prisma.wallet.findUniqueOrThrow({ where: { id } });
}
export async function deposit(id: number, amount: number) {
  const wallet = await walletOf(id);
  await prisma.wallet.update({ where: { id }, data: { balance: wallet.balance + amount } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `async function walletOf(id: number) {
  return prisma.wallet.findUniqueOrThrow({ where: { id } });
}
export async function deposit(id: number, amount: number) {
  const wallet = await walletOf(id);
  await prisma.wallet.update({ where: { id }, data: { balance: { increment: amount } } });
}` },
          ],
        },
      ],
    },
    {
      // increment-guard-and-value
      code: header + `export async function redeem(id: number) {
  const coupon = await prisma.coupon.findUniqueOrThrow({ where: { id } });
  if (coupon.uses >= coupon.maxUses) throw new Error('used up');
  await prisma.coupon.update({ where: { id }, data: { uses: coupon.uses + 1 } });
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
      // REPEATABLE READ on MySQL reads a snapshot and does not lock: the settings name the engine
      code: header + `export async function withdraw(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    await tx.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });
  }, { isolationLevel: 'RepeatableRead' });
}`,
      settings: { race: { dialect: 'mysql' } },
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 11,
          data: {
            read: 'tx.wallet.findUniqueOrThrow',
            readLine: '5',
            write: 'tx.wallet.update',
            writeLine: '6',
            fields: '`balance`',
            context:
              " The transaction does not prevent it: MySQL's REPEATABLE READ reads a snapshot without locking the row, and the write goes over the other change.",
          },
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function withdraw(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    await tx.wallet.update({ where: { id }, data: { balance: { decrement: amount } } });
  }, { isolationLevel: 'RepeatableRead' });
}`,
            },
            {
              messageId: 'useSerializable',
              output: header + `export async function withdraw(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    await tx.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });
  }, { isolationLevel: 'Serializable' });
}`,
            },
          ],
        },
      ],
    },
    {
      // the guard compares the other way round; the exit moves after the conditional write
      code: header + `export async function buy(id: number, qty: number) {
  const product = await prisma.product.findUniqueOrThrow({ where: { id } });
  if (qty > product.stock) {
    throw new Error('sold out');
  }
  await prisma.product.update({ where: { id }, data: { stock: product.stock - qty } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 9,
          suggestions: [
            { messageId: 'useConditionalUpdate', output: header + `export async function buy(id: number, qty: number) {
  const product = await prisma.product.findUniqueOrThrow({ where: { id } });
  if (qty > product.stock) {
    throw new Error('sold out');
  }
  const { count } = await prisma.product.updateMany({ where: { id, stock: { gte: qty } }, data: { stock: { decrement: qty } } });
  if (count === 0) {
    throw new Error('sold out');
  }
}` },
          ],
        },
      ],
    },
    {
      // the amount before the field
      code: header + `export async function deposit(id: number, amount: number) {
  const wallet = await prisma.wallet.findUniqueOrThrow({ where: { id } });
  await prisma.wallet.update({ where: { id }, data: { balance: amount + wallet.balance } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function deposit(id: number, amount: number) {
  const wallet = await prisma.wallet.findUniqueOrThrow({ where: { id } });
  await prisma.wallet.update({ where: { id }, data: { balance: { increment: amount } } });
}` },
          ],
        },
      ],
    },
    {
      // `+` on a string field concatenates: no increment is offered
      code: header + `export async function note(id: number) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id } });
  await prisma.user.update({ where: { id }, data: { notes: user.notes + '\\n' } });
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
      // the new value is held in a local written in two steps
      code: header + `export async function visit(id: number) {
  const page = await prisma.page.findUniqueOrThrow({ where: { id } });
  let views = page.views;
  views = page.views + 1;
  await prisma.page.update({ where: { id }, data: { views } });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function visit(id: number) {
  const page = await prisma.page.findUniqueOrThrow({ where: { id } });
  let views = page.views;
  views = page.views + 1;
  await prisma.page.update({ where: { id }, data: { views: { increment: 1 } } });
}` },
          ],
        },
      ],
    },

    {
      // an existence test and a comparison in one exit guard: the comparison moves into the write
      code: header + `export async function buy(id: number, qty: number) {
  const product = await prisma.product.findUnique({ where: { id } });
  if (!product || product.stock < qty) throw new Error('sold out');
  await prisma.product.update({ where: { id }, data: { stock: { decrement: qty } } });
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 6,
          column: 9,
          suggestions: [
            { messageId: 'useConditionalUpdate', output: header + `export async function buy(id: number, qty: number) {
  const product = await prisma.product.findUnique({ where: { id } });
  if (!product || product.stock < qty) throw new Error('sold out');
  const { count } = await prisma.product.updateMany({ where: { id, stock: { gte: qty } }, data: { stock: { decrement: qty } } });
  if (count === 0) throw new Error('sold out');
}` },
          ],
        },
      ],
    },

  ],
});
