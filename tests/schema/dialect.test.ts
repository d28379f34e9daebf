import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getSchemaIndex } from '../../src/schema/index.js';
import { parseTypeScriptFile, readTypeScriptSchema } from '../../src/schema/typescript.js';
import { emptyFacts, type SchemaFacts } from '../../src/schema/types.js';

function read(text: string, source = 'src/db.ts'): SchemaFacts {
  const program = parseTypeScriptFile(text, source);
  if (!program) throw new Error('did not parse');
  return readTypeScriptSchema(program, source);
}

const dialectOf = (text: string, source?: string): SchemaFacts['dialect'] => read(text, source).dialect;

describe('readTypeScriptSchema: dialect from Drizzle', () => {
  it('reads the table builders', () => {
    expect(dialectOf(`import { pgTable, text } from 'drizzle-orm/pg-core'; export const t = pgTable('t', { a: text('a') });`)).toBe('postgresql');
    expect(dialectOf(`import { pgSchema } from 'drizzle-orm/pg-core'; export const s = pgSchema('auth');`)).toBe('postgresql');
    expect(dialectOf(`import { mysqlTable, int } from 'drizzle-orm/mysql-core'; export const t = mysqlTable('t', { a: int('a') });`)).toBe('mysql');
    expect(dialectOf(`import * as s from 'drizzle-orm/sqlite-core'; export const t = s.sqliteTable('t', { a: s.text('a') });`)).toBe('sqlite');
  });

  it('reads the driver subpath imports', () => {
    const cases: [string, SchemaFacts['dialect']][] = [
      ['node-postgres', 'postgresql'],
      ['postgres-js', 'postgresql'],
      ['neon-http', 'postgresql'],
      ['neon-serverless', 'postgresql'],
      ['vercel-postgres', 'postgresql'],
      ['pglite', 'postgresql'],
      ['mysql2', 'mysql'],
      ['planetscale-serverless', 'mysql'],
      ['better-sqlite3', 'sqlite'],
      ['libsql', 'sqlite'],
      ['bun-sqlite', 'sqlite'],
      ['d1', 'sqlite'],
    ];
    for (const [driver, dialect] of cases) {
      expect(dialectOf(`import { drizzle } from 'drizzle-orm/${driver}'; export const db = drizzle(process.env.URL!);`)).toBe(dialect);
    }
    expect(dialectOf(`import type { NodePgDatabase } from 'drizzle-orm/node-postgres'; export type Db = NodePgDatabase;`)).toBe('postgresql');
  });

  it('keeps the tables a schema file declares beside its dialect', () => {
    const facts = read(`import { pgTable, text } from 'drizzle-orm/pg-core';
      export const users = pgTable('users', { email: text('email').unique() });`);
    expect(facts.dialect).toBe('postgresql');
    expect(facts.constraints).toHaveLength(1);
    expect(facts.files).toEqual(['src/db.ts']);
  });

  it('names nothing for drizzle-orm itself or an unknown driver', () => {
    expect(read(`import { eq } from 'drizzle-orm'; export const f = eq;`)).toBe(emptyFacts);
    expect(read(`import { drizzle } from 'drizzle-orm/singlestore'; export const db = drizzle('x');`)).toBe(emptyFacts);
  });
});

