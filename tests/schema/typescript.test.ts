import { describe, it, expect } from 'vitest';
import { parse } from '@typescript-eslint/typescript-estree';
import { parseTypeScriptFile, readTypeScriptSchema } from '../../src/schema/typescript.js';
import { emptyFacts, type SchemaFacts } from '../../src/schema/types.js';

function read(text: string, source = 'src/models/user.ts'): SchemaFacts {
  const program = parseTypeScriptFile(text, source);
  if (!program) throw new Error('did not parse');
  return readTypeScriptSchema(program, source);
}

/** Constraints as `resources | fields | description [partial]` lines, for compact assertions. */
function summary(facts: SchemaFacts): string[] {
  return facts.constraints.map(
    (c) => `${c.resources.join(',')} | ${c.fields.join(',')} | ${c.description}${c.partial ? ' [partial]' : ''}`,
  );
}

function tables(facts: SchemaFacts): string[] {
  return facts.declarations.map((d) => d.resources.join(','));
}

describe('parseTypeScriptFile', () => {
  it('parses TypeScript, TSX and JavaScript with JSX', () => {
    expect(parseTypeScriptFile('const x = <T,>(y: T) => y as T;', 'a.ts')?.type).toBe('Program');
    expect(parseTypeScriptFile('const x = <div>{1}</div>;', 'a.tsx')?.type).toBe('Program');
    expect(parseTypeScriptFile('const x = <div />;', 'a.jsx')?.type).toBe('Program');
    expect(parseTypeScriptFile('const x = <T>y;', 'a.mts')?.type).toBe('Program');
  });

  it('returns undefined for text that does not parse', () => {
    expect(parseTypeScriptFile('class {{{ @', 'a.ts')).toBeUndefined();
    expect(parseTypeScriptFile('\u0000\u0001', 'a.ts')).toBeUndefined();
  });
});

describe('readTypeScriptSchema: dispatch', () => {
  it('yields emptyFacts for a file that imports no schema library', () => {
    const text = `
      import { Injectable } from '@nestjs/common';
      @Entity('users') class User { @Column({ unique: true }) email!: string; }
      const schema = new Schema({ email: { type: String, unique: true } });
      export const users = pgTable('users', { email: text('email').unique() });`;
    expect(read(text)).toBe(emptyFacts);
  });

  it('yields emptyFacts when an imported library declares nothing in the file', () => {
    const text = `
      import { Repository } from 'typeorm';
      export class UserService { constructor(private readonly users: Repository<User>) {} }`;
    expect(read(text)).toBe(emptyFacts);
  });

  it('works on the program ESLint passes (with parent pointers and locations)', () => {
    const text = `import { Entity, Column } from 'typeorm';
      @Entity() export class User { @Column({ unique: true }) email!: string; }`;
    const program = parse(text, { range: true, loc: true, comment: true, tokens: true });
    expect(summary(readTypeScriptSchema(program, 'user.ts'))).toEqual([
      'User,user | email | @Column({ unique: true }) on User.email',
    ]);
  });
});

