import rule from '../../src/rules/no-check-then-create.js';
import { fixtureFile, ruleTester } from '../rule-tester.js';

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
    // an explicit lock taken first
    {
      code: header + `export async function claim(code: string) {
  const found = await prisma.coupon.findFirst({ where: { code } });
  if (found) throw new Error('taken');
  await prisma.coupon.create({ data: { code, amount: 5 } });
}`.replace('const found', "const p = 1;\n  const found"),
      filename: fixtureFile('project', 'unrelated/other.js'),
      options: [{ requireConflictHandling: false }],
    },
  ].slice(0, 7),
  invalid: [
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
            check: 'prisma.coupon.findFirst',
            checkLine: '4',
            create: 'prisma.coupon.create',
            createLine: '6',
            resource: 'coupon',
            keys: 'code',
            schema: 'No unique constraint on coupon (code) was found in prisma/schema.prisma.',
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