describe('readTypeScriptSchema: dialect from TypeORM', () => {
  it('reads new DataSource({ type })', () => {
    const cases: [string, SchemaFacts['dialect']][] = [
      ['postgres', 'postgresql'],
      ['mysql', 'mysql'],
      ['mariadb', 'mysql'],
      ['sqlite', 'sqlite'],
      ['better-sqlite3', 'sqlite'],
      ['mssql', 'sqlserver'],
      ['mongodb', 'mongodb'],
    ];
    for (const [type, dialect] of cases) {
      const text = `import { DataSource } from 'typeorm';
        export const AppDataSource = new DataSource({ type: '${type}', url: process.env.DATABASE_URL, entities: [] });`;
      expect(dialectOf(text, 'src/data-source.ts')).toBe(dialect);
    }
  });

  it('reads options held in a const, createConnection, and the require form', () => {
    expect(
      dialectOf(`import { DataSource, DataSourceOptions } from 'typeorm';
        const options: DataSourceOptions = { type: 'mysql' as const, host: 'db' };
        export default new DataSource(options);`),
    ).toBe('mysql');
    expect(dialectOf(`import { createConnection } from 'typeorm'; createConnection({ type: 'postgres' });`)).toBe('postgresql');
    expect(dialectOf(`const typeorm = require('typeorm'); module.exports = new typeorm.DataSource({ type: 'sqlite' });`)).toBe('sqlite');
  });

  it('reads TypeOrmModule.forRoot and forRootAsync', () => {
    expect(
      dialectOf(`import { Module } from '@nestjs/common';
        import { TypeOrmModule } from '@nestjs/typeorm';
        @Module({ imports: [TypeOrmModule.forRoot({ type: 'postgres', autoLoadEntities: true })] })
        export class AppModule {}`, 'src/app.module.ts'),
    ).toBe('postgresql');
    expect(
      dialectOf(`import { TypeOrmModule } from '@nestjs/typeorm';
        export const db = TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({ type: 'mysql', url: config.get('DB_URL') }),
        });`),
    ).toBe('mysql');
  });

  it('names nothing for a type from the environment, or an engine it does not model', () => {
    expect(dialectOf(`import { DataSource } from 'typeorm'; new DataSource({ type: process.env.DB_TYPE as any });`)).toBeUndefined();
    expect(dialectOf(`import { DataSource } from 'typeorm'; new DataSource({ type: 'cockroachdb' });`)).toBeUndefined();
    // A `type` key elsewhere is not a connection type.
    expect(dialectOf(`import { Column } from 'typeorm'; const x = { type: 'postgres' }; export { x };`)).toBeUndefined();
  });
});

describe('readTypeScriptSchema: dialect from Sequelize', () => {
  it('reads the dialect option in both constructor forms', () => {
    expect(dialectOf(`import { Sequelize } from 'sequelize'; export const s = new Sequelize({ dialect: 'postgres', host: 'db' });`)).toBe('postgresql');
    expect(
      dialectOf(`const { Sequelize } = require('sequelize');
        const sequelize = new Sequelize('app', 'user', process.env.PASSWORD, { host: 'db', dialect: 'mariadb' });
        module.exports = sequelize;`, 'src/db.js'),
    ).toBe('mysql');
    expect(dialectOf(`const Sequelize = require('sequelize'); module.exports = new Sequelize('db', 'u', 'p', { dialect: 'sqlite' });`, 'db.js')).toBe('sqlite');
    expect(dialectOf(`import { Sequelize } from 'sequelize-typescript'; export const s = new Sequelize({ dialect: 'mssql', models: [] });`)).toBe('sqlserver');
  });

  it('reads the scheme of a connection URL, also as the fallback of an environment variable', () => {
    expect(dialectOf(`import { Sequelize } from 'sequelize'; export const s = new Sequelize('postgres://u:p@db:5432/app');`)).toBe('postgresql');
    expect(dialectOf(`import { Sequelize } from 'sequelize'; export const s = new Sequelize(\`mysql://\${user}@db/app\`);`)).toBe('mysql');
    expect(
      dialectOf(`import { Sequelize } from 'sequelize';
        export const s = new Sequelize(process.env.DATABASE_URL ?? 'postgresql://localhost/app', { logging: false });`),
    ).toBe('postgresql');
    expect(dialectOf(`import { Sequelize } from 'sequelize'; export const s = new Sequelize(process.env.DATABASE_URL);`)).toBeUndefined();
  });

  it('reads Sequelize 7 dialect classes', () => {
    expect(
      dialectOf(`import { Sequelize } from '@sequelize/core';
        import { PostgresDialect } from '@sequelize/postgres';
        export const s = new Sequelize({ dialect: PostgresDialect, database: 'app' });`),
    ).toBe('postgresql');
  });
});