describe('readTypeScriptSchema: TypeORM', () => {
  it('reads entity names, columns, primary keys and indexes', () => {
    const text = `
      import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

      @Entity('users')
      @Unique(['orgId', 'handle'])
      @Unique('UQ_users_org_slug', ['orgId', 'slug'])
      @Index(['orgId', 'externalId'], { unique: true })
      @Index('IDX_users_org_code', ['orgId', 'code'], { unique: true, where: '"deletedAt" IS NULL' })
      @Index(['orgId', 'name'])
      export class User {
        @PrimaryGeneratedColumn('uuid') id!: string;
        // Fields hold property names even when the column is renamed.
        @Column({ name: 'email_address', unique: true }) email!: string;
        @Column('varchar', { length: 64, unique: true }) username!: string;
        @Index({ unique: true }) @Column() apiKey!: string;
        @Index('IDX_users_phone', { unique: true }) @Column() phone!: string;
        @Unique() @Column() nickname!: string;
        @Column() orgId!: string;
        @Column({ unique: false }) name!: string;
      }`;
    const facts = read(text);
    expect(summary(facts)).toEqual([
      'User,users | email | @Column({ unique: true }) on User.email',
      'User,users | username | @Column({ unique: true }) on User.username',
      'User,users | apiKey | @Index({ unique: true }) on User.apiKey',
      "User,users | phone | @Index('IDX_users_phone', { unique: true }) on User.phone",
      'User,users | nickname | @Unique() on User.nickname',
      'User,users | id | @PrimaryGeneratedColumn() on User.id',
      'User,users | orgId,handle | @Unique on User(orgId, handle)',
      "User,users | orgId,slug | @Unique('UQ_users_org_slug') on User(orgId, slug)",
      'User,users | orgId,externalId | @Index on User(orgId, externalId)',
      "User,users | orgId,code | @Index('IDX_users_org_code') on User(orgId, code) [partial]",
    ]);
    expect(tables(facts)).toEqual(['User,users']);
    expect(facts.files).toEqual(['src/models/user.ts']);
  });

  it('names tables by @Entity({ name }) or by the default snake_case naming strategy', () => {
    const text = `
      import * as typeorm from 'typeorm';
      @typeorm.Entity({ name: 'accounts' }) class Account { @typeorm.PrimaryColumn() id!: number; }
      @typeorm.Entity() class UserProfile { @typeorm.ObjectIdColumn() _id!: string; }`;
    const facts = read(text);
    expect(tables(facts)).toEqual(['Account,accounts', 'UserProfile,user_profile']);
    expect(summary(facts)).toEqual([
      'Account,accounts | id | @PrimaryColumn() on Account.id',
      'UserProfile,user_profile | _id | @ObjectIdColumn() on UserProfile._id',
    ]);
  });

  it('combines several primary columns into one composite key', () => {
    const text = `
      import { Entity, PrimaryColumn, Index } from 'typeorm';
      @Entity()
      @Index((item: OrderItem) => [item.orderId, item.sku], { unique: true })
      export class OrderItem {
        @PrimaryColumn() orderId!: string;
        @PrimaryColumn() line!: number;
        sku!: string;
      }`;
    expect(summary(read(text))).toEqual([
      'OrderItem,order_item | orderId,line | primary key (orderId, line) on OrderItem',
      'OrderItem,order_item | orderId,sku | @Index on OrderItem(orderId, sku)',
    ]);
  });

  it('ignores classes without @Entity and decorators from other libraries', () => {
    const text = `
      import { Column } from 'typeorm';
      import { Unique } from './my-decorators';
      export class Dto { @Column({ unique: true }) email!: string; }
      @Entity() class Other { @Unique() email!: string; }`;
    expect(read(text)).toBe(emptyFacts);
  });

  it('reads EntitySchema definitions', () => {
    const text = `
      const { EntitySchema } = require('typeorm');
      module.exports = new EntitySchema({
        name: 'Category',
        tableName: 'categories',
        columns: {
          id: { primary: true, type: 'int', generated: true },
          slug: { type: 'varchar', unique: true },
        },
        indices: [{ name: 'IDX_cat_parent_name', unique: true, columns: ['parentId', 'name'] }, { columns: ['name'] }],
        uniques: [{ name: 'UQ_cat_code', columns: ['code'] }],
      });`;
    const facts = read(text, 'src/entity/category.js');
    expect(tables(facts)).toEqual(['Category,categories']);
    expect(summary(facts)).toEqual([
      'Category,categories | slug | unique: true on Category.slug',
      'Category,categories | id | primary: true on Category.id',
      'Category,categories | parentId,name | IDX_cat_parent_name',
      'Category,categories | code | UQ_cat_code',
    ]);
  });
});

