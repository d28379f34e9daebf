import { describe, expect, it } from 'vitest';
import { addModelConstraints } from '../../src/cli/fix-schema/model-files.js';
import { parseTypeScriptFile, readTypeScriptSchema } from '../../src/schema/typescript.js';
import type { SchemaFacts } from '../../src/schema/types.js';
import { sameResource } from '../../src/utils/names.js';

function read(text: string, file: string): SchemaFacts {
  const program = parseTypeScriptFile(text, file);
  if (!program) throw new Error(`${file} does not parse`);
  return readTypeScriptSchema(program, file);
}

/**
 * Adds the constraints, each `[resource, fields]`, to the model file where the schema index found
 * the model declared; gives the new text, what was added and skipped, and the constraints the
 * schema index reads from the new text (`resource | fields | description`).
 */
function fix(text: string, wanted: readonly [string, string[]][], file = 'src/models.ts') {
  const facts = read(text, file);
  const constraints = wanted.map(([resource, fields]) => {
    const declaration = facts.declarations.find((d) => d.resources.some((name) => sameResource(name, resource)))?.node;
    if (!declaration) throw new Error(`the schema index sees no declaration of ${resource}`);
    return { resource, fields, declaration };
  });
  const edit = addModelConstraints(text, file, constraints);
  const read_ = read(edit.text, file).constraints.map((c) => `${c.resources[0] ?? ''} | ${c.fields.join(', ')} | ${c.description}`);
  return { ...edit, constraints: read_ };
}

describe('fix-schema on TypeORM entities', () => {
  const entity = `import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Backer } from './backer';

@Entity()
export class Pledge {
  @PrimaryGeneratedColumn() id!: number;
  @Column() code!: string;
  @Column('varchar') slug!: string;
  @Column({
    length: 80,
  })
  title!: string;
  @Column({ unique: false }) ref!: string;
  @ManyToOne(() => Backer) backer!: Backer;
  @Column() campaignId!: number;
}
`;

  it("sets unique: true in a single field's @Column, however its options are written", () => {
    const result = fix(entity, [
      ['Pledge', ['code']],
      ['Pledge', ['slug']],
      ['Pledge', ['title']],
      ['pledge', ['ref']],
    ]);
    expect(result.text).toBe(
      entity
        .replace('@Column() code', '@Column({ unique: true }) code')
        .replace("@Column('varchar')", "@Column('varchar', { unique: true })")
        .replace('    length: 80,\n', '    length: 80,\n    unique: true,\n')
        .replace('unique: false', 'unique: true'),
    );
    expect(result.added).toEqual([
      '@Column({ unique: true }) on Pledge.code',
      '@Column({ unique: true }) on Pledge.slug',
      '@Column({ unique: true }) on Pledge.title',
      '@Column({ unique: true }) on Pledge.ref',
    ]);
    expect(result.constraints).toEqual(expect.arrayContaining(['Pledge | title | @Column({ unique: true }) on Pledge.title']));
  });

  it('adds @Index([...], { unique: true }) under the class decorators and Index to the import, in order', () => {
    const result = fix(entity, [
      ['Pledge', ['backer', 'campaign_id']],
      ['Pledge', ['code', 'slug']],
    ]);
    expect(result.text).toBe(
      entity
        .replace('Entity, ManyToOne', 'Entity, Index, ManyToOne')
        .replace(
          '@Entity()\n',
          "@Entity()\n@Index(['backer', 'campaignId'], { unique: true })\n@Index(['code', 'slug'], { unique: true })\n",
        ),
    );
    expect(result.added).toEqual([
      "@Index(['backer', 'campaignId'], { unique: true }) on Pledge",
      "@Index(['code', 'slug'], { unique: true }) on Pledge",
    ]);
    expect(result.constraints).toContain('Pledge | backer, campaignId | @Index on Pledge(backer, campaignId)');
  });

  it('indexes a relation, which has no @Column, on the class', () => {
    const result = fix(entity, [['Pledge', ['backer']]]);
    expect(result.text).toContain("@Entity()\n@Index(['backer'], { unique: true })\nexport class Pledge {");
    expect(result.constraints).toContain('Pledge | backer | @Index on Pledge(backer)');
  });

  it('uses the name the file imports Index by, through an alias or a namespace', () => {
    const aliased = `import { Column, Entity, Index as TypeOrmIndex } from 'typeorm';
@Entity() export class Tag { @Column() a!: string; @Column() b!: string; }
`;
    expect(fix(aliased, [['Tag', ['a', 'b']]]).text).toBe(
      aliased.replace('@Entity() export', "@Entity()\n@TypeOrmIndex(['a', 'b'], { unique: true }) export"),
    );
    const namespaced = `import * as orm from 'typeorm';
@orm.Entity()
export class Tag {
  @orm.Column() name!: string;
  @orm.Column() owner!: string;
}
`;
    const result = fix(namespaced, [['Tag', ['name']], ['Tag', ['name', 'owner']]]);
    expect(result.text).toBe(
      namespaced
        .replace('@orm.Column() name', '@orm.Column({ unique: true }) name')
        .replace('@orm.Entity()\n', "@orm.Entity()\n@orm.Index(['name', 'owner'], { unique: true })\n"),
    );
  });

  it('skips, with the reason, a field the entity lacks and an Index the file cannot import', () => {
    const taken = `import { Column, Entity } from 'typeorm';
import { Index } from './search';
@Entity() export class Tag { @Column() a!: string; @Column() b!: string; }
`;
    const result = fix(taken, [['Tag', ['a', 'b']], ['Tag', ['missing']]]);
    expect(result.text).toBe(taken);
    expect(result.added).toEqual([]);
    expect(result.skipped).toEqual([
      'Tag (missing): Tag has no field missing',
      'Tag (a, b): Tag cannot take an @Index from its typeorm import',
    ]);
  });

  it('sets unique: true on an EntitySchema column, and adds uniques for several', () => {
    const schema = `const { EntitySchema } = require("typeorm")

module.exports = new EntitySchema({
  name: "Seat",
  columns: {
    id: { primary: true, type: "int", generated: true },
    label: { type: "varchar" },
    row: { type: "int" },
    hall: { type: "int" },
  },
})
`;
    const result = fix(schema, [['Seat', ['label']], ['Seat', ['row', 'hall']]], 'src/seat.js');
    expect(result.text).toBe(
      schema
        .replace('label: { type: "varchar" }', 'label: { type: "varchar", unique: true }')
        .replace('    hall: { type: "int" },\n  },\n', '    hall: { type: "int" },\n  },\n  uniques: [{ columns: [\'row\', \'hall\'] }],\n'),
    );
    expect(result.constraints).toEqual(
      expect.arrayContaining(['Seat | label | unique: true on Seat.label', "Seat | row, hall | uniques on Seat(row, hall)"]),
    );
  });
});

