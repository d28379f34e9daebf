import { integer, pgTable, primaryKey, serial, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name'),
  createdAt: timestamp('created_at').defaultNow().notNull(),
});

// No unique constraint on the slug: the app checks before inserting.
export const orgs = pgTable('orgs', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
});

export const memberships = pgTable(
  'memberships',
  {
    orgId: integer('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role').notNull().default('member'),
  },
  (t) => [unique('memberships_org_user').on(t.orgId, t.userId)],
);

// One redemption per user and coupon is a business rule, not a constraint.
export const redemptions = pgTable('redemptions', {
  id: serial('id').primaryKey(),
  couponCode: text('coupon_code').notNull(),
  userId: uuid('user_id').notNull(),
  redeemedAt: timestamp('redeemed_at').defaultNow().notNull(),
});

export const webhookEvents = pgTable(
  'webhook_events',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    processedAt: timestamp('processed_at').defaultNow().notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

export const creditAccounts = pgTable('credit_accounts', {
  userId: uuid('user_id').primaryKey(),
  balance: integer('balance').notNull().default(0),
  updatedAt: timestamp('updated_at').defaultNow().notNull(),
});

export const products = pgTable('products', {
  id: serial('id').primaryKey(),
  sku: text('sku').notNull().unique(),
  stock: integer('stock').notNull(),
});

export const documents = pgTable('documents', {
  id: serial('id').primaryKey(),
  ownerId: uuid('owner_id').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  version: integer('version').notNull().default(1),
  views: integer('views').notNull().default(0),
});
