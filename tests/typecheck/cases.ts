/**
 * Racy snippets written against the real APIs of the libraries the plugin supports, for
 * `suggestions.test.ts`: each is linted, each suggestion is applied, and every resulting program
 * is type-checked against the library's published types.
 *
 * The snippets are strings rather than files so that the repository's own `tsc` and self-lint do
 * not read them (TypeORM needs `experimentalDecorators`, which the repository does not enable).
 * The tables the SQL snippets use are declared in `migrations/0001_init.sql`.
 *
 * Prisma is not covered: its types come from a client that `prisma generate` writes from a
 * schema, which needs the Prisma engines (a download) and cannot be installed from npm alone.
 */

export type RuleName = 'no-check-then-create' | 'no-read-modify-write';

export interface Case {
  /** Unique, used in test names and for the in-memory file names. */
  readonly name: string;
  readonly code: string;
  /** The rule under test; `no-check-then-create` when not given. */
  readonly rule?: RuleName;
  /** The message id of the one report the rule must give. */
  readonly report: string;
  /** The message ids of its suggestions, in order. */
  readonly suggestions: readonly string[];
}

export const cases: readonly Case[] = [
  // ---------------------------------------------------------------------------------------------
  // knex
  {
    name: 'knex-referral',
    code: `import knex from 'knex';

interface Referral {
  id: number;
  code: string;
  referrer_id: number;
}

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function createReferral(code: string, referrerId: number): Promise<void> {
  const existing = await db<Referral>('referrals').where({ code }).first();
  if (existing) throw new Error(\`Referral code \${code} is already taken\`);
  await db<Referral>('referrals').insert({ code, referrer_id: referrerId });
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },
  {
    name: 'knex-transaction-returning',
    code: `import knex, { type Knex } from 'knex';

interface Invitation {
  id: number;
  team_id: number;
  email: string;
  created_at: Date;
}

const db: Knex = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function invite(teamId: number, email: string): Promise<Invitation | undefined> {
  return db.transaction(async (trx) => {
    const found = await trx<Invitation>('invitations').where({ team_id: teamId, email }).first();
    if (found) return found;
    const [row] = await trx<Invitation>('invitations')
      .insert({ team_id: teamId, email })
      .returning('*');
    return row;
  });
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate'],
  },

  // ---------------------------------------------------------------------------------------------
  // kysely
  {
    name: 'kysely-postgres',
    code: `import { Kysely, PostgresDialect, type Generated } from 'kysely';
import pg from 'pg';

interface DB {
  invitations: {
    id: Generated<number>;
    team_id: number;
    email: string;
    created_at: Generated<Date>;
  };
}

const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) }),
});

export async function invite(teamId: number, email: string): Promise<void> {
  const existing = await db
    .selectFrom('invitations')
    .select('id')
    .where('team_id', '=', teamId)
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) throw new Error('Already invited');
  await db.insertInto('invitations').values({ team_id: teamId, email }).execute();
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },
  {
    name: 'kysely-mysql-transaction',
    code: `import { Kysely, MysqlDialect, type Generated } from 'kysely';
import { createPool } from 'mysql2';

interface DB {
  coupons: {
    id: Generated<number>;
    code: string;
    user_id: number;
  };
}

const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool: createPool(process.env.DATABASE_URL ?? '') }) });

