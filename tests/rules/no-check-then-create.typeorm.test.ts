import rule from '../../src/rules/no-check-then-create.js';
import { fixtureFile, ruleTester, typedRuleTester } from '../rule-tester.js';

// Subscriber.email is unique (@Column({ unique: true })); Pledge.code is not.
const header = `import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, QueryRunner, Repository } from 'typeorm';
import { Subscriber } from './src/typeorm/subscriber';
import { Pledge } from './src/typeorm/pledge';
`;
const catchTest = "error instanceof Object && 'code' in error && (error.code === '23505' || error.code === 'ER_DUP_ENTRY')";

ruleTester.run('no-check-then-create (typeorm)', rule, {
  valid: [
    // upsert is one statement
    header + `export async function subscribe(repo: Repository<Subscriber>, email: string) {
  const found = await repo.findOneBy({ email });
  if (!found) await repo.upsert({ email, name: email }, ['email']);
}`,
    // INSERT … ON CONFLICT DO NOTHING through the query builder
    header + `export async function pledge(dataSource: DataSource, code: string) {
  const found = await dataSource.getRepository(Pledge).findOneBy({ code });
  if (found) return;
  await dataSource.createQueryBuilder().insert().into(Pledge).values({ code, backerId: 1 }).orIgnore().execute();
}`,
    // unique e-mail and the driver's unique-violation code handled
    header + `export async function subscribe(repo: Repository<Subscriber>, email: string) {
  if (await repo.existsBy({ email })) return;
  try {
    await repo.insert({ email, name: email });
  } catch (error) {
    if (error instanceof Object && 'code' in error && error.code === '23505') return;
    throw error;
  }
}`,
    // a serializable transaction
    header + `export async function pledge(dataSource: DataSource, code: string) {
  await dataSource.transaction('SERIALIZABLE', async (manager) => {
    const found = await manager.findOneBy(Pledge, { code });
    if (!found) await manager.save(Pledge, { code, backerId: 1 });
  });
}`,
    // serializable through a query runner
    header + `export async function pledge(queryRunner: QueryRunner, code: string) {
  await queryRunner.startTransaction('SERIALIZABLE');
  const found = await queryRunner.manager.findOneBy(Pledge, { code });
  if (!found) await queryRunner.manager.insert(Pledge, { code, backerId: 1 });
  await queryRunner.commitTransaction();
}`,
    // a pessimistic write lock on the backer's row serialises the backer's pledges
    header + `export async function pledge(dataSource: DataSource, backerId: number, code: string) {
  await dataSource.manager.transaction(async (manager) => {
    await manager.findOne(Subscriber, { where: { id: backerId }, lock: { mode: 'pessimistic_write' } });
    const found = await manager.findOneBy(Pledge, { code, backerId });
    if (!found) await manager.save(Pledge, { code, backerId });
  });
}`,
    // the same lock taken by the query builder
    header + `export async function pledge(dataSource: DataSource, backerId: number, code: string) {
  await dataSource.transaction(async (em) => {
    await em.getRepository(Subscriber).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :backerId', { backerId }).getOne();
    const found = await em.getRepository(Pledge).findOneBy({ code, backerId });
    if (!found) await em.getRepository(Pledge).insert({ code, backerId });
  });
}`,
    // a lock on the checked rows, where the dialect is unknown: given the benefit of the doubt
    {
      code: header + `export async function pledge(dataSource: DataSource, code: string) {
  await dataSource.transaction(async (manager) => {
    const found = await manager.findOne(Pledge, { where: { code }, lock: { mode: 'pessimistic_write' } });
    if (!found) await manager.save(Pledge, { code, backerId: 1 });
  });
}`,
      filename: fixtureFile('bare'),
    },
    // the check reads another entity than the create writes
    header + `export async function pledge(manager: EntityManager, email: string) {
  const subscriber = await manager.findOneBy(Subscriber, { email });
  if (!subscriber) throw new Error('unknown subscriber');
  await manager.insert(Pledge, { code: email, backerId: subscriber.id });
}`,
    // the create does not depend on the check
    header + `export async function pledge(repo: Repository<Pledge>, code: string) {
  const before = await repo.countBy({ code });
  await repo.insert({ code, backerId: 1 });
  return before;
}`,
    // saving an entity that was read is an update
    header + `export async function raise(repo: Repository<Pledge>, code: string) {
  const pledge = await repo.findOneBy({ code });
  if (!pledge) throw new Error('missing');
  pledge.amount = 5;
  await repo.save(pledge);
}`,
    // OR filters (an array of where objects) name no single key
    header + `export async function pledge(repo: Repository<Pledge>, code: string, backerId: number) {
  const found = await repo.findOne({ where: [{ code }, { backerId }] });
  if (!found) await repo.insert({ code, backerId });
}`,
    // the create writes another field than the check filtered on
    header + `export async function pledge(repo: Repository<Pledge>, code: string) {
  if (await repo.existsBy({ code })) return;
  await repo.insert({ backerId: 1 });
}`,
    // in-memory and synchronous: no other request can run in between
    `export function remember(seen: Map<string, number>, code: string) {
  if (!seen.has(code)) seen.set(code, 1);
}`,
    // same method names on an object nothing shows to be a TypeORM repository
    `class Store { findOneBy = async (_: object) => null; save = async (_: object) => 1 }
export async function keep(store: Store, code: string) {
  if (await store.findOneBy({ code })) return;
  await store.save({ code });
}`,
    // find-or-build then save, where the fallback is another read: every path saves a found entity
    header + `export async function raise(repo: Repository<Pledge>, code: string) {
  let pledge = await repo.findOneBy({ code });
  if (!pledge) pledge = await repo.findOneByOrFail({ code: 'default' });
  pledge.amount = 5;
  await repo.save(pledge);
}`,
    // the check throws when nothing is found: the save updates the entity it found
    header + `export async function raise(repo: Repository<Pledge>, code: string) {
  let pledge = await repo.findOneBy({ code });
  if (!pledge) throw new Error('missing');
  pledge.amount = (pledge.amount ?? 0) + 1;
  await repo.save(pledge);
}`,
    // the build runs either way; the check only feeds a field of it
    header + `export async function pledge(repo: Repository<Pledge>, code: string) {
  const found = await repo.findOneBy({ code });
  const pledge = repo.create({ code, backerId: 1 });
  pledge.note = found ? 'again' : 'first';
  await repo.save(pledge);
}`,
    // the built entity never reaches the save: one branch builds, the other saves what was found
    header + `export async function touch(repo: Repository<Pledge>, code: string) {
  let pledge = await repo.findOneBy({ code });
  if (!pledge) pledge = repo.create({ code, backerId: 1 });
  else await repo.save(pledge);
  return pledge;
}`,
    // … or the branch that builds returns before the save
    header + `export async function touch(repo: Repository<Pledge>, code: string) {
  let pledge = await repo.findOneBy({ code });
  if (!pledge) {
    pledge = repo.create({ code, backerId: 1 });
    return pledge;
  }
  pledge.amount = 5;
  await repo.save(pledge);
}`,
    // find-or-build in memory: a per-process map is not shared state
    `export async function touch(cache: Map<string, { code: string; uses: number }>, code: string) {
  let entry = cache.get(code);
  if (!entry) entry = { code, uses: 0 };
  entry.uses += 1;
  await Promise.resolve();
  cache.set(code, entry);
}`,
  ],
  invalid: [
    {
      // NestJS service: the unique index stops the duplicate, nothing handles the violation
      code: header + `export class SubscriberService {
  constructor(@InjectRepository(Subscriber) private readonly subscribers: Repository<Subscriber>) {}

  async subscribe(email: string, name: string) {
    const existing = await this.subscribers.findOneBy({ email });
    if (existing) throw new Error('already subscribed');
    await this.subscribers.save({ email, name });
  }
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 11,
          column: 11,
          data: {
            race: 'Two concurrent calls can both run `this.subscribers.findOneBy` (line 9) and find no Subscriber with this email before either runs `this.subscribers.save` (line 11)',
            constraint: 'The unique constraint @Column({ unique: true }) on Subscriber.email (src/typeorm/subscriber.ts)',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: 'an insert with `.orIgnore()` (ON CONFLICT DO NOTHING)' },
              output: header + `export class SubscriberService {
  constructor(@InjectRepository(Subscriber) private readonly subscribers: Repository<Subscriber>) {}

  async subscribe(email: string, name: string) {
    const existing = await this.subscribers.findOneBy({ email });
    if (existing) throw new Error('already subscribed');
    await this.subscribers.createQueryBuilder().insert().values({ email, name }).orIgnore().execute();
  }
}`,
            },
            {
              messageId: 'catchConflict',
              data: { code: '23505 / ER_DUP_ENTRY / SQLITE_CONSTRAINT', requirement: '' },
              output: header + `export class SubscriberService {
  constructor(@InjectRepository(Subscriber) private readonly subscribers: Repository<Subscriber>) {}

  async subscribe(email: string, name: string) {
    const existing = await this.subscribers.findOneBy({ email });
    if (existing) throw new Error('already subscribed');
    try {
      await this.subscribers.save({ email, name });
    } catch (error) {
      if (!(${catchTest})) throw error;
      throw new Error('already subscribed');
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // repository from the data source; the entity is built with `create` and saved later
      code: header + `export async function pledge(dataSource: DataSource, code: string, backerId: number) {
  const found = await dataSource.getRepository(Pledge).findOne({ where: { code } });
  if (found) return found;
  const pledge = dataSource.getRepository(Pledge).create({ code, backerId });
  await dataSource.getRepository(Pledge).save(pledge);
  return pledge;
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 9,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `dataSource.getRepository(Pledge).findOne` (line 6) and find no Pledge with this code before either runs `dataSource.getRepository(Pledge).save` (line 9)',
            schema: 'No unique constraint on Pledge (code) was found in src/typeorm/pledge.ts.',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              data: { form: 'an insert with `.orIgnore()` (ON CONFLICT DO NOTHING), after adding a unique constraint on Pledge (code)' },
              output: header + `export async function pledge(dataSource: DataSource, code: string, backerId: number) {
  const found = await dataSource.getRepository(Pledge).findOne({ where: { code } });
  if (found) return found;
  const pledge = dataSource.getRepository(Pledge).create({ code, backerId });
  await dataSource.getRepository(Pledge).createQueryBuilder().insert().values(pledge).orIgnore().execute();
  return pledge;
}`,
            },
            // no catch: its branch would return `found`, which is empty there
          ],
        },
      ],
    },
    {
      // query builder read keyed by a where string, query builder insert
      code: header + `export async function pledge(repo: Repository<Pledge>, code: string) {
  const found = await repo.createQueryBuilder('p').where('p.code = :code', { code }).getOne();
  if (!found) {
    await repo
      .createQueryBuilder()
      .insert()
      .values({ code, backerId: 1 })
      .execute();
  }
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 8,
          column: 11,
          data: {
            race: "Two concurrent calls can both run `repo.createQueryBuilder('p').where().getOne()` (line 6) and find no Pledge with this code before either runs `repo.createQueryBuilder().insert().values().execute()` (line 8)",
            schema: 'No unique constraint on Pledge (code) was found in src/typeorm/pledge.ts.',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + `export async function pledge(repo: Repository<Pledge>, code: string) {
  const found = await repo.createQueryBuilder('p').where('p.code = :code', { code }).getOne();
  if (!found) {
    await repo
      .createQueryBuilder()
      .insert()
      .values({ code, backerId: 1 })
      .orIgnore()
      .execute();
  }
}`,
            },
            {
              messageId: 'catchConflict',
              output: header + `export async function pledge(repo: Repository<Pledge>, code: string) {
  const found = await repo.createQueryBuilder('p').where('p.code = :code', { code }).getOne();
  if (!found) {
    try {
      await repo
      .createQueryBuilder()
      .insert()
      .values({ code, backerId: 1 })
      .execute();
    } catch (error) {
      if (!(${catchTest})) throw error;
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
      // a transaction at the default isolation level does not stop the race
      code: header + `export async function pledge(dataSource: DataSource, code: string) {
  await dataSource.transaction(async (manager) => {
    const taken = await manager.count(Pledge, { where: { code } });
    if (taken > 0) return;
    await manager.insert(Pledge, { code, backerId: 1 });
  });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 9,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + `export async function pledge(dataSource: DataSource, code: string) {
  await dataSource.transaction(async (manager) => {
    const taken = await manager.count(Pledge, { where: { code } });
    if (taken > 0) return;
    await manager.createQueryBuilder().insert().into(Pledge).values({ code, backerId: 1 }).orIgnore().execute();
  });
}`,
            },
            {
              messageId: 'catchConflict',
              output: header + `export async function pledge(dataSource: DataSource, code: string) {
  await dataSource.transaction(async (manager) => {
    const taken = await manager.count(Pledge, { where: { code } });
    if (taken > 0) return;
    try {
      await manager.insert(Pledge, { code, backerId: 1 });
    } catch (error) {
      if (!(${catchTest})) throw error;
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
      // custom repository: `this` is the repository; the entity's fields are set one by one
      code: header + `export class PledgeRepository extends Repository<Pledge> {
  async open(code: string, backerId: number) {
    if (await this.exists({ where: { code, deletedAt: IsNull() } })) return;
    const pledge = new Pledge();
    pledge.code = code;
    pledge.backerId = backerId;
    await this.save(pledge);
  }
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 11,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + `export class PledgeRepository extends Repository<Pledge> {
  async open(code: string, backerId: number) {
    if (await this.exists({ where: { code, deletedAt: IsNull() } })) return;
    const pledge = new Pledge();
    pledge.code = code;
    pledge.backerId = backerId;
    await this.createQueryBuilder().insert().values(pledge).orIgnore().execute();
  }
}`,
            },
            {
              messageId: 'catchConflict',
              output: header + `export class PledgeRepository extends Repository<Pledge> {
  async open(code: string, backerId: number) {
    if (await this.exists({ where: { code, deletedAt: IsNull() } })) return;
    const pledge = new Pledge();
    pledge.code = code;
    pledge.backerId = backerId;
    try {
      await this.save(pledge);
    } catch (error) {
      if (!(${catchTest})) throw error;
      return;
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // find-or-create through a variable that the branch reassigns; Object.assign builds the entity
      code: header + `export async function pledgeFor(repo: Repository<Pledge>, code: string) {
  let pledge = await repo.findOneBy({ code });
  if (!pledge) {
    pledge = Object.assign(new Pledge(), { code, backerId: 1 });
    await repo.save(pledge);
  }
  return pledge;
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 9,
          column: 11,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: header + `export async function pledgeFor(repo: Repository<Pledge>, code: string) {
  let pledge = await repo.findOneBy({ code });
  if (!pledge) {
    pledge = Object.assign(new Pledge(), { code, backerId: 1 });
    await repo.createQueryBuilder().insert().values(pledge).orIgnore().execute();
  }
  return pledge;
}`,
            },
            {
              messageId: 'catchConflict',
              output: header + `export async function pledgeFor(repo: Repository<Pledge>, code: string) {
  let pledge = await repo.findOneBy({ code });
  if (!pledge) {
    pledge = Object.assign(new Pledge(), { code, backerId: 1 });
    try {
      await repo.save(pledge);
    } catch (error) {
      if (!(${catchTest})) throw error;
      // Another request created it first.
    }
  }
  return pledge;
}`,
            },
          ],
        },
      ],
    },
    {
      // a project without any schema source: the message says so
      code: `import { Repository } from 'typeorm';
import { Ticket } from './ticket';
export async function open(tickets: Repository<Ticket>, seat: string) {
  const taken = await tickets.countBy({ seat });
  if (taken === 0) await tickets.insert({ seat });
}`,
      filename: fixtureFile('bare'),
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 5,
          column: 26,
          data: {
            race: 'Two concurrent calls can both run `tickets.countBy` (line 4) and find no Ticket with this seat before either runs `tickets.insert` (line 5)',
            schema:
              'No schema source was found (schema.prisma, SQL migrations, entity or model definitions), so nothing is known to stop a duplicate Ticket (seat).',
          },
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: `import { Repository } from 'typeorm';
import { Ticket } from './ticket';
export async function open(tickets: Repository<Ticket>, seat: string) {
  const taken = await tickets.countBy({ seat });
  if (taken === 0) await tickets.createQueryBuilder().insert().values({ seat }).orIgnore().execute();
}`,
            },
            {
              messageId: 'catchConflict',
              output: `import { Repository } from 'typeorm';
import { Ticket } from './ticket';
export async function open(tickets: Repository<Ticket>, seat: string) {
  const taken = await tickets.countBy({ seat });
  if (taken === 0) try {
    await tickets.insert({ seat });
  } catch (error) {
    if (!(${catchTest})) throw error;
    // Another request created it first.
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // find or build, then one save after the branch: the check decides what the variable holds,
      // and the save inserts when nothing was found. No \`.orIgnore()\` rewrite: where the entity
      // was found, the save updates it, and an insert that ignores conflicts would drop the update.
      code: header + `export async function touch(repo: Repository<Pledge>, code: string) {
  let pledge = await repo.findOneBy({ code });
  if (!pledge) pledge = repo.create({ code, backerId: 1 });
  pledge.amount = (pledge.amount ?? 0) + 1;
  await repo.save(pledge);
  return pledge;
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 9,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `repo.findOneBy` (line 6) and find no Pledge with this code before either runs `repo.save` (line 9)',
            schema: 'No unique constraint on Pledge (code) was found in src/typeorm/pledge.ts.',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: '23505 / ER_DUP_ENTRY / SQLITE_CONSTRAINT', requirement: ', after adding a unique constraint on Pledge (code)' },
              output: header + `export async function touch(repo: Repository<Pledge>, code: string) {
  let pledge = await repo.findOneBy({ code });
  if (!pledge) pledge = repo.create({ code, backerId: 1 });
  pledge.amount = (pledge.amount ?? 0) + 1;
  try {
    await repo.save(pledge);
  } catch (error) {
    if (!(${catchTest})) throw error;
    // Another request created it first.
  }
  return pledge;
}`,
            },
          ],
        },
      ],
    },
    {
      // the same with \`??\` and the unique e-mail: the violation is not handled
      code: header + `export async function subscribe(manager: EntityManager, email: string) {
  const subscriber = (await manager.findOneBy(Subscriber, { email })) ?? manager.create(Subscriber, { email, name: email });
  subscriber.confirmed = true;
  await manager.save(subscriber);
}`,
      errors: [
        {
          messageId: 'unhandledConflict',
          line: 8,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `manager.findOneBy` (line 6) and find no Subscriber with this email before either runs `manager.save` (line 8)',
            constraint: 'The unique constraint @Column({ unique: true }) on Subscriber.email (src/typeorm/subscriber.ts)',
          },
          suggestions: [
            {
              messageId: 'catchConflict',
              data: { code: '23505 / ER_DUP_ENTRY / SQLITE_CONSTRAINT', requirement: '' },
              output: header + `export async function subscribe(manager: EntityManager, email: string) {
  const subscriber = (await manager.findOneBy(Subscriber, { email })) ?? manager.create(Subscriber, { email, name: email });
  subscriber.confirmed = true;
  try {
    await manager.save(subscriber);
  } catch (error) {
    if (!(${catchTest})) throw error;
    // Another request created it first.
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});

// With type information a repository is recognised by its type, wherever it comes from.
const declarations = `declare class Repository<T> { findOneBy(where: object): Promise<T | null>; insert(data: object): Promise<void> }
declare class Pledge { code: string }
declare function pledges(): Repository<Pledge>;
`;

typedRuleTester.run('no-check-then-create (typeorm, typed)', rule, {
  valid: [
    // the same calls on something that is not a repository
    `declare class Store { findOneBy(where: object): Promise<object | null>; insert(data: object): Promise<void> }
declare function store(): Store;
export async function keep(code: string) {
  const repo = store();
  if (await repo.findOneBy({ code })) return;
  await repo.insert({ code });
}`,
  ],
  invalid: [
    {
      code: declarations + `export async function pledge(code: string) {
  const repo = pledges();
  if (await repo.findOneBy({ code })) return;
  await repo.insert({ code });
}`,
      errors: [
        {
          messageId: 'checkThenCreate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: declarations + `export async function pledge(code: string) {
  const repo = pledges();
  if (await repo.findOneBy({ code })) return;
  await repo.createQueryBuilder().insert().values({ code }).orIgnore().execute();
}`,
            },
            {
              messageId: 'catchConflict',
              output: declarations + `export async function pledge(code: string) {
  const repo = pledges();
  if (await repo.findOneBy({ code })) return;
  try {
    await repo.insert({ code });
  } catch (error) {
    if (!(${catchTest})) throw error;
    return;
  }
}`,
            },
          ],
        },
      ],
    },
  ],
});
