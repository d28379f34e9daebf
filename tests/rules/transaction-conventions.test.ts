import rule from '../../src/rules/no-read-modify-write.js';
import createRule from '../../src/rules/no-check-then-create.js';
import { ruleTester } from '../rule-tester.js';

// Transactions and locks the project's own code or a context library provides: the wrappers and
// lock helpers named in settings.race, @Transactional() methods, and a transaction handed in.
const header = "import { PrismaClient, Prisma } from '@prisma/client';\nconst prisma = new PrismaClient();\n";
const settings = {
  race: {
    transactionWrappers: [{ name: 'withSerializable', isolation: 'serializable' }, 'withTransaction', 'Transactional'],
    lockHelpers: ['acquireLock', 'locks.withLock'],
  },
};
const debit = (client: string) => `const wallet = await ${client}.wallet.findUniqueOrThrow({ where: { id } });
    await ${client}.wallet.update({ where: { id }, data: { balance: wallet.balance - amount } });`;
const atomicDebit = (client: string) => `const wallet = await ${client}.wallet.findUniqueOrThrow({ where: { id } });
    await ${client}.wallet.update({ where: { id }, data: { balance: { decrement: amount } } });`;

ruleTester.run('no-read-modify-write (project transactions and locks)', rule, {
  valid: [
    {
      // a wrapper the settings say runs at SERIALIZABLE
      code: header + `export async function pay(id: number, amount: number) {
  await withSerializable(async (tx) => {
    ${debit('tx')}
  });
}`,
      settings,
    },
    {
      // a lock helper that runs its callback while holding the lock
      code: header + `export async function pay(id: number, amount: number) {
  await locks.withLock(\`wallet:\${id}\`, async () => {
    ${debit('prisma')}
  });
}`,
      settings,
    },
    {
      // a lock helper called before the read
      code: header + `export async function pay(id: number, amount: number) {
  await acquireLock(\`wallet:\${id}\`);
  ${debit('prisma')}
}`,
      settings,
    },
    {
      // typeorm-transactional's decorator at SERIALIZABLE
      code: header + `import { Transactional, IsolationLevel } from 'typeorm-transactional';
export class Wallets {
  @Transactional({ isolationLevel: IsolationLevel.SERIALIZABLE })
  async pay(id: number, amount: number) {
    ${debit('prisma')}
  }
}`,
    },
    {
      // @nestjs-cls/transactional's withTransaction at SERIALIZABLE
      code: header + `import { TransactionHost } from '@nestjs-cls/transactional';
export async function pay(txHost: TransactionHost, id: number, amount: number) {
  await txHost.withTransaction({ isolationLevel: 'SERIALIZABLE' }, async () => {
    ${debit('prisma')}
  });
}`,
    },
  ],
  invalid: [
    {
      // without the settings, the same helper is an unknown call
      code: header + `export async function pay(id: number, amount: number) {
  await acquireLock(\`wallet:\${id}\`);
  ${debit('prisma')}
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function pay(id: number, amount: number) {
  await acquireLock(\`wallet:\${id}\`);
  ${atomicDebit('prisma')}
}`,
            },
          ],
        },
      ],
    },
    {
      // a wrapper at its default level, named in the settings
      code: header + `export async function pay(id: number, amount: number) {
  await withTransaction(async (db) => {
    ${debit('db')}
  });
}`,
      settings,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 11,
          data: {
            read: 'db.wallet.findUniqueOrThrow',
            readLine: '5',
            write: 'db.wallet.update',
            writeLine: '6',
            fields: '`balance`',
            context:
              ' The transaction does not prevent it: at the default isolation level (READ COMMITTED on PostgreSQL) a plain read takes no lock, so both transactions read the same value.',
          },
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function pay(id: number, amount: number) {
  await withTransaction(async (db) => {
    ${atomicDebit('db')}
  });
}`,
            },
          ],
        },
      ],
    },
    {
      // a transaction handed in by the caller, at a level only the caller knows
      code: header + `export async function debit(tx: Prisma.TransactionClient, id: number, amount: number) {
    ${debit('tx')}
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 11,
          data: {
            read: 'tx.wallet.findUniqueOrThrow',
            readLine: '4',
            write: 'tx.wallet.update',
            writeLine: '5',
            fields: '`balance`',
            context:
              ' The transaction handed in by the caller does not prevent it unless the caller runs it at SERIALIZABLE: at the default level a plain read takes no lock.',
          },
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export async function debit(tx: Prisma.TransactionClient, id: number, amount: number) {
    ${atomicDebit('tx')}
}`,
            },
          ],
        },
      ],
    },
    {
      // a decorator of the project's, at its default level
      code: header + `export class Wallets {
  @Transactional()
  async pay(id: number, amount: number) {
    ${debit('prisma')}
  }
}`,
      settings,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: header + `export class Wallets {
  @Transactional()
  async pay(id: number, amount: number) {
    ${atomicDebit('prisma')}
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-check-then-create (project locks)', createRule, {
  valid: [
    {
      code: header + `export async function claim(code: string) {
  await acquireLock(\`coupon:\${code}\`);
  const found = await prisma.coupon.findFirst({ where: { code } });
  if (found) return found;
  return prisma.coupon.create({ data: { code, amount: 5 } });
}`,
      settings,
    },
  ],
  invalid: [],
});
