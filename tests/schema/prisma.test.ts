import { describe, expect, it } from 'vitest';
import { readPrismaSchema } from '../../src/schema/prisma.js';

const schema = `
datasource db {
  provider = "mysql"
  url      = env("DATABASE_URL")
}

model User {
  id      Int    @id @default(autoincrement())
  email   String @unique(map: "users_email_key")
  orgId   Int
  handle  String

  @@unique(fields: [orgId, handle], name: "org_handle")
  @@map("users")
}

model Membership {
  teamId Int
  userId Int
  name   String

  @@id([teamId, userId])
  @@unique([name(sort: Desc)])
}
`;

describe('readPrismaSchema', () => {
  const facts = readPrismaSchema(schema, 'prisma/schema.prisma');

  it('reads field and block constraints, with the model and table names', () => {
    expect(facts.constraints.map((c) => [c.resources, c.fields, c.description])).toEqual([
      [['User', 'users'], ['id'], '@id on User.id'],
      [['User', 'users'], ['email'], '@unique on User.email'],
      [['User', 'users'], ['orgId', 'handle'], '@@unique([orgId, handle]) on User'],
      [['Membership'], ['teamId', 'userId'], '@@id([teamId, userId]) on Membership'],
      [['Membership'], ['name'], '@@unique([name]) on Membership'],
    ]);
    expect(facts.declarations).toEqual([
      { resources: ['User', 'users'], source: 'prisma/schema.prisma' },
      { resources: ['Membership'], source: 'prisma/schema.prisma' },
    ]);
  });

  it('reads the dialect from the datasource provider', () => {
    expect(facts.dialect).toBe('mysql');
  });

  it('yields no constraints, and does not throw, for a broken or truncated file', () => {
    for (const text of ['model User {', 'model { id Int @id }', '@@@', schema.slice(0, schema.length / 2), '\u0000']) {
      const broken = readPrismaSchema(text, 'schema.prisma');
      expect(broken.files).toEqual(['schema.prisma']);
      expect(Array.isArray(broken.constraints)).toBe(true);
    }
    expect(readPrismaSchema('model User {', 'schema.prisma').constraints).toEqual([]);
  });

  it('skips an attribute the parser returns without arguments', () => {
    // Found by the property tests: the parser accepts `@@unique@@unique(…)` and drops the arguments.
    const odd = readPrismaSchema('model User {\n  id Int @id\n  @@unique@@unique([id])\n  @@map@@map("users")\n}', 'schema.prisma');
    expect(odd.constraints.map((constraint) => constraint.description)).toEqual(['@id on User.id', '@@unique([id]) on User']);
  });

  it('reads the rest of a model around a property the parser could not read', () => {
    // Found by the property tests: `code= Boolean` leaves a hole in the model's properties.
    const holed = readPrismaSchema('model Tag {\n  id Int @id\n  name String @unique\n  code= Boolean\n  @@map("tags")\n}\n', 'schema.prisma');
    expect(holed.constraints.map((constraint) => constraint.description)).toEqual(['@id on Tag.id', '@unique on Tag.name']);
    expect(holed.declarations.map((declaration) => declaration.resources)).toEqual([['Tag', 'tags']]);
  });
});