describe('readTypeScriptSchema: Mongoose', () => {
  it('reads paths, schema.index and model names', () => {
    const text = `
      import mongoose, { Schema, model } from 'mongoose';
      const userSchema = new Schema<IUser>({
        email: { type: String, required: true, unique: true },
        handle: { type: String, index: { unique: true, partialFilterExpression: { handle: { $type: 'string' } } } },
        name: String,
        tags: [{ type: String, unique: true }],
        profile: { slug: { type: String, unique: [true, 'taken'] }, bio: String },
        age: { type: Number, unique: false },
      });
      userSchema.index({ orgId: 1, externalId: 1 }, { unique: true });
      userSchema.index({ orgId: 1, name: 1 });
      export const User = mongoose.model<IUser>('User', userSchema);`;
    const facts = read(text);
    expect(tables(facts)).toEqual(['User,users']);
    expect(summary(facts)).toEqual([
      'User,users | _id | _id on User',
      'User,users | email | unique: true on User.email',
      'User,users | handle | index: { unique: true } on User.handle [partial]',
      'User,users | profile.slug | unique: true on User.profile.slug',
      'User,users | orgId,externalId | userSchema.index({ orgId, externalId }, { unique: true })',
    ]);
  });

  it('reads new mongoose.Schema, explicit collections and the plural convention', () => {
    const text = `
      const mongoose = require('mongoose');
      const { Schema } = mongoose;
      const categorySchema = new mongoose.Schema({ slug: { type: String, unique: true } });
      const personSchema = new Schema({ ssn: { type: String, unique: true } }, { collection: 'people' });
      module.exports = {
        Category: mongoose.model('Category', categorySchema),
        Person: mongoose.models.Person || mongoose.model('Person', personSchema),
        Legacy: mongoose.model('Legacy', new Schema({ code: { type: String, unique: true } }), 'legacy_items'),
      };`;
    const facts = read(text, 'models.js');
    expect(tables(facts)).toEqual(['Category,categories', 'Person,people', 'Legacy,legacy_items']);
    expect(summary(facts)).toContain('Category,categories | slug | unique: true on Category.slug');
    expect(summary(facts)).toContain('Person,people | ssn | unique: true on Person.ssn');
    expect(summary(facts)).toContain('Legacy,legacy_items | code | unique: true on Legacy.code');
  });

  it('names a schema not passed to model() after its variable', () => {
    const text = `
      import { Schema } from 'mongoose';
      export const userSchema = new Schema({ email: { type: String, unique: true } });
      export const AddressSchema = new Schema({ line: String }, { _id: false });`;
    const facts = read(text);
    expect(tables(facts)).toEqual(['user', 'Address']);
    expect(summary(facts)).toEqual(['user | _id | _id on user', 'user | email | unique: true on user.email']);
  });

  it('reads @nestjs/mongoose schema classes', () => {
    const text = `
      import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
      @Schema({ timestamps: true })
      export class User {
        @Prop({ required: true, unique: true }) email!: string;
        @Prop({ index: { unique: true } }) handle!: string;
        @Prop() name!: string;
      }
      export const UserSchema = SchemaFactory.createForClass(User);
      UserSchema.index({ orgId: 1, email: 1 }, { unique: true });`;
    expect(summary(read(text))).toEqual([
      'User,users | _id | _id on User',
      'User,users | email | @Prop({ unique: true }) on User.email',
      'User,users | handle | @Prop({ index: { unique: true } }) on User.handle',
      'User,users | orgId,email | UserSchema.index({ orgId, email }, { unique: true })',
    ]);
  });
});