describe('readTypeScriptSchema: dialect from Knex', () => {
  it('reads knex({ client })', () => {
    const cases: [string, SchemaFacts['dialect']][] = [
      ['pg', 'postgresql'],
      ['postgres', 'postgresql'],
      ['postgresql', 'postgresql'],
      ['mysql', 'mysql'],
      ['mysql2', 'mysql'],
      ['sqlite3', 'sqlite'],
      ['better-sqlite3', 'sqlite'],
    ];
    for (const [client, dialect] of cases) {
      expect(dialectOf(`import knex from 'knex'; export const db = knex({ client: '${client}', connection: process.env.URL });`)).toBe(dialect);
    }
  });

  it('reads the require forms, and a config held in a const', () => {
    expect(dialectOf(`const db = require('knex')({ client: 'pg', connection: process.env.URL }); module.exports = db;`, 'db.js')).toBe('postgresql');
    expect(dialectOf(`const knex = require('knex'); const config = { client: 'mysql2' }; module.exports = knex(config);`, 'db.js')).toBe('mysql');
    expect(dialectOf(`import type { Knex } from 'knex'; export const config: Knex.Config = { client: 'sqlite3', useNullAsDefault: true };`)).toBe('sqlite');
  });

  it('reads a knexfile, which need not import knex', () => {
    expect(
      dialectOf(`require('dotenv').config();
        module.exports = {
          development: { client: 'pg', connection: { database: 'app_dev' } },
          production: { client: 'pg', connection: process.env.DATABASE_URL },
        };`, 'knexfile.js'),
    ).toBe('postgresql');
    expect(dialectOf(`export default { client: 'mysql2', connection: process.env.DATABASE_URL };`, 'knexfile.ts')).toBe('mysql');
    // Tests may use another engine: that environment is left out.
    expect(
      dialectOf(`module.exports = { test: { client: 'sqlite3' }, production: { client: 'postgresql' } };`, 'db/knexfile.cjs'),
    ).toBe('postgresql');
    // The same object outside a knexfile, in a file that does not use knex, says nothing.
    expect(read(`module.exports = { development: { client: 'pg' } };`, 'config.js')).toBe(emptyFacts);
  });

  it('names nothing when the environments a knexfile deploys disagree', () => {
    expect(
      dialectOf(`module.exports = { development: { client: 'sqlite3' }, production: { client: 'pg' } };`, 'knexfile.js'),
    ).toBeUndefined();
  });
});

describe('readTypeScriptSchema: dialect from Kysely', () => {
  it('reads the dialect classes kysely exports', () => {
    expect(
      dialectOf(`import { Kysely, PostgresDialect } from 'kysely';
        import { Pool } from 'pg';
        export const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new Pool() }) });`),
    ).toBe('postgresql');
    expect(dialectOf(`import { Kysely, MysqlDialect } from 'kysely'; export const db = new Kysely({ dialect: new MysqlDialect({ pool }) });`)).toBe('mysql');
    expect(dialectOf(`import * as k from 'kysely'; export const db = new k.Kysely({ dialect: new k.SqliteDialect({ database }) });`)).toBe('sqlite');
  });

  it('reads dialect packages, and ignores a class of that name from elsewhere', () => {
    expect(
      dialectOf(`import { Kysely } from 'kysely'; import { PostgresJSDialect } from 'kysely-postgres-js';
        export const db = new Kysely({ dialect: new PostgresJSDialect({ postgres }) });`),
    ).toBe('postgresql');
    expect(dialectOf(`import { Kysely } from 'kysely'; import { PostgresDialect } from './my-dialect'; new Kysely({ dialect: new PostgresDialect() });`)).toBeUndefined();
    expect(read(`import type { Kysely } from 'kysely'; export function repo(db: Kysely<DB>) { return db; }`)).toBe(emptyFacts);
  });
});

describe('readTypeScriptSchema: dialect, conflicts and test files', () => {
  it('names nothing when one file sets up two engines', () => {
    expect(
      dialectOf(`import { DataSource } from 'typeorm';
        export const main = new DataSource({ type: 'postgres' });
        export const reports = new DataSource({ type: 'mysql' });`),
    ).toBeUndefined();
  });

  it('ignores the engine a test file sets up', () => {
    const text = `import { DataSource } from 'typeorm'; export const ds = new DataSource({ type: 'sqlite', database: ':memory:' });`;
    expect(dialectOf(text, 'test/utils/data-source.ts')).toBeUndefined();
    expect(dialectOf(text, 'src/users/users.service.spec.ts')).toBeUndefined();
    expect(dialectOf(text, 'src/contest/data-source.ts')).toBe('sqlite');
  });

  it('contributes nothing for a file that does not parse', () => {
    expect(parseTypeScriptFile(`import { DataSource } from 'typeorm'; new DataSource({ type: 'postgres' `, 'db.ts')).toBeUndefined();
  });
});

