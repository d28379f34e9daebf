import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { memberName, returnedExpression, staticString, unwrap } from '../utils/ast.js';
import { kyselyDialectPackages, resolveImport, type FileIndex, type Library } from './source-file.js';
import { objectProperties, propertyName, propertyValue } from './static-values.js';
import type { Dialect } from './types.js';

type Names = Readonly<Record<string, Dialect>>;

/** Drizzle's table and schema builders, by the engine of the core module that exports them. */
const drizzleBuilders: Names = {
  pgTable: 'postgresql',
  pgTableCreator: 'postgresql',
  pgSchema: 'postgresql',
  mysqlTable: 'mysql',
  mysqlTableCreator: 'mysql',
  mysqlSchema: 'mysql',
  sqliteTable: 'sqlite',
  sqliteTableCreator: 'sqlite',
};
/** drizzle-orm driver subpaths, by their first segment (`aws-data-api/pg`, `libsql/http`). */
const drizzleDrivers: Names = {
  'node-postgres': 'postgresql',
  'postgres-js': 'postgresql',
  'vercel-postgres': 'postgresql',
  'xata-http': 'postgresql',
  pglite: 'postgresql',
  'pg-proxy': 'postgresql',
  'aws-data-api': 'postgresql',
  mysql2: 'mysql',
  'mysql-proxy': 'mysql',
  'planetscale-serverless': 'mysql',
  'tidb-serverless': 'mysql',
  'better-sqlite3': 'sqlite',
  libsql: 'sqlite',
  'bun-sqlite': 'sqlite',
  d1: 'sqlite',
  'expo-sqlite': 'sqlite',
  'op-sqlite': 'sqlite',
  'sql-js': 'sqlite',
  'sqlite-proxy': 'sqlite',
  'durable-sqlite': 'sqlite',
};
/** TypeORM's `type` option. CockroachDB, Spanner, Oracle and SAP are left unknown. */
const typeOrmTypes: Names = {
  postgres: 'postgresql',
  'aurora-postgres': 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
  'aurora-mysql': 'mysql',
  sqlite: 'sqlite',
  'better-sqlite3': 'sqlite',
  sqljs: 'sqlite',
  capacitor: 'sqlite',
  cordova: 'sqlite',
  expo: 'sqlite',
  nativescript: 'sqlite',
  'react-native': 'sqlite',
  mssql: 'sqlserver',
  mongodb: 'mongodb',
};
/** Sequelize's `dialect` option, and the scheme of a connection URL. */
const sequelizeDialects: Names = {
  postgres: 'postgresql',
  postgresql: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
  sqlite: 'sqlite',
  mssql: 'sqlserver',
};
/** Sequelize 7's dialect packages: `new Sequelize({ dialect: PostgresDialect })`. */
const sequelizeDialectPackages: Names = {
  '@sequelize/postgres': 'postgresql',
  '@sequelize/mysql': 'mysql',
  '@sequelize/mariadb': 'mysql',
  '@sequelize/sqlite3': 'sqlite',
  '@sequelize/mssql': 'sqlserver',
};
const sequelizeClassSources = new Set(['sequelize', 'sequelize-typescript', '@sequelize/core']);
/** Knex's `client` option. CockroachDB, Redshift and Oracle are left unknown. */
const knexClients: Names = {
  pg: 'postgresql',
  postgres: 'postgresql',
  postgresql: 'postgresql',
  pgnative: 'postgresql',
  mysql: 'mysql',
  mysql2: 'mysql',
  sqlite3: 'sqlite',
  sqlite: 'sqlite',
  'better-sqlite3': 'sqlite',
  mssql: 'sqlserver',
  tedious: 'sqlserver',
};
/** Kysely's built-in dialect classes. */
const kyselyClasses: Names = {
  PostgresDialect: 'postgresql',
  MysqlDialect: 'mysql',
  SqliteDialect: 'sqlite',
  MssqlDialect: 'sqlserver',
};

/** `knexfile.js`, `knexfile.ts`: read for its `client` even when it imports nothing. */
export function isKnexfile(source: string): boolean {
  return /(?:^|[\\/])knexfile\.[cm]?[jt]s$/i.test(source);
}

/** Test code often runs on another engine (SQLite in memory) than the one the project deploys. */
const testSource =
  /(?:^|[\\/])(?:__tests__|__mocks__|tests?|spec|e2e)[\\/]|\.(?:test|spec|e2e-spec|e2e)\.[cm]?[jt]sx?$/i;
/** Knexfile environments that configure tests, not the deployed database. */
const testEnvironment = /^(?:test|testing|e2e|ci)$/i;

/**
 * The database engine a file names in code: a Drizzle table builder or driver import, a TypeORM
 * `DataSource`/`TypeOrmModule.forRoot` `type`, a Sequelize `dialect` or URL, a Knex `client`, a
 * Kysely dialect class. Undefined when it names none, or several (a file that sets up two
 * engines says nothing certain), and for test files.
 */
export function readDialect(file: FileIndex, libraries: ReadonlySet<Library>, source: string): Dialect | undefined {
  if (testSource.test(source)) return undefined;
  const named = new Set<Dialect>();
  const add = (dialect: Dialect | undefined): void => {
    if (dialect) named.add(dialect);
  };
  if (libraries.has('drizzle')) readDrizzle(file, add);
  if (libraries.has('typeorm')) readTypeOrm(file, add);
  if (libraries.has('sequelize')) readSequelize(file, add);
  if (libraries.has('knex') || isKnexfile(source)) readKnex(file, add);
  if (libraries.has('kysely')) readKysely(file, add);
  return named.size === 1 ? [...named][0] : undefined;
}

type Add = (dialect: Dialect | undefined) => void;