describe('readTypeScriptSchema: Drizzle', () => {
  it('reads column constraints and the array form of the third argument', () => {
    const text = `
      import { pgTable, serial, text, integer, unique, uniqueIndex, index, primaryKey } from 'drizzle-orm/pg-core';
      import { sql } from 'drizzle-orm';
      export const users = pgTable('users', {
        id: serial('id').primaryKey(),
        email: text('email').notNull().unique(),
        handle: text('handle').unique('users_handle_key'),
        orgId: integer('org_id').notNull(),
        slug: text('slug'),
        code: text('code'),
        name: text('name'),
      }, (t) => [
        unique().on(t.orgId, t.slug),
        uniqueIndex('users_lower_email_idx').on(sql\`lower(\${t.email})\`),
        uniqueIndex('users_code_live_idx').on(t.code).where(sql\`deleted_at is null\`),
        index('users_name_idx').on(t.name),
      ]);
      export const memberships = pgTable('memberships', {
        userId: integer('user_id').notNull(),
        orgId: integer('org_id').notNull(),
      }, (t) => [primaryKey({ columns: [t.userId, t.orgId] })]);`;
    const facts = read(text, 'src/db/schema.ts');
    expect(tables(facts)).toEqual(['users', 'memberships']);
    expect(summary(facts)).toEqual([
      'users | id | .primaryKey() on users.id',
      'users | email | .unique() on users.email',
      "users | handle | .unique('users_handle_key') on users.handle",
      'users | orgId,slug | unique() on users(orgId, slug)',
      "users | email | uniqueIndex('users_lower_email_idx')",
      "users | code | uniqueIndex('users_code_live_idx') [partial]",
      'memberships | userId,orgId | primaryKey() on memberships(userId, orgId)',
    ]);
  });

  it('reads the older object form, mysql and sqlite tables', () => {
    const text = `
      import { mysqlTable, int, varchar, uniqueIndex, primaryKey } from 'drizzle-orm/mysql-core';
      import * as sqlite from 'drizzle-orm/sqlite-core';
      export const accounts = mysqlTable('accounts', {
        id: int('id').autoincrement().primaryKey(),
        email: varchar('email', { length: 255 }),
      }, (table) => ({
        emailIdx: uniqueIndex('accounts_email_idx').on(table.email),
      }));
      export const tags = sqlite.sqliteTable('tags', {
        postId: sqlite.integer('post_id'),
        name: sqlite.text('name'),
      }, (t) => {
        return { pk: sqlite.primaryKey({ name: 'tags_pk', columns: [t.postId, t.name] }) };
      });`;
    expect(summary(read(text))).toEqual([
      'accounts | id | .primaryKey() on accounts.id',
      "accounts | email | uniqueIndex('accounts_email_idx')",
      "tags | postId,name | primaryKey('tags_pk')",
    ]);
  });

  it('reads tables from pgSchema(), pgTableCreator() and the column callback', () => {
    const text = `
      import { pgSchema, pgTableCreator, text, uuid } from 'drizzle-orm/pg-core';
      const auth = pgSchema('auth');
      const createTable = pgTableCreator((name) => \`app_\${name}\`);
      export const sessions = auth.table('sessions', { token: text('token').primaryKey() });
      export const posts = createTable('posts', (t) => ({ id: t.uuid().primaryKey(), slug: t.text().unique() }));
      const notATable = somethingElse.table('x', { a: text('a').unique() });`;
    expect(summary(read(text))).toEqual([
      'sessions | token | .primaryKey() on sessions.token',
      'posts | id | .primaryKey() on posts.id',
      'posts | slug | .unique() on posts.slug',
    ]);
  });
});