describe('getSchemaIndex: dialect', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  /** A temporary project of these files; returns the index seen from `linted`. */
  function project(files: Record<string, string>, linted = 'src/service.ts', text = 'export {};') {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'race-dialect-'));
    roots.push(root);
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), content);
    }
    const program = parseTypeScriptFile(text, linted);
    if (!program) throw new Error('did not parse');
    return getSchemaIndex({ filename: path.join(root, linted), text, program }, {}, root);
  }

  it('finds the engine in the module that sets up the connection, not in the linted file', () => {
    const index = project({
      'src/db.ts': `import { Kysely, PostgresDialect } from 'kysely';\nexport const db = new Kysely({ dialect: new PostgresDialect({ pool }) });\n`,
      'src/service.ts': `import { db } from './db';\nexport const f = () => db;\n`,
    });
    expect(index.dialect).toBe('postgresql');
    // A file that only names the engine is not counted as a schema file.
    expect(index.files).toEqual([]);
  });

  it('reads a knexfile by its name', () => {
    expect(project({ 'knexfile.js': `module.exports = { client: 'mysql2', connection: process.env.URL };\n` }).dialect).toBe(
      'mysql',
    );
  });

  it('names no engine when the sources disagree, Prisma included', () => {
    const index = project({
      'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
      'packages/reports/src/db.ts': `import knex from 'knex';\nexport const db = knex({ client: 'mysql' });\n`,
    });
    expect(index.dialect).toBeUndefined();
    const agreeing = project({
      'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
      'src/db.ts': `import knex from 'knex';\nexport const db = knex({ client: 'pg' });\n`,
    });
    expect(agreeing.dialect).toBe('postgresql');
  });

  it('gives a table the engine of the sources that declare it when the project has two', () => {
    const index = project({
      'src/db/schema.ts': `import { pgTable, text } from 'drizzle-orm/pg-core';\nexport const orgs = pgTable('orgs', { slug: text('slug') });\n`,
      'src/db/client.ts': `import { drizzle } from 'drizzle-orm/node-postgres';\nexport const db = drizzle(pool);\n`,
      'src/local/store.ts': `import { sqliteTable, text } from 'drizzle-orm/sqlite-core';\nconst settings = sqliteTable('settings', { key: text('key') });\n`,
      'src/entities/tag.ts': `import { Entity, PrimaryColumn } from 'typeorm';\n@Entity() export class Tag { @PrimaryColumn() id!: string; }\n`,
    });
    expect(index.dialect).toBeUndefined();
    expect(index.dialectOf('orgs')).toBe('postgresql');
    expect(index.dialectOf('settings')).toBe('sqlite');
    // Declared by a source that names no engine, or by nothing: the project's (here none).
    expect(index.dialectOf('Tag')).toBeUndefined();
    expect(index.dialectOf(undefined)).toBeUndefined();
    const single = project({
      'prisma/schema.prisma': 'datasource db {\n  provider = "mysql"\n  url = env("DATABASE_URL")\n}\nmodel User {\n  id Int @id\n}\n',
      'src/entities/tag.ts': `import { Entity, PrimaryColumn } from 'typeorm';\n@Entity() export class Tag { @PrimaryColumn() id!: string; }\n`,
    });
    expect(single.dialectOf('User')).toBe('mysql');
    expect(single.dialectOf('Tag')).toBe('mysql');
  });

  it('skips files that fail to parse and does not let a test setup disagree', () => {
    const index = project({
      'src/data-source.ts': `import { DataSource } from 'typeorm';\nexport const ds = new DataSource({ type: 'mysql' });\n`,
      'src/broken.ts': `import { DataSource } from 'typeorm';\nnew DataSource({ type: 'postgres' `,
      'test/data-source.ts': `import { DataSource } from 'typeorm';\nexport const ds = new DataSource({ type: 'sqlite' });\n`,
    });
    expect(index.dialect).toBe('mysql');
  });
});