export async function redeem(code: string, userId: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const used = await trx.selectFrom('coupons').selectAll().where('code', '=', code).executeTakeFirst();
    if (used) return false;
    await trx.insertInto('coupons').values({ code, user_id: userId }).executeTakeFirstOrThrow();
    return true;
  });
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },

  // ---------------------------------------------------------------------------------------------
  // drizzle-orm
  {
    name: 'drizzle-pg',
    code: `import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const profiles = pgTable('profiles', {
  id: serial('id').primaryKey(),
  handle: text('handle').notNull(),
  userId: integer('user_id').notNull(),
});

const db = drizzle(process.env.DATABASE_URL ?? '');

export async function claimHandle(userId: number, handle: string): Promise<void> {
  const [existing] = await db.select().from(profiles).where(eq(profiles.handle, handle)).limit(1);
  if (existing) throw new Error(\`@\${handle} is taken\`);
  await db.insert(profiles).values({ handle, userId });
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },
  {
    name: 'drizzle-pg-returning',
    code: `import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const memberships = pgTable('memberships', {
  id: serial('id').primaryKey(),
  teamId: integer('team_id').notNull(),
  userId: integer('user_id').notNull(),
  role: text('role').notNull(),
});

const db = drizzle(process.env.DATABASE_URL ?? '');

export async function join(teamId: number, userId: number) {
  const rows = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
  if (rows.length > 0) {
    throw new Error('Already a member');
  }
  return await db.insert(memberships).values({ teamId, userId, role: 'member' }).returning();
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },
  {
    name: 'drizzle-mysql',
    code: `import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import { int, mysqlTable, serial, varchar } from 'drizzle-orm/mysql-core';

export const handles = mysqlTable('handles', {
  id: serial('id').primaryKey(),
  handle: varchar('handle', { length: 64 }).notNull(),
  userId: int('user_id').notNull(),
});

const db = drizzle(process.env.DATABASE_URL ?? '');

export async function claimHandle(userId: number, handle: string): Promise<void> {
  const [existing] = await db.select().from(handles).where(eq(handles.handle, handle));
  if (existing) throw new Error('Handle taken');
  await db.insert(handles).values({ handle, userId });
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },

  // ---------------------------------------------------------------------------------------------
  // typeorm
  {
    name: 'typeorm-repository',
    code: `import { Column, DataSource, Entity, PrimaryGeneratedColumn, type Repository } from 'typeorm';

@Entity()
export class Account {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  email!: string;

  @Column()
  name!: string;
}

export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [Account] });

export class AccountService {
  constructor(private readonly accounts: Repository<Account> = dataSource.getRepository(Account)) {}

  async register(email: string, name: string): Promise<void> {
    const existing = await this.accounts.findOneBy({ email });
    if (existing) throw new Error('Email already registered');
    await this.accounts.save({ email, name });
  }
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },
  {
    name: 'typeorm-manager-entity',
    code: `import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class Pledge {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  campaignId!: number;

  @Column()
  backerId!: number;

  @Column('int')
  amount!: number;
}

const dataSource = new DataSource({ type: 'mysql', url: process.env.DATABASE_URL, entities: [Pledge] });

export async function pledge(campaignId: number, backerId: number, amount: number): Promise<void> {
  const already = await dataSource.manager.exists(Pledge, { where: { campaignId, backerId } });
  if (already) throw new Error('Already pledged');
  const row = new Pledge();
  row.campaignId = campaignId;
  row.backerId = backerId;
  row.amount = amount;
  await dataSource.manager.save(row);
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },
  {
    name: 'typeorm-return-created',
    code: `import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class Tenant {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  slug!: string;
}

const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [Tenant] });
const tenants = dataSource.getRepository(Tenant);

export async function createTenant(slug: string): Promise<Tenant> {
  const existing = await tenants.findOne({ where: { slug } });
  if (existing) throw new Error('Slug taken');
  return tenants.save({ slug });
}
`,
    report: 'checkThenCreate',
    suggestions: ['catchConflict'],
  },

  {
    name: 'typeorm-created-id',
    code: `import { Column, Entity, PrimaryGeneratedColumn, type Repository } from 'typeorm';

@Entity()
export class Workspace {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column()
  ownerId!: string;

  @Column()
  name!: string;
}

export async function createWorkspace(workspaces: Repository<Workspace>, ownerId: string, name: string): Promise<string> {
  const duplicate = await workspaces.existsBy({ ownerId, name });
  if (duplicate) throw new Error('You already have a workspace with this name');
  const workspace = await workspaces.save(workspaces.create({ ownerId, name }));
  return workspace.id;
}
`,
    report: 'checkThenCreate',
    suggestions: [],
  },

  // ---------------------------------------------------------------------------------------------
  // sequelize
  {
    name: 'sequelize-model',
    code: `import {
  DataTypes,
  Model,
  Sequelize,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL ?? 'sqlite::memory:');

export class Patron extends Model<InferAttributes<Patron>, InferCreationAttributes<Patron>> {
  declare id: CreationOptional<number>;
  declare email: string;
  declare name: string;
}

