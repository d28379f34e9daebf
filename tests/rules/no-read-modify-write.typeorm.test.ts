import rule from '../../src/rules/no-read-modify-write.js';
import { ruleTester } from '../rule-tester.js';

// Account, Page and Product are entities with an `id` primary key (src/typeorm/ledger.ts).
const header = `import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, QueryRunner, Repository } from 'typeorm';
import { Account, Page, Product } from './src/typeorm/ledger';
`;

ruleTester.run('no-read-modify-write (typeorm)', rule, {
  valid: [
    // atomic increment, nothing read
    header + `export async function deposit(repo: Repository<Account>, id: number, amount: number) {
  await repo.increment({ id }, 'balance', amount);
}`,
    // the read only checks existence; the increment does not depend on it
    header + `export async function deposit(repo: Repository<Account>, id: number, amount: number) {
  const account = await repo.findOneBy({ id });
  if (!account) throw new Error('no account');
  await repo.increment({ id: account.id }, 'balance', amount);
}`,
    // permission check; the written value comes from the input
    header + `export async function annotate(repo: Repository<Account>, id: number, userId: number, note: string) {
  const account = await repo.findOneByOrFail({ id });
  if (account.ownerId !== userId) throw new Error('forbidden');
  await repo.update({ id }, { note });
}`,
    // a pessimistic write lock inside the transaction
    header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.transaction(async (manager) => {
    const account = await manager.findOne(Account, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!account || account.balance < amount) throw new Error('insufficient');
    account.balance -= amount;
    await manager.save(account);
  });
}`,
    // the same lock taken by a query builder
    header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.manager.transaction(async (em) => {
    const account = await em.getRepository(Account).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOneOrFail();
    await em.update(Account, { id }, { balance: account.balance - amount });
  });
}`,
    // SERIALIZABLE: the second transaction fails to commit
    header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.transaction('SERIALIZABLE', async (manager) => {
    const account = await manager.findOneByOrFail(Account, { id });
    account.balance -= amount;
    await manager.save(account);
  });
}`,
    // SERIALIZABLE through a query runner
    header + `export async function withdraw(queryRunner: QueryRunner, id: number, amount: number) {
  await queryRunner.startTransaction('SERIALIZABLE');
  const account = await queryRunner.manager.findOneByOrFail(Account, { id });
  await queryRunner.manager.update(Account, { id }, { balance: account.balance - amount });
  await queryRunner.commitTransaction();
}`,
    // REPEATABLE READ on PostgreSQL aborts the second writer
    header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.transaction('REPEATABLE READ', async (manager) => {
    const account = await manager.findOneByOrFail(Account, { id });
    await manager.update(Account, { id }, { balance: account.balance - amount });
  });
}`,
    // optimistic version check with the affected rows checked
    header + `export async function withdraw(repo: Repository<Account>, id: number, amount: number) {
  const account = await repo.findOneByOrFail({ id });
  const result = await repo.update({ id, version: account.version }, { balance: account.balance - amount, version: account.version + 1 });
  if (result.affected === 0) throw new Error('changed meanwhile, retry');
}`,
    // conditional decrement: the guard is in the WHERE and the row count is checked
    header + `export async function buy(dataSource: DataSource, id: number, qty: number) {
  const product = await dataSource.getRepository(Product).findOneByOrFail({ id });
  if (product.stock < qty) throw new Error('sold out');
  const result = await dataSource
    .createQueryBuilder()
    .update(Product)
    .set({ stock: () => 'stock - :qty' })
    .where('id = :id AND stock >= :qty', { id, qty })
    .execute();
  if (result.affected === 0) throw new Error('sold out');
}`,
    // the query builder computes the new value in SQL
    header + `export async function visit(dataSource: DataSource, id: number) {
  const page = await dataSource.getRepository(Page).findOneByOrFail({ id });
  await dataSource.createQueryBuilder().update(Page).set({ views: () => 'views + 1' }).where('id = :id', { id }).execute();
  return page.title;
}`,
    // another record: read one account, credit another
    header + `export async function transfer(repo: Repository<Account>, fromId: number, toId: number, amount: number) {
  const from = await repo.findOneByOrFail({ id: fromId });
  await repo.update({ id: toId }, { balance: from.balance + amount });
}`,
    // an in-memory cart is not shared state
    header + `const carts = new Map<string, { items: number[] }>();
export async function addToCart(repo: Repository<Product>, cartId: string, id: number) {
  const product = await repo.findOneByOrFail({ id });
  const cart = carts.get(cartId) ?? { items: [] };
  cart.items = [...cart.items, product.id];
  carts.set(cartId, cart);
}`,
    // request-scoped session state
    header + `export async function countVisit(repo: Repository<Page>, req: { session: { views: number } }, id: number) {
  const page = await repo.findOneByOrFail({ id });
  req.session.views = req.session.views + 1;
  return page;
}`,
    // the write comes before the read
    header + `export async function reset(repo: Repository<Account>, id: number) {
  await repo.update({ id }, { balance: 0 });
  const account = await repo.findOneByOrFail({ id });
  return account.balance;
}`,
  ],
  invalid: [
    {
      // entity mutate and save
      code: header + `export async function deposit(repo: Repository<Account>, id: number, amount: number) {
  const account = await repo.findOneBy({ id });
  if (!account) throw new Error('no account');
  account.balance += amount;
  await repo.save(account);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function deposit(repo: Repository<Account>, id: number, amount: number) {
  const account = await repo.findOneBy({ id });
  if (!account) throw new Error('no account');
  account.balance += amount;
  await repo.increment({ id: account.id }, 'balance', amount);
}` },
          ],
        },
      ],
    },
    {
      // update computed from the read
      code: header + `export async function deposit(repo: Repository<Account>, id: number, amount: number) {
  const account = await repo.findOneByOrFail({ id });
  await repo.update({ id: account.id }, { balance: account.balance + amount });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function deposit(repo: Repository<Account>, id: number, amount: number) {
  const account = await repo.findOneByOrFail({ id });
  await repo.increment({ id: account.id }, 'balance', amount);
}` },
          ],
        },
      ],
    },
    {
      // update by primary key: the increment takes a where object
      code: header + `export async function deposit(repo: Repository<Account>, id: number, amount: number) {
  const account = await repo.findOneByOrFail({ id });
  await repo.update(id, { balance: amount + account.balance });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function deposit(repo: Repository<Account>, id: number, amount: number) {
  const account = await repo.findOneByOrFail({ id });
  await repo.increment({ id }, 'balance', amount);
}` },
          ],
        },
      ],
    },
    {
      // an injected repository; the save resolves to the entity, and still does
      code: header + `export class PagesService {
  constructor(@InjectRepository(Page) private readonly pages: Repository<Page>) {}

  async visit(id: number): Promise<Page> {
    const page = await this.pages.findOneByOrFail({ id });
    page.views++;
    return this.pages.save(page);
  }
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 10,
          column: 12,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export class PagesService {
  constructor(@InjectRepository(Page) private readonly pages: Repository<Page>) {}

  async visit(id: number): Promise<Page> {
    const page = await this.pages.findOneByOrFail({ id });
    page.views++;
    return this.pages.increment({ id: page.id }, 'views', 1).then(() => page);
  }
}` },
          ],
        },
      ],
    },
    {
      // oversell: an atomic decrement decided by a stale check
      code: header + `export async function withdraw(repo: Repository<Account>, id: number, amount: number) {
  const account = await repo.findOneByOrFail({ id });
  if (account.balance < amount) throw new Error('insufficient');
  await repo.decrement({ id }, 'balance', amount);
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
      // a transaction at the default level: atomic, lock or serializable
      code: header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.transaction(async (manager) => {
    const account = await manager.findOne(Account, { where: { id } });
    if (!account) throw new Error('no account');
    account.balance -= amount;
    await manager.save(account);
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 9,
          column: 11,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.transaction(async (manager) => {
    const account = await manager.findOne(Account, { where: { id } });
    if (!account) throw new Error('no account');
    account.balance -= amount;
    await manager.decrement(Account, { id: account.id }, 'balance', amount);
  });
}` },
            { messageId: 'lockRead', output: header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.transaction(async (manager) => {
    const account = await manager.findOne(Account, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!account) throw new Error('no account');
    account.balance -= amount;
    await manager.save(account);
  });
}` },
            { messageId: 'useSerializable', output: header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.transaction('SERIALIZABLE', async (manager) => {
    const account = await manager.findOne(Account, { where: { id } });
    if (!account) throw new Error('no account');
    account.balance -= amount;
    await manager.save(account);
  });
}` },
          ],
        },
      ],
    },
    {
      // a repository of the transaction manager; a findOneBy becomes a findOne that locks
      code: header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.manager.transaction(async (em) => {
    const accounts = em.getRepository(Account);
    const account = await accounts.findOneByOrFail({ id });
    if (account.balance < amount) throw new Error('insufficient');
    await accounts.decrement({ id }, 'balance', amount);
  });
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 9,
          column: 11,
          suggestions: [
            { messageId: 'lockRead', output: header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.manager.transaction(async (em) => {
    const accounts = em.getRepository(Account);
    const account = await accounts.findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (account.balance < amount) throw new Error('insufficient');
    await accounts.decrement({ id }, 'balance', amount);
  });
}` },
            { messageId: 'useSerializable', output: header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.manager.transaction('SERIALIZABLE', async (em) => {
    const accounts = em.getRepository(Account);
    const account = await accounts.findOneByOrFail({ id });
    if (account.balance < amount) throw new Error('insufficient');
    await accounts.decrement({ id }, 'balance', amount);
  });
}` },
          ],
        },
      ],
    },
    {
      // READ COMMITTED named: the level is replaced
      code: header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.transaction('READ COMMITTED', async (manager) => {
    const account = await manager.findOneBy(Account, { id });
    if (!account) return;
    await manager.update(Account, account.id, { balance: account.balance - amount });
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 11,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.transaction('READ COMMITTED', async (manager) => {
    const account = await manager.findOneBy(Account, { id });
    if (!account) return;
    await manager.decrement(Account, { id: account.id }, 'balance', amount);
  });
}` },
            { messageId: 'lockRead', output: header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.transaction('READ COMMITTED', async (manager) => {
    const account = await manager.findOne(Account, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!account) return;
    await manager.update(Account, account.id, { balance: account.balance - amount });
  });
}` },
            { messageId: 'useSerializable', output: header + `export async function withdraw(dataSource: DataSource, id: number, amount: number) {
  await dataSource.transaction('SERIALIZABLE', async (manager) => {
    const account = await manager.findOneBy(Account, { id });
    if (!account) return;
    await manager.update(Account, account.id, { balance: account.balance - amount });
  });
}` },
          ],
        },
      ],
    },
    {
      // a query runner and a query builder read: the lock is a setLock link
      code: header + `export async function withdraw(queryRunner: QueryRunner, id: number, amount: number) {
  await queryRunner.startTransaction();
  const account = await queryRunner.manager
    .createQueryBuilder(Account, 'a')
    .where('a.id = :id', { id })
    .getOneOrFail();
  await queryRunner.manager.update(Account, { id }, { balance: account.balance - amount });
  await queryRunner.commitTransaction();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 10,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function withdraw(queryRunner: QueryRunner, id: number, amount: number) {
  await queryRunner.startTransaction();
  const account = await queryRunner.manager
    .createQueryBuilder(Account, 'a')
    .where('a.id = :id', { id })
    .getOneOrFail();
  await queryRunner.manager.decrement(Account, { id }, 'balance', amount);
  await queryRunner.commitTransaction();
}` },
            { messageId: 'lockRead', output: header + `export async function withdraw(queryRunner: QueryRunner, id: number, amount: number) {
  await queryRunner.startTransaction();
  const account = await queryRunner.manager
    .createQueryBuilder(Account, 'a')
    .where('a.id = :id', { id })
    .setLock('pessimistic_write')
    .getOneOrFail();
  await queryRunner.manager.update(Account, { id }, { balance: account.balance - amount });
  await queryRunner.commitTransaction();
}` },
          ],
        },
      ],
    },
    {
      // read through a repository outside the transaction: a lock there would not be held
      code: header + `export async function withdraw(dataSource: DataSource, accounts: Repository<Account>, id: number, amount: number) {
  await dataSource.transaction(async (manager) => {
    const account = await accounts.findOneByOrFail({ id });
    account.balance -= amount;
    await manager.save(account);
  });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 11,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function withdraw(dataSource: DataSource, accounts: Repository<Account>, id: number, amount: number) {
  await dataSource.transaction(async (manager) => {
    const account = await accounts.findOneByOrFail({ id });
    account.balance -= amount;
    await manager.decrement(Account, { id: account.id }, 'balance', amount);
  });
}` },
            { messageId: 'useSerializable', output: header + `export async function withdraw(dataSource: DataSource, accounts: Repository<Account>, id: number, amount: number) {
  await dataSource.transaction('SERIALIZABLE', async (manager) => {
    const account = await accounts.findOneByOrFail({ id });
    account.balance -= amount;
    await manager.save(account);
  });
}` },
          ],
        },
      ],
    },
    {
      // two counters: one increment per column
      code: header + `export async function restock(repo: Repository<Product>, id: number, qty: number) {
  const product = await repo.findOneByOrFail({ id });
  product.stock += qty;
  product.sold -= qty;
  await repo.save(product);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicUpdate', output: header + `export async function restock(repo: Repository<Product>, id: number, qty: number) {
  const product = await repo.findOneByOrFail({ id });
  product.stock += qty;
  product.sold -= qty;
  await repo.increment({ id: product.id }, 'stock', qty);
  await repo.decrement({ id: product.id }, 'sold', qty);
}` },
          ],
        },
      ],
    },
    {
      // the save also writes a field from the input: no increment replaces it
      code: header + `export async function visit(repo: Repository<Page>, id: number, title: string) {
  const page = await repo.findOneByOrFail({ id });
  page.views += 1;
  page.title = title;
  await repo.save(page);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // array append
      code: header + `export async function tag(repo: Repository<Page>, id: number, label: string) {
  const page = await repo.findOneByOrFail({ id });
  page.tags = [...page.tags, label];
  await repo.save(page);
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
      // a query builder update computed from the read
      code: header + `export async function visit(dataSource: DataSource, id: number) {
  const page = await dataSource.getRepository(Page).findOneByOrFail({ id });
  await dataSource.createQueryBuilder().update(Page).set({ views: page.views + 1 }).where('id = :id', { id }).execute();
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
      // optimistic version check whose result nobody checks
      code: header + `export async function withdraw(repo: Repository<Account>, id: number, amount: number) {
  const account = await repo.findOneByOrFail({ id });
  await repo.update({ id, version: account.version }, { balance: account.balance - amount, version: account.version + 1 });
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
  ],
});
