import type { Case } from '../cases.js';

const entities = `import { Column, DataSource, Entity, PrimaryGeneratedColumn, type QueryRunner, type Repository } from 'typeorm';

@Entity()
export class Account {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('int')
  balance!: number;
}

@Entity()
export class Product {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('int')
  stock!: number;

  @Column('int')
  sold!: number;
}

export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [Account, Product] });
`;

export const cases: readonly Case[] = [
  {
    name: 'typeorm-rmw-manager-save',
    rule: 'no-read-modify-write',
    code: `${entities}
export async function withdraw(id: number, amount: number): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const account = await manager.findOne(Account, { where: { id } });
    if (!account) throw new Error('No such account');
    account.balance -= amount;
    await manager.save(account);
  });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead', 'useSerializable'],
  },
  {
    name: 'typeorm-rmw-service-save-result',
    rule: 'no-read-modify-write',
    code: `${entities}
export class StockService {
  constructor(private readonly products: Repository<Product> = dataSource.getRepository(Product)) {}

  async restock(id: number, quantity: number): Promise<Product> {
    const product = await this.products.findOneByOrFail({ id });
    product.stock += quantity;
    return this.products.save(product);
  }
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'typeorm-rmw-update-by-id',
    rule: 'no-read-modify-write',
    code: `${entities}
export async function deposit(id: number, amount: number): Promise<void> {
  const accounts = dataSource.getRepository(Account);
  const account = await accounts.findOneByOrFail({ id });
  await accounts.update(id, { balance: account.balance + amount });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'typeorm-rmw-two-counters',
    rule: 'no-read-modify-write',
    code: `${entities}
export async function sell(products: Repository<Product>, id: number, quantity: number): Promise<void> {
  const product = await products.findOneByOrFail({ id });
  product.stock -= quantity;
  product.sold += quantity;
  await products.save(product);
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'typeorm-rmw-query-runner-builder',
    rule: 'no-read-modify-write',
    code: `${entities}
export async function withdraw(queryRunner: QueryRunner, id: number, amount: number): Promise<void> {
  await queryRunner.startTransaction();
  try {
    const account = await queryRunner.manager
      .createQueryBuilder(Account, 'account')
      .where('account.id = :id', { id })
      .getOneOrFail();
    await queryRunner.manager.update(Account, { id }, { balance: account.balance - amount });
    await queryRunner.commitTransaction();
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  }
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate', 'lockRead'],
  },
  {
    name: 'typeorm-rmw-stale-guard-read-committed',
    rule: 'no-read-modify-write',
    code: `${entities}
export async function sell(id: number, quantity: number): Promise<void> {
  await dataSource.manager.transaction('READ COMMITTED', async (em) => {
    const products = em.getRepository(Product);
    const product = await products.findOneByOrFail({ id });
    if (product.stock < quantity) throw new Error('Sold out');
    await products.decrement({ id }, 'stock', quantity);
  });
}
`,
    report: 'staleGuard',
    suggestions: ['lockRead', 'useSerializable'],
  },
];