Patron.init(
  {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    email: { type: DataTypes.STRING, allowNull: false },
    name: { type: DataTypes.STRING, allowNull: false },
  },
  { sequelize, tableName: 'patrons' },
);

export async function join(email: string, name: string): Promise<Patron> {
  const existing = await Patron.findOne({ where: { email } });
  if (existing) throw new Error('Already a patron');
  return Patron.create({ email, name });
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },
  {
    name: 'sequelize-transaction',
    code: `import {
  DataTypes,
  Model,
  Sequelize,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL ?? 'sqlite::memory:');

export class Stamp extends Model<InferAttributes<Stamp>, InferCreationAttributes<Stamp>> {
  declare id: CreationOptional<number>;
  declare cardId: number;
  declare day: string;
}

Stamp.init(
  {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    cardId: { type: DataTypes.INTEGER, allowNull: false },
    day: { type: DataTypes.DATEONLY, allowNull: false },
  },
  { sequelize },
);

export async function stamp(cardId: number, day: string): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    const count = await Stamp.count({ where: { cardId, day }, transaction });
    if (count === 0) {
      await Stamp.create({ cardId, day }, { transaction });
    }
  });
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },

  {
    name: 'sequelize-find-or-create',
    code: `import { DataTypes, Model, Sequelize, type CreationOptional, type InferAttributes, type InferCreationAttributes } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL ?? 'sqlite::memory:');

export class Label extends Model<InferAttributes<Label>, InferCreationAttributes<Label>> {
  declare id: CreationOptional<number>;
  declare name: string;
}

Label.init(
  {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    name: { type: DataTypes.STRING, allowNull: false },
  },
  { sequelize },
);

