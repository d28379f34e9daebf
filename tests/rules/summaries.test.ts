import createRule from '../../src/rules/no-check-then-create.js';
import rmwRule from '../../src/rules/no-read-modify-write.js';
import { fixtureFile, ruleTester, typedRuleTester } from '../rule-tester.js';

// Races whose check, act, lock or transaction lives in another function or file: the callers
// below are linted as if they were tests/fixtures/project/src/layers/use-case.ts, beside the
// repositories, DAOs, services and lock helpers of that folder.
const filename = fixtureFile('project', 'src/layers/use-case.ts');

/** The catch suggestion around `await <call>;` that exits the way the guard did. */
const caught = (statement: string, exit: string, indent = '  ') =>
  `try {
${indent}  ${statement}
${indent}} catch (error) {
${indent}  if (!(error instanceof Object && 'code' in error && error.code === 'P2002')) throw error;
${indent}  ${exit}
${indent}}`;
const orConstraint = ', after adding a unique constraint on Coupon (code)';

const tagHeader = `import { PrismaClient } from '@prisma/client';
import { createOrGet, createTag } from './tag-repository.js';
const prisma = new PrismaClient();
`;

const factory = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
function couponRepository(client: PrismaClient) {
  return {
    find: (code: string) => client.coupon.findFirst({ where: { code } }),
    insert: (code: string) => client.coupon.create({ data: { code, amount: 1 } }),
  };
}
export async function issue(code: string) {
  const coupons = couponRepository(prisma);
  if (await coupons.find(code)) return;
`;

const namedDao = `import { findCoupon, insertCoupon } from './coupon-dao.js';
export async function issue(code: string, amount: number) {
  if (await findCoupon(code)) throw new Error('taken');
  `;

ruleTester.run('no-check-then-create (across functions and files)', createRule, {
  valid: [
    // the repository method upserts
    {
      filename,
      code: `import { CouponRepository } from './coupon-repository.js';
export async function issue(repo: CouponRepository, code: string) {
  if (!(await repo.findByCode(code))) await repo.upsertByCode(code, 1);
}`,
    },
    // an in-memory repository: a Map, not a store other requests share
    {
      filename,
      code: `import { MemoryCouponRepository } from './coupon-repository.js';
export async function issue(repo: MemoryCouponRepository, code: string) {
  if (!(await repo.findByCode(code))) await repo.insert(code, 1);
}`,
    },
    // a callee that cannot be parsed contributes nothing, and throws nothing
    {
      filename,
      code: `import { findCoupon } from './broken.js';
import { insertCoupon } from './coupon-dao.js';
export async function issue(code: string, amount: number) {
  if (await findCoupon(code)) throw new Error('taken');
  await insertCoupon(code, amount);
}`,
    },
    // an import of a file that does not exist, and a package: nothing to follow
    {
      filename,
      code: `import { findCoupon } from './missing.js';
import { insertCoupon } from 'coupon-sdk';
export async function issue(code: string, amount: number) {
  if (await findCoupon(code)) throw new Error('taken');
  await insertCoupon(code, amount);
}`,
    },
    // the repository catches the unique violation of Tag.name itself and reads the winner
    {
      filename,
      code: `${tagHeader}export async function tag(name: string) {
  const tag = await prisma.tag.findFirst({ where: { name } });
  return tag ?? createOrGet(name);
}`,
    },
    // the caller catches the violation, tested by a project helper in another file
    {
      filename,
      code: `${tagHeader}import { isUniqueViolation } from './db-errors.js';
export async function tag(name: string) {
  if (await prisma.tag.findFirst({ where: { name } })) return;
  try {
    await createTag(name);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}`,
    },
    // summaries turned off
    { filename, code: `${namedDao}await insertCoupon(code, amount);\n}`, settings: { race: { summaryDepth: 0 } } },
    // a receiver typed with an interface: no implementation to follow without type information
    {
      filename,
      code: `interface Coupons { findByCode(code: string): Promise<unknown>; insert(code: string, amount: number): Promise<unknown> }
export class IssueCoupon {
  constructor(private readonly coupons: Coupons) {}
  async run(code: string) {
    if (!(await this.coupons.findByCode(code))) await this.coupons.insert(code, 1);
  }
}`,
    },
    // the service two calls deep is beyond a depth of 1
    {
      filename,
      code: `import { CouponService } from './coupon-service.js';
export async function redeem(coupons: CouponService, code: string) {
  if (!(await coupons.lookUp(code))) await coupons.issue(code, 10);
}`,
      settings: { race: { summaryDepth: 1 } },
    },
  ],
  invalid: [
    // named imports of a DAO module's functions
    {
      filename,
      code: `${namedDao}await insertCoupon(code, amount);\n}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: 'P2002', requirement: orConstraint },
              output: `${namedDao}${caught('await insertCoupon(code, amount);', "throw new Error('taken');")}\n}`,
            },
          ],
        },
      ],
    },
    // a default-exported object service, imported through a tsconfig \`paths\` alias
    {
      filename,
      code: `import couponDao from '@layers/coupon-dao';
export async function issue(code: string, amount: number) {
  const found = await couponDao.find(code);
  if (!found) await couponDao.insert(code, amount);
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 4,
          column: 21,
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: 'P2002', requirement: orConstraint },
              output: `import couponDao from '@layers/coupon-dao';
export async function issue(code: string, amount: number) {
  const found = await couponDao.find(code);
  if (!found) ${caught('await couponDao.insert(code, amount);', '// Another request created it first.')}
}`,
            },
          ],
        },
      ],
    },
    // the caller builds the record and the DAO writes it whole (\`create({ data: coupon })\`)
    {
      filename,
      code: `${namedDao}await insertCouponRecord({ code, amount });\n}`.replace('insertCoupon }', 'insertCoupon, insertCouponRecord }'),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: 'P2002', requirement: orConstraint },
              output: `${namedDao}${caught('await insertCouponRecord({ code, amount });', "throw new Error('taken');")}\n}`.replace('insertCoupon }', 'insertCoupon, insertCouponRecord }'),
            },
          ],
        },
      ],
    },
    // a unique constraint (Tag.name) stops the duplicate, but nobody handles the violation
    {
      filename,
      code: `${tagHeader}export async function tag(name: string) {
  if (await prisma.tag.findFirst({ where: { name } })) return;
  await createTag(name);
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: 'P2002', requirement: '' },
              output: `${tagHeader}export async function tag(name: string) {
  if (await prisma.tag.findFirst({ where: { name } })) return;
  ${caught('await createTag(name);', 'return;')}
}`,
            },
          ],
        },
      ],
    },
    // an object service made by a factory function (\`const coupons = couponRepository(prisma)\`)
    {
      filename,
      code: `${factory}  await coupons.insert(code);
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 12,
          column: 9,
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: 'P2002', requirement: orConstraint },
              output: `${factory}  ${caught('await coupons.insert(code);', 'return;')}
}`,
            },
          ],
        },
      ],
    },
    // a namespace import
    {
      filename,
      code: `import * as dao from './coupon-dao';