describe('fix-schema on Mongoose schemas', () => {
  const schema = `import { Schema, model } from 'mongoose';

const userSchema = new Schema({
  email: { type: String, required: true },
  handle: String,
  profile: { slug: { type: String }, bio: String },
  orgId: { type: Schema.Types.ObjectId, ref: 'Org' },
});

export const User = model('User', userSchema);
`;

  it('sets unique: true on a path, wrapping a bare type, nested paths included', () => {
    const result = fix(schema, [['User', ['email']], ['User', ['handle']], ['User', ['profile.slug']], ['User', ['profile']]]);
    expect(result.text).toBe(
      schema
        .replace('required: true }', 'required: true, unique: true }')
        .replace('handle: String', 'handle: { type: String, unique: true }')
        .replace('slug: { type: String }', 'slug: { type: String, unique: true }'),
    );
    expect(result.skipped).toEqual(['User (profile): profile is a nested object, not a path']);
    expect(result.constraints).toEqual(
      expect.arrayContaining(['User | handle | unique: true on User.handle', 'User | profile.slug | unique: true on User.profile.slug']),
    );
  });

  it('adds schema.index({ ... }, { unique: true }) after the schema for several paths, before model()', () => {
    const result = fix(schema, [['users', ['orgId', 'email']], ['User', ['orgId', 'profile.slug']]]);
    expect(result.text).toBe(
      schema.replace(
        '});\n\nexport',
        "});\nuserSchema.index({ orgId: 1, email: 1 }, { unique: true });\nuserSchema.index({ orgId: 1, 'profile.slug': 1 }, { unique: true });\n\nexport",
      ),
    );
    expect(result.added).toEqual([
      'userSchema.index({ orgId: 1, email: 1 }, { unique: true })',
      "userSchema.index({ orgId: 1, 'profile.slug': 1 }, { unique: true })",
    ]);
    expect(result.constraints).toContain('User | orgId, email | userSchema.index({ orgId, email }, { unique: true })');
  });

  it('reads and edits CommonJS schemas', () => {
    const commonjs = `const mongoose = require("mongoose")
const tokenSchema = new mongoose.Schema({ owner: String, name: String })
module.exports = mongoose.model("Token", tokenSchema)
`;
    const result = fix(commonjs, [['Token', ['owner', 'name']]], 'models/token.js');
    expect(result.text).toBe(commonjs.replace('String })\n', 'String })\ntokenSchema.index({ owner: 1, name: 1 }, { unique: true })\n'));
  });

  it('leaves a path whose options a variable holds', () => {
    const shared = `import { Schema, model } from 'mongoose';
import { emailPath } from './paths';
const contactSchema = new Schema({ email: emailPath });
export const Contact = model('Contact', contactSchema);
`;
    const result = fix(shared, [['Contact', ['email']]]);
    expect(result.text).toBe(shared);
    expect(result.skipped).toEqual(['Contact (email): email is neither a schema type nor an object of options']);
  });

  it('skips an index on a schema that no variable holds', () => {
    const inline = `import { Schema, model } from 'mongoose';
export const Tag = model('Tag', new Schema({ a: String, b: String }));
`;
    expect(fix(inline, [['Tag', ['a', 'b']]]).skipped).toEqual(['Tag (a, b): the schema of Tag is not kept in a variable to index']);
  });

  it('sets unique in @Prop() of a @nestjs/mongoose class, and indexes the schema createForClass makes', () => {
    const nest = `import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

@Schema()
export class Cat {
  @Prop()
  name: string;

  @Prop({ required: true })
  owner: string;
}

export const CatSchema = SchemaFactory.createForClass(Cat);
`;
    const result = fix(nest, [['Cat', ['name']], ['Cat', ['owner', 'name']]]);
    expect(result.text).toBe(
      nest
        .replace('@Prop()\n', '@Prop({ unique: true })\n')
        .replace('createForClass(Cat);\n', 'createForClass(Cat);\nCatSchema.index({ owner: 1, name: 1 }, { unique: true });\n'),
    );
    expect(result.constraints).toEqual(
      expect.arrayContaining(['Cat | name | @Prop({ unique: true }) on Cat.name', 'Cat | owner, name | CatSchema.index({ owner, name }, { unique: true })']),
    );
  });
});