export async function ensureLabel(name: string): Promise<Label> {
  const label = await Label.findOne({ where: { name } });
  if (!label) {
    return await Label.create({ name });
  }
  return label;
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate'],
  },

  // ---------------------------------------------------------------------------------------------
  // mongoose
  {
    name: 'mongoose-create',
    code: `import { Schema, model } from 'mongoose';

const customerSchema = new Schema({
  email: { type: String, required: true },
  name: { type: String, required: true },
});

export const Customer = model('Customer', customerSchema);

export async function signUp(email: string, name: string): Promise<string> {
  const existing = await Customer.findOne({ email });
  if (existing) throw new Error('Email already registered');
  const customer = await Customer.create({ email, name });
  return customer._id.toString();
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate'],
  },
  {
    name: 'mongoose-save',
    code: `import mongoose from 'mongoose';

interface Subscription {
  userId: string;
  plan: string;
}

const subscriptionSchema = new mongoose.Schema<Subscription>({
  userId: { type: String, required: true },
  plan: { type: String, required: true },
});

const Subscription = mongoose.model<Subscription>('Subscription', subscriptionSchema);

export async function subscribe(userId: string, plan: string): Promise<void> {
  const current = await Subscription.exists({ userId });
  if (current) throw new Error('Already subscribed');
  await new Subscription({ userId, plan }).save();
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },

  // ---------------------------------------------------------------------------------------------
  // pg
  {
    name: 'pg-pool',
    code: `import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

export async function redeem(code: string, userId: number): Promise<void> {
  const { rows } = await pool.query<{ id: number }>('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length > 0) throw new Error('Coupon already redeemed');
  await pool.query('INSERT INTO coupons (code, user_id) VALUES ($1, $2)', [code, userId]);
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },
  {
    name: 'pg-unique-users',
    code: `import { Pool } from 'pg';

const pool = new Pool();

export async function register(email: string, name: string): Promise<number> {
  const existing = await pool.query('SELECT id FROM users WHERE email = $1', [email]);
  if (existing.rowCount) throw new Error('Email already registered');
  await pool.query({ text: 'INSERT INTO users (email, name) VALUES ($1, $2)', values: [email, name] });
  return 201;
}
`,
    report: 'unhandledConflict',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },

  // ---------------------------------------------------------------------------------------------
  // mysql2
  {
    name: 'mysql2-pool',
    code: `import mysql, { type RowDataPacket } from 'mysql2/promise';

const pool = mysql.createPool(process.env.DATABASE_URL ?? '');

export async function claim(code: string, userId: number): Promise<void> {
  const [rows] = await pool.execute<RowDataPacket[]>('SELECT id FROM coupons WHERE code = ?', [code]);
  if (rows.length > 0) return;
  await pool.execute('INSERT INTO coupons (code, user_id) VALUES (?, ?)', [code, userId]);
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },

  // ---------------------------------------------------------------------------------------------
  // better-sqlite3
  {
    name: 'better-sqlite3',
    code: `import Database from 'better-sqlite3';

const db = new Database('app.db');
const findSubscriber = db.prepare<[string], { id: number }>('SELECT id FROM subscribers WHERE email = ?');

export async function subscribe(email: string, confirm: (email: string) => Promise<void>): Promise<void> {
  const found = findSubscriber.get(email);
  if (found) return;
  await confirm(email);
  db.prepare('INSERT INTO subscribers (email) VALUES (?)').run(email);
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },

  // ---------------------------------------------------------------------------------------------
  // postgres (postgres.js)
  {
    name: 'postgres-js',
    code: `import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL ?? '');

export async function subscribe(email: string): Promise<void> {
  const [existing] = await sql<{ id: number }[]>\`SELECT id FROM subscribers WHERE email = \${email}\`;
  if (existing) return;
  await sql\`INSERT INTO subscribers (email) VALUES (\${email})\`;
}
`,
    report: 'checkThenCreate',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },
  {
    name: 'postgres-js-unique-tags',
    code: `import postgres from 'postgres';

const sql = postgres();

export async function addTag(name: string) {
  const rows = await sql\`SELECT id FROM tags WHERE name = \${name}\`;
  if (rows.length === 0) {
    await sql\`INSERT INTO tags (name) VALUES (\${name})\`;
  }
}
`,
    report: 'unhandledConflict',
    suggestions: ['useAtomicCreate', 'catchConflict'],
  },

  // ---------------------------------------------------------------------------------------------
  // ioredis
  {
    name: 'ioredis-setex',
    code: `import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');

export async function session(userId: string): Promise<string> {
  const key = \`session:\${userId}\`;
  const existing = await redis.get(key);
  if (existing) return existing;
  const token = crypto.randomUUID();
  await redis.setex(key, 3600, token);
  return token;
}
`,
    report: 'checkThenSet',
    suggestions: ['useAtomicCreate'],
  },
  {
    name: 'ioredis-set',
    code: `import Redis from 'ioredis';

const redis = new Redis();

export async function claimJob(jobId: string, worker: string): Promise<boolean> {
  const owner = await redis.get(\`job:\${jobId}:owner\`);
  if (owner !== null) return false;
  await redis.set(\`job:\${jobId}:owner\`, worker, 'EX', 60);
  return true;
}
`,
    report: 'checkThenSet',
    suggestions: ['useAtomicCreate'],
  },

  // ---------------------------------------------------------------------------------------------
  // redis (node-redis)
  {
    name: 'node-redis-set',
    code: `import { createClient } from 'redis';

const client = await createClient({ url: process.env.REDIS_URL }).connect();

export async function claimOrder(orderId: string, worker: string): Promise<boolean> {
  const claimed = await client.exists(\`claim:\${orderId}\`);
  if (claimed) return false;
  await client.set(\`claim:\${orderId}\`, worker, { EX: 60 });
  return true;
}
`,
    report: 'checkThenSet',
    suggestions: ['useAtomicCreate'],
  },
  {
    name: 'node-redis-setex',
    code: `import { createClient } from 'redis';

const client = createClient();
await client.connect();

export async function remember(orderId: string, worker: string): Promise<void> {
  if (await client.exists(\`claim:\${orderId}\`)) return;
  await client.setEx(\`claim:\${orderId}\`, 60, worker);
}
`,
    report: 'checkThenSet',
    suggestions: ['useAtomicCreate'],
  },
  {
    name: 'node-redis-hset',
    code: `import { createClient } from 'redis';

const client = await createClient().connect();

export async function reserve(name: string, userId: string): Promise<void> {
  const taken = await client.hExists('usernames', name);
  if (taken) throw new Error('Username taken');
  await client.hSet('usernames', name, userId);
}
`,
    report: 'checkThenSet',
    suggestions: ['useAtomicCreate'],
  },
];