export async function issue(code: string) {
  const found = await dao.findCoupon(code);
  if (found) return found;
  return dao.insertCoupon(code, 1);
}`,
      errors: [{ messageId: 'checkThenCreate', line: 5, column: 10, suggestions: [] }],
    },
    // a use case with a repository injected through its constructor (NestJS style)
    {
      filename,
      code: `import { CouponRepository } from './coupon-repository.js';
export class IssueCoupon {
  constructor(private readonly coupons: CouponRepository) {}
  async run(code: string, amount: number) {
    const existing = await this.coupons.findByCode(code);
    if (existing) return existing;
    return this.coupons.insert(code, amount);
  }
}`,
      errors: [{ messageId: 'checkThenCreate', line: 7, column: 12, suggestions: [] }],
    },
    // use case → service → repository: two files and two calls away from the accesses
    {
      filename,
      code: `import { CouponService } from './coupon-service.js';
export class Checkout {
  private readonly coupons = new CouponService(repository);
  async redeem(code: string) {
    const coupon = await this.coupons.lookUp(code);
    if (coupon) return;
    await this.coupons.issue(code, 10);
  }
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: 'P2002', requirement: orConstraint },
              output: `import { CouponService } from './coupon-service.js';
export class Checkout {
  private readonly coupons = new CouponService(repository);
  async redeem(code: string) {
    const coupon = await this.coupons.lookUp(code);
    if (coupon) return;
    ${caught('await this.coupons.issue(code, 10);', 'return;', '    ')}
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

const walletDao = "import { walletDao } from './wallet-dao.js';\n";

ruleTester.run('no-read-modify-write (across functions and files)', rmwRule, {
  valid: [
    // the DAO adds to the stored balance in one statement, and nothing checks it first
    {
      filename,
      code: walletDao + `export async function deposit(id: number, amount: number) {
  const wallet = await walletDao.find(id);
  await walletDao.addToBalance(id, amount);
  return wallet.id;
}`,
    },
    // a helper in another file runs the callback in a transaction holding an advisory lock
    {
      filename,
      code: `import { withWalletLock } from './wallet-locks.js';