describe('readTypeScriptSchema: Sequelize', () => {
  it('reads Model.init attributes, composite unique names and indexes', () => {
    const text = `
      import { DataTypes, Model } from 'sequelize';
      export class User extends Model {}
      User.init({
        id: { type: DataTypes.UUID, primaryKey: true },
        email: { type: DataTypes.STRING, unique: true },
        orgId: { type: DataTypes.INTEGER, unique: 'users_org_handle' },
        handle: { type: DataTypes.STRING, unique: 'users_org_handle' },
        phone: { type: DataTypes.STRING, unique: { msg: 'taken' } },
        name: DataTypes.STRING,
      }, {
        sequelize,
        tableName: 'users',
        indexes: [
          { unique: true, fields: ['orgId', 'externalId'] },
          { name: 'users_code_live', unique: true, fields: [{ name: 'code' }], where: { deletedAt: null } },
          { fields: ['name'] },
          { unique: true, fields: [sequelize.fn('lower', sequelize.col('email'))] },
        ],
      });`;
    const facts = read(text);
    expect(tables(facts)).toEqual(['User,users']);
    expect(summary(facts)).toEqual([
      'User,users | id | primaryKey: true on User.id',
      'User,users | email | unique: true on User.email',
      'User,users | phone | unique: true on User.phone',
      "User,users | orgId,handle | unique: 'users_org_handle' on User(orgId, handle)",
      'User,users | orgId,externalId | unique index on User(orgId, externalId)',
      'User,users | code | unique index users_code_live [partial]',
    ]);
  });

  it('reads sequelize.define with the default id key and plural table name', () => {
    const text = `
      const { Sequelize, DataTypes } = require('sequelize');
      const sequelize = new Sequelize('sqlite::memory:');
      const Coupon = sequelize.define('Coupon', {
        code: { type: DataTypes.STRING, unique: true },
      });
      const Tag = sequelize.define('Tag', { name: DataTypes.STRING }, { freezeTableName: true });`;
    const facts = read(text, 'models.js');
    expect(tables(facts)).toEqual(['Coupon,Coupons', 'Tag']);
    expect(summary(facts)).toEqual([
      'Coupon,Coupons | id | default id primary key on Coupon',
      'Coupon,Coupons | code | unique: true on Coupon.code',
      'Tag | id | default id primary key on Tag',
    ]);
  });

  it('reads sequelize-typescript @Table classes', () => {
    const text = `
      import { Table, Column, Model, PrimaryKey, Unique, Index, DataType, AutoIncrement } from 'sequelize-typescript';
      @Table({ tableName: 'users', indexes: [{ unique: true, fields: ['tenantId', 'slug'] }] })
      export class User extends Model {
        @AutoIncrement @PrimaryKey @Column id!: number;
        @Unique @Column email!: string;
        @Column({ type: DataType.STRING, unique: true }) username!: string;
        @Unique('users_org_handle') @Column orgId!: number;
        @Unique('users_org_handle') @Column handle!: string;
        @Index({ name: 'users_phone_idx', unique: true }) @Column phone!: string;
        @Index @Column name!: string;
      }
      @Table
      export class Tag extends Model { @Column name!: string; }`;
    const facts = read(text);
    expect(tables(facts)).toEqual(['User,users', 'Tag,Tags']);
    expect(summary(facts)).toEqual([
      'User,users | id | @PrimaryKey on User.id',
      'User,users | email | @Unique on User.email',
      'User,users | username | @Column({ unique: true }) on User.username',
      "User,users | orgId,handle | @Unique('users_org_handle') on User(orgId, handle)",
      "User,users | phone | @Index('users_phone_idx') on User(phone)",
      'User,users | tenantId,slug | unique index on User(tenantId, slug)',
      'Tag,Tags | id | default id primary key on Tag',
    ]);
  });
});

describe('readTypeScriptSchema: robustness', () => {
  it('handles several libraries in one file and odd shapes without throwing', () => {
    const text = `
      import { Entity } from 'typeorm';
      import { Schema } from 'mongoose';
      import { pgTable } from 'drizzle-orm/pg-core';
      @Entity(123 as never) export default class { x = 1; }
      const s = new Schema(undefined as never);
      const t = pgTable(undefined as never, 42 as never, (x) => [...spread, null, x]);
      s.index();
      model();`;
    expect(() => read(text)).not.toThrow();
  });
});