describe('fix-schema on Sequelize models', () => {
  const init = `import { DataTypes, Model } from 'sequelize';
import { sequelize } from './db';

export class Coupon extends Model {}
Coupon.init(
  {
    code: {
      type: DataTypes.STRING,
      allowNull: false,
    },
    shop: DataTypes.INTEGER,
    batch: DataTypes.STRING,
  },
  {
    sequelize,
    indexes: [{ fields: ['batch'] }],
  },
);
`;

  it('sets unique: true on an attribute, wrapping a bare type', () => {
    const result = fix(init, [['Coupon', ['code']], ['coupons', ['shop']]]);
    expect(result.text).toBe(
      init.replace('allowNull: false,\n', 'allowNull: false,\n      unique: true,\n').replace('shop: DataTypes.INTEGER', 'shop: { type: DataTypes.INTEGER, unique: true }'),
    );
    expect(result.constraints).toEqual(expect.arrayContaining(['Coupon | shop | unique: true on Coupon.shop']));
  });

  it('leaves an attribute whose options a variable holds', () => {
    const shared = init.replace('shop: DataTypes.INTEGER', 'shop: shopColumn');
    const result = fix(shared, [['Coupon', ['shop']]]);
    expect(result.text).toBe(shared);
    expect(result.skipped).toEqual(['Coupon (shop): Coupon.shop is neither a data type nor an object of options']);
  });

  it("adds { unique: true, fields } to the options' indexes, or the indexes themselves", () => {
    const result = fix(init, [['Coupon', ['shop', 'code']]]);
    expect(result.text).toBe(
      init.replace("indexes: [{ fields: ['batch'] }]", "indexes: [{ fields: ['batch'] }, { unique: true, fields: ['shop', 'code'] }]"),
    );
    const bare = init.replace("    indexes: [{ fields: ['batch'] }],\n", '');
    expect(fix(bare, [['Coupon', ['shop', 'code']]]).text).toBe(
      bare.replace('    sequelize,\n', "    sequelize,\n    indexes: [{ unique: true, fields: ['shop', 'code'] }],\n"),
    );
    expect(fix(bare, [['Coupon', ['shop', 'code']]]).constraints).toContain('Coupon | shop, code | unique index on Coupon(shop, code)');
  });

  it('gives define() the options it lacks', () => {
    const define = `const { DataTypes } = require('sequelize');
module.exports = (sequelize) => sequelize.define('Vote', { pollId: DataTypes.INTEGER, voterId: DataTypes.INTEGER });
`;
    const result = fix(define, [['Vote', ['pollId', 'voterId']]], 'models/vote.js');
    expect(result.text).toBe(
      define.replace('DataTypes.INTEGER });', "DataTypes.INTEGER }, { indexes: [{ unique: true, fields: ['pollId', 'voterId'] }] });"),
    );
  });

  it('adds @Unique or unique: true to a sequelize-typescript column, and indexes to @Table', () => {
    const table = `import { Column, DataType, Model, Table } from 'sequelize-typescript';

@Table
export class Seat extends Model {
  @Column
  label!: string;

  @Column({ type: DataType.INTEGER })
  row!: number;

  @Column(DataType.INTEGER)
  hall!: number;
}
`;
    const result = fix(table, [['Seat', ['label']], ['Seat', ['row']], ['Seat', ['row', 'hall']]]);
    expect(result.text).toBe(
      table
        .replace('Table } from', 'Table, Unique } from')
        .replace('@Column\n', '@Unique\n  @Column\n')
        .replace('DataType.INTEGER })', 'DataType.INTEGER, unique: true })')
        .replace('@Table\n', "@Table({ indexes: [{ unique: true, fields: ['row', 'hall'] }] })\n"),
    );
    expect(result.constraints).toEqual(
      expect.arrayContaining([
        'Seat | label | @Unique on Seat.label',
        'Seat | row | @Column({ unique: true }) on Seat.row',
        'Seat | row, hall | unique index on Seat(row, hall)',
      ]),
    );
  });
});

