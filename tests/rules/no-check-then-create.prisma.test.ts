import rule from '../../src/rules/no-check-then-create.js';
import { fixtureFile, ruleTester, typedRuleTester } from '../rule-tester.js';

const header = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";

ruleTester.run('no-check-then-create (prisma)', rule, {
  valid: [
    // upsert is atomic
    header + `export async function claim(code: string) {
  return prisma.coupon.upsert({ where: { id: 1 }, update: {}, create: { code, amount: 5 } });
}`,
    // unique constraint (User.email) and P2002 handled
    header + `export async function register(email: string) {
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) return existing;
  try {
    return await prisma.user.create({ data: { email, orgId: 1 } });
  } catch (error) {
    if (error instanceof Object && 'code' in error && error.code === 'P2002') return null;
    throw error;
  }
}`,
    // serializable transaction
    header + `export async function claim(code: string) {
  return prisma.$transaction(async (tx) => {
    const found = await tx.coupon.findFirst({ where: { code } });
    if (found) throw new Error('taken');
    return tx.coupon.create({ data: { code, amount: 5 } });
  }, { isolationLevel: 'Serializable' });
}`,
    // the check reads another table than the create writes
    header + `export async function addTag(name: string) {
  const user = await prisma.user.findFirst({ where: { name } });
  if (!user) throw new Error('no user');
  await prisma.coupon.create({ data: { code: name, amount: 1 } });
}`,
    // the create does not depend on the check
    header + `export async function log(code: string) {
  const found = await prisma.coupon.findFirst({ where: { code } });
  await prisma.coupon.create({ data: { code, amount: 1 } });
  return found;
}`,
    // createMany with skipDuplicates inserts only what is missing
    header + `export async function seed(code: string) {
  const found = await prisma.coupon.findFirst({ where: { code } });
  if (!found) await prisma.coupon.createMany({ data: [{ code, amount: 1 }], skipDuplicates: true });
}`,
    // in-memory collections are not shared state
    `export function remember(seen: Map<string, number>, list: string[], code: string) {
  if (!seen.has(code)) seen.set(code, 1);
  if (!list.find((item) => item === code)) list.push(code);
}`,
    // a helper's read whose result does not decide the create
    header + `async function findTag(name: string) {
  return prisma.tag.findFirst({ where: { name } });
}
export async function addTag(name: string) {
  const before = await findTag(name);
  console.log(before);
  await prisma.tag.create({ data: { name } });
}`,
  ],
  invalid: [
    {
      // the check runs before the transaction that creates: serializable or not, it is not covered
      code: header + `export async function claim(code: string) {
  if (await prisma.coupon.findFirst({ where: { code } })) return;
  await prisma.$transaction(async (tx) => {
    await tx.coupon.create({ data: { code, amount: 1 } });
  }, { isolationLevel: 'Serializable' });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 11,
          data: {
            race: 'Two concurrent calls can both run `prisma.coupon.findFirst` (line 4) and find no coupon with this code before either runs `tx.coupon.create` (line 6)',
            schema: 'No unique constraint on Coupon (code) was found in prisma/schema.prisma, migrations/0001_sql.sql.',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              output: header + `export async function claim(code: string) {
  if (await prisma.coupon.findFirst({ where: { code } })) return;
  try {
    await prisma.$transaction(async (tx) => {
    await tx.coupon.create({ data: { code, amount: 1 } });
  }, { isolationLevel: 'Serializable' });
  } catch (error) {
    if (!(error instanceof Object && 'code' in error && error.code === 'P2002')) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // the check sits in a helper of the same file
      code: header + `async function findTag(name: string) {
  return prisma.tag.findFirst({ where: { name } });
}
export async function addTag(name: string) {
  if (await findTag(name)) return;
  await prisma.tag.create({ data: { name } });
}`,
      filename: fixtureFile('bare'),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `findTag() → prisma.tag.findFirst` (line 7) and find no tag with this name before either runs `prisma.tag.create` (line 8)',
            schema:
              'No schema source was found (schema.prisma, SQL migrations, entity or model definitions), so nothing is known to stop a duplicate tag (name).',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              output: header + `async function findTag(name: string) {
  return prisma.tag.findFirst({ where: { name } });
}
export async function addTag(name: string) {
  if (await findTag(name)) return;
  try {
    await prisma.tag.create({ data: { name } });
  } catch (error) {
    if (!(error instanceof Object && 'code' in error && error.code === 'P2002')) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // passing the error to Express's next() does not handle it: the user still gets a 500
      code: header + `export async function register(email: string, next: (error: unknown) => void) {
  if (await prisma.user.findUnique({ where: { email } })) return;
  try {
    await prisma.user.create({ data: { email, orgId: 1 } });
  } catch (error) {
    next(error);
  }
}`,
      errors: [{ messageId: 'unhandledConflict', line: 6, column: 11, suggestions: [
        {
          messageId: 'useAtomicCreate',
          output: header + `export async function register(email: string, next: (error: unknown) => void) {
  if (await prisma.user.findUnique({ where: { email } })) return;
  try {
    await prisma.user.upsert({ where: { email }, update: {}, create: { email, orgId: 1 } });
  } catch (error) {
    next(error);
  }
}`,
        },
        {
          messageId: 'catchConflict',
          output: header + `export async function register(email: string, next: (error: unknown) => void) {
  if (await prisma.user.findUnique({ where: { email } })) return;
  try {
    try {
      await prisma.user.create({ data: { email, orgId: 1 } });
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'P2002')) throw error;
      return;
    }
  } catch (error) {
    next(error);
  }
}`,
        },
      ] }],
    },

    {
      // no schema anywhere: the message says so
      code: header + `export async function tagFor(name: string) {
  const tag = await prisma.tag.findFirst({ where: { name } });
  return tag ?? (await prisma.tag.create({ data: { name } }));
}`,
      filename: fixtureFile('bare'),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 24,
          data: {
            race: 'Two concurrent calls can both run `prisma.tag.findFirst` (line 4) and find no tag with this name before either runs `prisma.tag.create` (line 5)',
            schema:
              'No schema source was found (schema.prisma, SQL migrations, entity or model definitions), so nothing is known to stop a duplicate tag (name).',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + `export async function tagFor(name: string) {
  const tag = await prisma.tag.findFirst({ where: { name } });
  return tag ?? (await prisma.tag.upsert({ where: { name }, update: {}, create: { name } }));
}`,
            },
          ],
        },
      ],
    },
    {
      // unique e-mail, violation not handled; `if (!x) x = await create()`
      code: header + `export async function userFor(email: string) {
  let user = await prisma.user.findUnique({ where: { email } });
  if (!user) {
    user = await prisma.user.create({ data: { email, orgId: 1 } });
  }
  return user;
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 6,
          column: 18,
          data: {
            race: 'Two concurrent calls can both run `prisma.user.findUnique` (line 4) and find no user with this email before either runs `prisma.user.create` (line 6)',
            constraint: 'The unique constraint @unique on User.email (prisma/schema.prisma)',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + `export async function userFor(email: string) {
  let user = await prisma.user.findUnique({ where: { email } });
  if (!user) {
    user = await prisma.user.upsert({ where: { email }, update: {}, create: { email, orgId: 1 } });
  }
  return user;
}`,
            },
          ],
        },
      ],
    },
    {
      // a count decides, the create sits in the branch; no early exit, so the catch just skips
      code: header + `export async function addTag(name: string) {
  const taken = await prisma.tag.count({ where: { name } });
  if (taken === 0) {
    await prisma.tag.create({ data: { name } });
  }
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 6,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + `export async function addTag(name: string) {
  const taken = await prisma.tag.count({ where: { name } });
  if (taken === 0) {
    await prisma.tag.upsert({ where: { name }, update: {}, create: { name } });
  }
}`,
            },
            {
              messageId: 'catchConflict',
              data: { code: 'P2002', requirement: '' },
              output: header + `export async function addTag(name: string) {
  const taken = await prisma.tag.count({ where: { name } });
  if (taken === 0) {
    try {
      await prisma.tag.create({ data: { name } });
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'P2002')) throw error;
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
      // a transaction at the default isolation level does not help; a client without imports is
      // recognised by the models of the schema
      code: `export async function claim(db: any, code: string) {
  await db.$transaction(async (tx: any) => {
    if (await tx.coupon.findFirst({ where: { code } })) return;
    await tx.coupon.create({ data: { code, amount: 1 } });
  });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 4,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `export async function claim(db: any, code: string) {
  await db.$transaction(async (tx: any) => {
    if (await tx.coupon.findFirst({ where: { code } })) return;
    await tx.coupon.upsert({ where: { code }, update: {}, create: { code, amount: 1 } });
  });
}`,
            },
            {
              messageId: 'catchConflict',
              data: { code: 'P2002', requirement: ', after adding a unique constraint on Coupon (code)' },
              output: `export async function claim(db: any, code: string) {
  await db.$transaction(async (tx: any) => {
    if (await tx.coupon.findFirst({ where: { code } })) return;
    try {
      await tx.coupon.create({ data: { code, amount: 1 } });
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'P2002')) throw error;
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
      code: header + `export async function claim(code: string) {
  const found = await prisma.coupon.findFirst({ where: { code } });
  if (found) throw new Error('taken');
  await prisma.coupon.create({ data: { code, amount: 5 } });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `prisma.coupon.findFirst` (line 4) and find no coupon with this code before either runs `prisma.coupon.create` (line 6)',
            schema: 'No unique constraint on Coupon (code) was found in prisma/schema.prisma, migrations/0001_sql.sql.',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: 'upsert' },
              output: header + `export async function claim(code: string) {
  const found = await prisma.coupon.findFirst({ where: { code } });
  if (found) throw new Error('taken');
  await prisma.coupon.upsert({ where: { code }, update: {}, create: { code, amount: 5 } });
}`,
            },
            {
              messageId: 'catchConflict',
              output: header + `export async function claim(code: string) {
  const found = await prisma.coupon.findFirst({ where: { code } });
  if (found) throw new Error('taken');
  try {
    await prisma.coupon.create({ data: { code, amount: 5 } });
  } catch (error) {
    if (!(error instanceof Object && 'code' in error && error.code === 'P2002')) throw error;
    throw new Error('taken');
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

// With type information the client is recognised by its declared type, not by imports or schema.
typedRuleTester.run('no-check-then-create (prisma, typed)', rule, {
  valid: [
    // a same-shaped call on an in-memory store is not a Prisma client
    `class Store { coupon = { findFirst: async (_: object) => null, create: async (_: object) => 1 } }
export async function claim(store: Store, code: string) {
  if (await store.coupon.findFirst({ where: { code } })) return;
  await store.coupon.create({ data: { code } });
}`,
  ],
  invalid: [
    {
      code: `declare class PrismaClient { coupon: { findFirst(a: object): Promise<object | null>; create(a: object): Promise<object> } }
export async function claim(client: PrismaClient, code: string) {
  if (await client.coupon.findFirst({ where: { code } })) return;
  await client.coupon.create({ data: { code } });
}`,
      errors: [{ messageId: 'checkThenCreate', line: 4, column: 9, suggestions: [
        {
          messageId: 'useAtomicCreate',
          output: `declare class PrismaClient { coupon: { findFirst(a: object): Promise<object | null>; create(a: object): Promise<object> } }
export async function claim(client: PrismaClient, code: string) {
  if (await client.coupon.findFirst({ where: { code } })) return;
  await client.coupon.upsert({ where: { code }, update: {}, create: { code } });
}`,
        },
        {
          messageId: 'catchConflict',
          output: `declare class PrismaClient { coupon: { findFirst(a: object): Promise<object | null>; create(a: object): Promise<object> } }
export async function claim(client: PrismaClient, code: string) {
  if (await client.coupon.findFirst({ where: { code } })) return;
  try {
    await client.coupon.create({ data: { code } });
  } catch (error) {
    if (!(error instanceof Object && 'code' in error && error.code === 'P2002')) throw error;
    return;
  }
}`,
        },
      ] }],
    },
  ],
});