function readDrizzle(file: FileIndex, add: Add): void {
  for (const binding of file.imports.values()) {
    if (binding.library !== 'drizzle' || !binding.source.startsWith('drizzle-orm/')) continue;
    const driver = binding.source.slice('drizzle-orm/'.length).split('/')[0] ?? '';
    add(driver.startsWith('neon-') ? 'postgresql' : lookup(drizzleDrivers, driver));
  }
  for (const call of file.calls) {
    const binding = call.type === AST_NODE_TYPES.CallExpression ? resolveImport(call.callee, file.imports) : undefined;
    if (binding?.library === 'drizzle') add(lookup(drizzleBuilders, binding.name));
  }
}

/** `new DataSource({ type })`, `createConnection({ type })`, `TypeOrmModule.forRoot({ type })` and `forRootAsync({ useFactory })`. */
function readTypeOrm(file: FileIndex, add: Add): void {
  for (const call of file.calls) {
    const [first] = call.arguments;
    const binding = resolveImport(call.callee, file.imports);
    let options: TSESTree.Node | undefined;
    if (binding?.library === 'typeorm') {
      const isSetup =
        call.type === AST_NODE_TYPES.NewExpression
          ? binding.name === 'DataSource' || binding.name === 'Connection'
          : binding.name === 'createConnection';
      if (isSetup) options = first;
    } else if (call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.MemberExpression) {
      const module = resolveImport(call.callee.object, file.imports);
      const method = memberName(call.callee);
      if (module?.library === 'typeorm' && module.name === 'TypeOrmModule') {
        if (method === 'forRoot') options = first;
        if (method === 'forRootAsync') options = returnedExpression(propertyValue(objectOf(first, file), 'useFactory'));
      }
    }
    add(lookup(typeOrmTypes, stringOf(propertyValue(objectOf(options, file), 'type'))));
  }
}

/** `new Sequelize({ dialect })`, `new Sequelize(db, user, password, { dialect })`, `new Sequelize('postgres://…')`. */
function readSequelize(file: FileIndex, add: Add): void {
  for (const call of file.calls) {
    if (call.type !== AST_NODE_TYPES.NewExpression) continue;
    const binding = resolveImport(call.callee, file.imports);
    const isSequelize =
      binding?.library === 'sequelize' &&
      sequelizeClassSources.has(binding.source) &&
      (binding.name === 'Sequelize' || binding.name === '*');
    if (!isSequelize) continue;
    const objects = call.arguments.map((argument) => objectOf(argument, file)).filter(isObjectExpression);
    const option = objects.map((object) => propertyValue(object, 'dialect')).findLast((value) => value !== undefined);
    const dialectClass = option && resolveImport(option, file.imports);
    add(
      lookup(sequelizeDialects, stringOf(option)) ??
        (dialectClass ? lookup(sequelizeDialectPackages, dialectClass.source) : undefined) ??
        lookup(sequelizeDialects, urlScheme(call.arguments[0])),
    );
  }
}

/**
 * Every `client` of an object literal in a file that uses Knex or is a knexfile: `knex({ client })`,
 * `const config: Knex.Config = { client }`, `module.exports = { development: { client } }`.
 * Environments for tests are left out.
 */
function readKnex(file: FileIndex, add: Add): void {
  const testConfigs = new Set<TSESTree.Node>();
  for (const object of file.objects) {
    for (const property of objectProperties(object)) {
      if (testEnvironment.test(propertyName(property) ?? '')) testConfigs.add(unwrap(property.value));
    }
  }
  for (const object of file.objects) {
    if (!testConfigs.has(object)) add(lookup(knexClients, stringOf(propertyValue(object, 'client'))));
  }
}

/** `new PostgresDialect(…)` and the other dialect classes of kysely, or of a dialect package. */
function readKysely(file: FileIndex, add: Add): void {
  for (const call of file.calls) {
    if (call.type !== AST_NODE_TYPES.NewExpression) continue;
    const binding = resolveImport(call.callee, file.imports);
    if (binding?.library !== 'kysely') continue;
    add(
      binding.source === 'kysely'
        ? lookup(kyselyClasses, binding.name)
        : binding.name.endsWith('Dialect') || binding.name === '*'
          ? lookup(kyselyDialectPackages, binding.source)
          : undefined,
    );
  }
}

/** An object literal, or the object literal a `const` of the file is initialised with. */
function objectOf(node: TSESTree.Node | undefined, file: FileIndex): TSESTree.Node | undefined {
  const bare = node && unwrap(node);
  return bare?.type === AST_NODE_TYPES.Identifier ? file.initOf.get(bare.name) : bare;
}

function isObjectExpression(node: TSESTree.Node | undefined): node is TSESTree.ObjectExpression {
  return node?.type === AST_NODE_TYPES.ObjectExpression;
}

function stringOf(node: TSESTree.Node | undefined): string | undefined {
  return node && staticString(unwrap(node));
}

/**
 * The scheme of a connection URL: `'postgres://…'`, `` `mysql://${user}@…` ``, or the fallback of
 * `process.env.DATABASE_URL ?? 'postgres://localhost/app'`.
 */
function urlScheme(node: TSESTree.Node | undefined): string | undefined {
  const bare = node && unwrap(node);
  if (bare?.type === AST_NODE_TYPES.LogicalExpression && bare.operator !== '&&') {
    return urlScheme(bare.right) ?? urlScheme(bare.left);
  }
  const text =
    bare?.type === AST_NODE_TYPES.TemplateLiteral ? (bare.quasis[0]?.value.cooked ?? undefined) : stringOf(bare);
  return text && /^([a-z][\w+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
}

function lookup(names: Names, key: string | undefined): Dialect | undefined {
  return key !== undefined && Object.hasOwn(names, key) ? names[key] : undefined;
}