describe('fix-schema on Drizzle tables', () => {
  const tables = `import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const teams = pgTable('teams', {
  id: serial('id').primaryKey(),
  slug: text('slug')
    .notNull()
    .default(''),
  ownerId: integer('owner_id').notNull(),
  name: text('name').notNull(),
});
`;

  it('appends .unique() to a column, on its own line where the chain is', () => {
    const result = fix(tables, [['teams', ['slug']], ['teams', ['name']]]);
    expect(result.text).toBe(
      tables.replace(".default(''),", ".default('')\n    .unique(),").replace("name: text('name').notNull(),", "name: text('name').notNull().unique(),"),
    );
    expect(result.added).toEqual(['.unique() on teams.slug', '.unique() on teams.name']);
    expect(result.constraints).toContain('teams | name | .unique() on teams.name');
  });

  it("adds the extra config with uniqueIndex('<table>_<columns>_key') to a table without one", () => {
    const result = fix(tables, [['teams', ['ownerId', 'name']]]);
    expect(result.text).toBe(
      tables
        .replace('text } from', 'text, uniqueIndex } from')
        .replace(
          "  name: text('name').notNull(),\n});",
          "  name: text('name').notNull(),\n}, (table) => [uniqueIndex('teams_owner_id_name_key').on(table.ownerId, table.name)]);",
        ),
    );
    expect(result.constraints).toContain("teams | ownerId, name | uniqueIndex('teams_owner_id_name_key')");
  });

  it('adds to the array or object an extra config returns, with its parameter', () => {
    const array = `import { index, integer, sqliteTable } from "drizzle-orm/sqlite-core";

export const votes = sqliteTable(
  "votes",
  (t) => ({ pollId: t.integer("poll_id"), voterId: integer("voter_id") }),
  (v) => [
    index("votes_poll_idx").on(v.pollId),
  ],
);
`;
    expect(fix(array, [['votes', ['pollId', 'voterId']]]).text).toBe(
      array
        .replace('index, integer, sqliteTable', 'index, integer, sqliteTable, uniqueIndex')
        .replace(
          '    index("votes_poll_idx").on(v.pollId),\n',
          '    index("votes_poll_idx").on(v.pollId),\n    uniqueIndex("votes_poll_id_voter_id_key").on(v.pollId, v.voterId),\n',
        ),
    );
    const object = array.replace('(v) => [\n    index("votes_poll_idx").on(v.pollId),\n  ]', '(v) => ({ poll: index("votes_poll_idx").on(v.pollId) })');
    expect(fix(object, [['votes', ['pollId', 'voterId']]]).text).toBe(
      object
        .replace('sqliteTable }', 'sqliteTable, uniqueIndex }')
        .replace('on(v.pollId) })', 'on(v.pollId), pollIdVoterIdUnique: uniqueIndex("votes_poll_id_voter_id_key").on(v.pollId, v.voterId) })'),
    );
  });

  it('skips an extra config it cannot extend, and imports nothing for it', () => {
    const block = tables.replace('});\n', '}, (t) => {\n  return [];\n});\n');
    const result = fix(block, [['teams', ['ownerId', 'name']]]);
    expect(result.text).toBe(block);
    expect(result.skipped).toEqual([
      'teams (ownerId, name): teams: its extra config is not an arrow function returning an array or object',
    ]);
    const shared = `import { pgTable } from 'drizzle-orm/pg-core';
import { auditColumns } from './columns';
export const audits = pgTable('audits', auditColumns);
`;
    expect(fix(shared, [['audits', ['actor']]])).toMatchObject({
      text: shared,
      skipped: ['audits (actor): the columns of audits are not an object literal'],
    });
  });
});