export async function pay(id: number, amount: number) {
  await withWalletLock(id, async (tx) => {
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    await tx.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });
  });
}`,
    },
    // a helper in another file locks the row first, in the caller's transaction
    {
      filename,
      code: `import { PrismaClient } from '@prisma/client';
import { walletDao } from './wallet-dao.js';
import { lockWallet } from './wallet-locks.js';
const prisma = new PrismaClient();
export async function pay(id: number, amount: number) {
  await prisma.$transaction(async (tx) => {
    await lockWallet(tx, id);
    const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
    await tx.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });
  });
}`,
    },
    // a helper handed the transaction, whose only caller runs it at SERIALIZABLE
    {
      filename,
      code: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
async function debit(tx: Prisma.TransactionClient, id: number, amount: number) {
  const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
  await tx.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });
}
export async function pay(id: number, amount: number) {
  await prisma.$transaction((tx) => debit(tx, id, amount), { isolationLevel: Prisma.TransactionIsolationLevel.Serializable });
}`,
    },
  ],
  invalid: [
    // the read and the write are methods of an object-literal DAO in another file
    {
      filename,
      code: walletDao + `export async function pay(id: number, amount: number) {
  const wallet = await walletDao.find(id);
  await walletDao.setBalance(id, wallet.balance - amount);
}`,
      errors: [{ messageId: 'lostUpdate', line: 4, column: 9, suggestions: [] }],
    },
    // the DAO's method returns the field it read, through the object's own \`this.find\`
    {
      filename,
      code: walletDao + `export async function pay(id: number, amount: number) {
  const balance = await walletDao.balanceOf(id);
  await walletDao.setBalance(id, balance - amount);
}`,
      errors: [{ messageId: 'lostUpdate', line: 4, column: 9, suggestions: [] }],
    },
    // a stale check before the DAO's atomic decrement still oversells
    {
      filename,
      code: walletDao + `export async function pay(id: number, amount: number) {
  const wallet = await walletDao.find(id);
  if (wallet.balance < amount) throw new Error('insufficient funds');
  await walletDao.addToBalance(id, -amount);
}`,
      errors: [{ messageId: 'staleGuard', line: 5, column: 9, suggestions: [] }],
    },
    // the helper is handed a transaction, and its caller opens it at the default level
    {
      filename,
      code: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
async function debit(tx: Prisma.TransactionClient, id: number, amount: number) {
  const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
  await tx.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });
}
export async function pay(id: number, amount: number) {
  await prisma.$transaction((tx) => debit(tx, id, amount));
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: `import { PrismaClient, Prisma } from '@prisma/client';
const prisma = new PrismaClient();
async function debit(tx: Prisma.TransactionClient, id: number, amount: number) {
  const wallet = await tx.wallet.findUniqueOrThrow({ where: { id } });
  await tx.wallet.update({ where: { id }, data: { balance: { decrement: amount } } });
}
export async function pay(id: number, amount: number) {
  await prisma.$transaction((tx) => debit(tx, id, amount));
}`,
            },
          ],
        },
      ],
    },
  ],
});

// With type information the checker resolves what the code alone does not show: here a
// repository returned by a factory.
typedRuleTester.run('no-check-then-create (across files, with type information)', createRule, {
  valid: [],
  invalid: [
    {
      filename,
      code: `import { CouponRepository } from './coupon-repository.js';
declare function repositoryFor(name: 'coupons'): CouponRepository;
export async function issue(code: string) {
  const repo = repositoryFor('coupons');
  if (await repo.findByCode(code)) return;
  return repo.insert(code, 1);
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: 'P2002', requirement: orConstraint },
              output: `import { CouponRepository } from './coupon-repository.js';
declare function repositoryFor(name: 'coupons'): CouponRepository;
export async function issue(code: string) {
  const repo = repositoryFor('coupons');
  if (await repo.findByCode(code)) return;
  ${caught('return await repo.insert(code, 1);', 'return;')}
}`,
            },
          ],
        },
      ],
    },
  ],
});
