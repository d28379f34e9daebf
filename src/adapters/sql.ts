import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Field } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter, AtomicCreate, CallLike, Rewrite, StaleWrite } from './types.js';
import type { GuardCondition } from '../analysis/changes.js';
import {
  isLockableSelect,
  isNamedValues,
  isolationIn,
  looksLikeSql,
  placeholderSpans,
  readStatement,
  takesAndCondition,
  type PlaceholderStyle,
  type StatementAccess,
  type StatementValues,
} from '../sql/statement.js';
import { quote } from './rewrites.js';
import {
  contains,
  findVariable,
  isFunction,
  memberName,
  objectFields,
  originOf,
  property,
  resolveObject,
  staticString,
  unwrap,
} from '../utils/ast.js';
import { indentOf, isNameFree, statementOf, textWithEdits } from '../utils/fixes.js';
import { normalizeName } from '../utils/names.js';
import type { SqlDialect } from '../schema/types.js';

/**
 * Raw SQL sent through a driver: pg, mysql2, sqlite/sqlite3, better-sqlite3, postgres.js and
 * Prisma's `$queryRaw` family. A call counts when the file imports the driver (or the receiver's
 * type is a driver client) and its text parses as SQL.
 *
 * Without that evidence, `x.query(text, …)` and `x.execute(text, …)` still count when `x` comes
 * from elsewhere (imported, a parameter, an injected field, a connection taken from one) and the
 * static text parses into a statement on a table: the text itself shows that the call sends SQL.
 * A bare method name on a local object is not evidence. The driver then stays unknown. Raw SQL
 * through an ORM (TypeORM's `manager.query`, Sequelize's `sequelize.query`) counts too, as
 * Prisma's `$queryRaw` does: the ORM adapters read only their own APIs.
 */

type Driver = 'pg' | 'mysql' | 'sqlite' | 'better-sqlite3' | 'postgres' | 'prisma';

const driverModules: readonly (readonly [module: string, driver: Driver])[] = [
  ['pg', 'pg'],
  ['mysql2', 'mysql'],
  ['mysql', 'mysql'],
  ['sqlite', 'sqlite'],
  ['sqlite3', 'sqlite'],
  ['better-sqlite3', 'better-sqlite3'],
  ['postgres', 'postgres'],
];
/** Methods that take the SQL text first, by the drivers that have them. */
const textMethods: Readonly<Record<string, readonly Driver[]>> = {
  query: ['pg', 'mysql'],
  execute: ['mysql'],
  get: ['sqlite'],
  all: ['sqlite'],
  run: ['sqlite'],
  exec: ['sqlite', 'better-sqlite3'],
  unsafe: ['postgres'],
};
/** mysql2's `conn.beginTransaction()`: `START TRANSACTION` without SQL text. */
const beginMethod = 'beginTransaction';
/** Methods of a prepared statement, `db.prepare(sql).get(…params)`. */
const statementMethods = new Set(['get', 'all', 'run', 'iterate']);
const prismaRaw = new Set(['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe']);
/** postgres.js tags: `sql`, and `tx` for the client a `sql.begin` callback receives. */
const postgresTags = ['sql', 'tx'];
/** Tags that build a query object for a driver (`pool.query(SQL\`…\`)`, `Prisma.sql\`…\``). */
const queryBuilderTags = new Set(['@prisma/client', 'sql-template-strings', 'sql-template-tag']);
/** Type names of driver clients, when type information is available. */
const clientType =
  /^(?:Pool|PoolClient|Client|ClientBase|PoolConnection|Connection|Database|Statement|Sql|TransactionSql|ReservedSql)\b/;
/** Methods that send text without driver evidence, when the text is a statement on a table. */
const inferredMethods = new Set(['query', 'execute']);
/** Types whose `query` sends raw SQL though no driver is named: ORMs' raw escape hatches. */
const rawSqlType = /^(?:DataSource|EntityManager|QueryRunner|Repository<|Sequelize\b)/;
/** Methods that hand out a connection of the receiver: `await pool.connect()`. */
const connectMethods = new Set(['connect', 'getConnection', 'createQueryRunner']);
/**
 * Packages whose clients are not raw SQL drivers, or whose queries another adapter reads: a
 * receiver imported from them, or declared with one of their types, is not guessed a driver.
 */
const otherClients = [
  'knex',
  'kysely',
  'drizzle-orm',
  '@prisma/client',
  'mongoose',
  'mongodb',
  'redis',
  'ioredis',
  '@redis/client',
  '@elastic/elasticsearch',
  '@opensearch-project/opensearch',
  '@apollo/client',
  'graphql-request',
  'urql',
  '@urql/core',
];

const dialects: Readonly<Record<Driver, SqlDialect | undefined>> = {
  pg: 'postgresql',
  postgres: 'postgresql',
  mysql: 'mysql',
  sqlite: 'sqlite',
  'better-sqlite3': 'sqlite',
  prisma: undefined,
};

/** How a driver reports the rows a write changed, for the check a conditional update needs. */
interface AffectedRows {
  /** What the result is bound to: `{ rowCount }`. */
  readonly binding: string;
  /** The variable the binding declares. */
  readonly name: string;
  /** The test that no row changed. */
  readonly none: string;
}

/** Transaction modes of postgres.js `sql.begin(options, …)` that name an isolation level. */
const isolationMode = /\bisolation\s+level\s+(?:serializable|repeatable\s+read|read\s+committed|read\s+uncommitted)\b/i;

/** A statement a call sends, with what is needed to read it and to rewrite it. */
interface SqlCall {
  /** Undefined when only the receiver's type shows a driver, or the file imports several. */
  readonly driver: Driver | undefined;
  readonly text: string;
  readonly values: StatementValues;
  /** Objects inserted whole (`INSERT … SET ?`, `${sql(row)}`) whose columns are not listed. */
  readonly opaque: readonly TSESTree.Node[];
  /** The literal that holds the text inside the call, when a rewrite can edit it. */
  readonly literal: TSESTree.Literal | TSESTree.TemplateLiteral | undefined;
  readonly style: PlaceholderStyle | undefined;
  /** The statement, when recognising the call already read it. */
  readonly statement?: StatementAccess;
}

interface Text {
  readonly text: string;
  readonly literal: TSESTree.Literal | TSESTree.TemplateLiteral | undefined;
}

interface Template {
  readonly text: string;
  readonly values: readonly (TSESTree.Node | undefined)[];
  readonly opaque: readonly TSESTree.Node[];
}

export const sql: Adapter = {
  library: 'sql',
  transactionHandles: ['TransactionSql'],
  callNames: new Set([...Object.keys(textMethods), ...statementMethods, ...prismaRaw, ...postgresTags, 'begin', beginMethod]),
  conflictMarkers: ['23505', 'unique_violation', 'ER_DUP_ENTRY', '1062', 'SQLITE_CONSTRAINT'],
  // One test for every driver: the rule asks for it without saying which driver the create used.
  conflictTest: (error) =>
    `${error} instanceof Object && 'code' in ${error} && /^(?:23505|ER_DUP_ENTRY|SQLITE_CONSTRAINT)/.test(String(${error}.code))`,

  access(call, file) {
    const begun = beginTransaction(call, file);
    if (begun) return begun;
    const source = sqlCall(call, file);
    const statement = source && (source.statement ?? readStatement(source.text, source.values, source.style));
    if (!source || !statement) return undefined;
    const { summary, ...rest } = statement;
    const dialect = source.driver && dialects[source.driver];
    // SQLite runs every transaction serializably: a concurrent writer fails with SQLITE_BUSY.
    const sqliteBegin = statement.kind === 'begin' && dialect === 'sqlite' && !statement.isolation;
    return {
      ...rest,
      library: 'sql',
      node: call,
      label: `${calleeLabel(call, file)} (${summary})`,
      ...(source.opaque.length > 0 ? { opaqueData: source.opaque } : {}),
      ...(source.driver === 'better-sqlite3' ? { synchronous: true } : {}),
      ...(dialect ? { dialect } : {}),
      ...(sqliteBegin ? { isolation: 'serializable' } : {}),
    } satisfies Access;
  },

  /** postgres.js `sql.begin([options], async (sql) => …)`. */
  transaction(call, file) {
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression || memberName(call.callee) !== 'begin') return undefined;
    if (!file.imports('postgres')) return undefined;
    const callback = call.arguments[call.arguments.length - 1];
    if (!callback || !isFunction(callback)) return undefined;
    const options = call.arguments.length > 1 ? staticString(call.arguments[0]) : undefined;
    return { callback, library: 'sql', isolation: (options === undefined ? undefined : isolationIn(options)) ?? 'unknown' };
  },

  atomicCreate(check, create, file) {
    if (create.node.type !== AST_NODE_TYPES.CallExpression && create.node.type !== AST_NODE_TYPES.TaggedTemplateExpression) {
      return undefined;
    }
    const source = sqlCall(create.node, file);
    const dialect = source?.driver ? (dialects[source.driver] ?? schemaDialect(file)) : schemaDialect(file);
    if (!source?.literal || !dialect || create.resource === undefined) return undefined;
    const keyNames = check.keys.map((key) => key.name);
    const constraint = file.schema().uniqueFor(create.resource, keyNames);
    const columns = (constraint?.fields ?? keyNames).map((name) => writtenColumn(create.data, name));
    if (columns.some((column) => column === undefined)) return undefined;
    const target = (columns as string[]).map((column) => quoteIdentifier(column, dialect)).join(', ');
    const rewrite =
      dialect === 'mysql' ? insertIgnore(source.literal, file) : onConflict(source.literal, `(${target})`, file);
    if (rewrite === undefined) return undefined;
    const form = dialect === 'mysql' ? 'INSERT IGNORE' : `INSERT … ON CONFLICT (${target}) DO NOTHING`;
    const requirement = constraint ? '' : `, after adding a unique index on ${create.resource} (${target})`;
    return { form: form + requirement, node: source.literal, text: rewrite } satisfies AtomicCreate;
  },

  /** `INSERT … ON CONFLICT DO NOTHING`, whose count of inserted rows is 0 when the key was taken (PostgreSQL drivers). */
  claim(near, key, record, file) {
    const call = near.node;
    if (near.library !== 'sql' || (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.TaggedTemplateExpression)) {
      return undefined;
    }
    const source = sqlCall(call, file);
    const { resource, field } = record ?? { resource: 'processed_webhooks', field: 'id' };
    const insert = `INSERT INTO ${quoteIdentifier(resource, 'postgresql')} (${quoteIdentifier(field, 'postgresql')}) VALUES`;
    const form = `\`INSERT INTO ${resource} … ON CONFLICT DO NOTHING\``;
    if (record?.like) {
      // The insert the code makes already, with `ON CONFLICT DO NOTHING` added.
      const like = record.like.node;
      const written = like.type === AST_NODE_TYPES.CallExpression ? sqlCall(like, file) : undefined;
      if (written?.driver !== 'pg' || !written.literal) return undefined;
      const edit = { range: written.literal.range, text: onConflict(written.literal, `(${quoteIdentifier(field, 'postgresql')})`, file) };
      return { form, resource, taken: `(await ${textWithEdits(like, [edit], file.sourceCode)}).rowCount === 0` };
    }
    if (source?.driver === 'pg' && call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.MemberExpression) {
      const client = file.sourceCode.getText(call.callee.object);
      return { form, resource, taken: `(await ${client}.query(${quote(`${insert} ($1) ON CONFLICT DO NOTHING`)}, [${key}])).rowCount === 0` };
    }
    if (source?.driver === 'postgres' && call.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      const statement = `${insert} (\${${key}}) ON CONFLICT DO NOTHING`;
      return { form, resource, taken: `(await ${file.sourceCode.getText(call.tag)}\`${statement}\`).count === 0` };
    }
    return undefined;
  },

  /** `SET balance = $1` with `[wallet.balance + amount]` becomes `SET balance = balance + $1` with `[amount]`. */
  atomicUpdate(stale, file) {
    const source = rewritable(stale.write, file);
    const changes = source && changeEdits(stale, source, file);
    return changes && { form: `\`SET ${changes.forms.join(', ')}\``, edits: changes.edits };
  },

  conditionalUpdate(stale, file) {
    const { write, condition } = stale;
    const source = rewritable(write, file);
    const statement = statementOf(write.node);
    const affected = source && affectedRows(write.node, source.driver);
    if (!source || !affected || statement?.type !== AST_NODE_TYPES.ExpressionStatement || !condition.otherwise) return undefined;
    // A plain write of a stale value stays stale with the check in its WHERE: it must become relative.
    if (write.kind !== 'atomic-update' && stale.changes.length === 0) return undefined;
    if (!takesAndCondition(source.text, source.style)) return undefined;
    if (!isNameFree(affected.name, write.node, file.sourceCode)) return undefined;
    const changes = stale.changes.length > 0 ? changeEdits(stale, source, file) : { forms: [], edits: [] };
    const guarded = changes && guardEdits(source, write, condition, changes.edits, file);
    if (!changes || !guarded) return undefined;
    const edits = [...changes.edits, ...guarded.edits];
    const inside = edits.filter((edit) => edit.range[0] >= statement.range[0] && edit.range[1] <= statement.range[1]);
    const outside = edits.filter((edit) => !inside.includes(edit));
    const indent = indentOf(statement, file.sourceCode);
    const written = textWithEdits(statement.expression, inside, file.sourceCode);
    const otherwise = file.sourceCode.getText(condition.otherwise);
    const set = changes.forms.length > 0 ? ` and \`SET ${changes.forms.join(', ')}\`` : '';
    return {
      form: `\`… AND ${guarded.test}\` in the WHERE clause${set}, exiting when it changes no row`,
      edits: [
        ...outside,
        { range: statement.range, text: `const ${affected.binding} = ${written};\n${indent}if (${affected.none}) ${otherwise}` },
      ],
    };
  },

  lockRead(read, file) {
    const source = rewritable(read, file);
    if (!source || dialectOf(source, file) === 'sqlite' || !isLockableSelect(source.text, source.style)) return undefined;
    const at = source.literal.range[0] + statementEnd(source.literal, file).at;
    return { form: '`SELECT … FOR UPDATE`', edits: [{ range: [at, at], text: ' FOR UPDATE' }] };
  },

  /** postgres.js `sql.begin(fn)` becomes `sql.begin('isolation level serializable', fn)`. */
  serializable(scope, file) {
    const call = scope.callback.parent;
    if (scope.library !== 'sql' || call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const level = 'isolation level serializable';
    const form = `\`${file.sourceCode.getText(call.callee)}('${level}', …)\``;
    const [first] = call.arguments;
    if (first === scope.callback) return { form, edits: [{ range: [first.range[0], first.range[0]], text: `'${level}', ` }] };
    const options = first?.type === AST_NODE_TYPES.Literal ? staticString(first) : undefined;
    if (!first || options === undefined) return undefined;
    const modes = isolationMode.test(options) ? options.replace(isolationMode, level) : `${options} ${level}`.trim();
    return { form, edits: [{ range: first.range, text: quote(modes) }] };
  },
};

/** mysql2 `conn.beginTransaction()`, which starts a transaction as `START TRANSACTION` does. */
function beginTransaction(call: CallLike, file: FileFacts): Access | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (memberName(call.callee) !== beginMethod || evidence(call.callee.object, ['mysql'], file)?.driver !== 'mysql') return undefined;
  const label = calleeLabel(call, file);
  return { kind: 'begin', library: 'sql', resource: undefined, keys: [], data: [], node: call, label, dialect: 'mysql' };
}

// ---------------------------------------------------------------------------------------------
// Recognising a call

function sqlCall(call: CallLike, file: FileFacts): SqlCall | undefined {
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) return taggedCall(call, file);
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(call.callee);
  if (method === undefined) return undefined;
  if (prismaRaw.has(method)) return prismaCall(call, method, file);
  const receiver = call.callee.object;
  const prepared = statementMethods.has(method) ? preparedText(receiver, file) : undefined;
  if (prepared) return preparedCall(call, receiver, prepared, file);
  const drivers = textMethods[method];
  return drivers && textCall(call, method, drivers, file);
}

/** `db.prepare(text).get(…params)`, or `stmt.get(…)` on a `const stmt = db.prepare(text)`. */
function preparedCall(
  call: TSESTree.CallExpression,
  receiver: TSESTree.Node,
  prepared: TSESTree.Node,
  file: FileFacts,
): SqlCall | undefined {
  const text = sqlTextOf(prepared, file);
  const found = text && looksLikeSql(text.text) ? evidence(receiver, ['better-sqlite3', 'sqlite'], file) : undefined;
  if (!text || !found) return undefined;
  return { driver: found.driver, ...text, values: bindings(call.arguments, true, file), opaque: [], style: 'positional' };
}

/** `pool.query(text, values)`, `pool.query({ text, values })`, `db.get(text, …params)`, `sql.unsafe(text, values)`. */
function textCall(
  call: TSESTree.CallExpression,
  method: string,
  drivers: readonly Driver[],
  file: FileFacts,
): SqlCall | undefined {
  const [first, ...rest] = call.arguments;
  if (!first || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const receiver = call.callee.object;
  const template = builtTemplate(first, file);
  if (template) {
    if (!looksLikeSql(template.text)) return undefined;
    const found = evidence(receiver, drivers, file);
    if (found) return { driver: found.driver, ...template, literal: undefined, style: 'numbered' };
    const statement = inferred(method, receiver, template.text, template.values, 'numbered', file);
    return statement && { driver: undefined, ...template, literal: undefined, style: 'numbered', statement };
  }
  // pg `query({ text, values })`, mysql2 `query({ sql, values })`
  const config = resolveObject(first, file.sourceCode);
  const text = sqlTextOf(property(config, 'text') ?? property(config, 'sql') ?? first, file);
  if (!text || !looksLikeSql(text.text)) return undefined;
  const params = config ? [property(config, 'values') ?? rest[0]] : rest;
  // pg, mysql2 and postgres.js take one array of values; SQLite also takes them spread.
  const variadic = !['query', 'execute', 'unsafe'].includes(method);
  const found = evidence(receiver, drivers, file);
  if (!found) {
    // Sequelize `query(text, { replacements, bind })`: the values are inside the options.
    const values = bindings(config ? params : optionValues(rest[0], file) ?? params, false, file);
    const statement = inferred(method, receiver, text.text, values, undefined, file);
    return statement && { driver: undefined, ...text, values, opaque: [], style: undefined, statement };
  }
  const { driver } = found;
  const style = driver === undefined ? undefined : driver === 'pg' || driver === 'postgres' ? 'numbered' : 'positional';
  const source: SqlCall = { driver, ...text, values: bindings(params, variadic, file), opaque: [], style };
  return driver === 'mysql' ? withSetObject(source, params[0], file) : source;
}

/**
 * The driver that serves `receiver` among `candidates`: shown by the file's imports, or by the
 * receiver's type (then the driver stays unknown). Undefined when nothing shows a driver.
 */
function evidence(
  receiver: TSESTree.Node,
  candidates: readonly Driver[],
  file: FileFacts,
): { driver: Driver | undefined } | undefined {
  const imported = new Set(
    driverModules.filter(([module, driver]) => candidates.includes(driver) && file.imports(module)).map(([, driver]) => driver),
  );
  if (imported.size > 0) return { driver: imported.size === 1 ? [...imported][0] : undefined };
  const type = file.typeText(receiver);
  return type !== undefined && clientType.test(type) ? { driver: undefined } : undefined;
}

/**
 * The statement a `query`/`execute` call sends when nothing names a driver: the receiver comes
 * from elsewhere and is not another library's client, and the text reads as a statement on a
 * table. Transaction control and locks on such a receiver count too: they can only quiet a report.
 * The cheap structural checks run first; the text is parsed last.
 */
function inferred(
  method: string,
  receiver: TSESTree.Node,
  text: string,
  values: StatementValues,
  style: PlaceholderStyle | undefined,
  file: FileFacts,
): StatementAccess | undefined {
  if (!inferredMethods.has(method) || !fromElsewhere(receiver, file)) return undefined;
  const statement = readStatement(text, values, style);
  if (!statement || (statement.resource === undefined && statement.kind !== 'begin' && statement.kind !== 'lock')) {
    return undefined;
  }
  // With type information the type decides: a named type that is no SQL client is something else.
  const type = file.typeText(receiver);
  const typeFits = type === undefined || type === 'any' || type.startsWith('{') || rawSqlType.test(type);
  return typeFits ? statement : undefined;
}

/**
 * A receiver that comes from elsewhere: an import (not from another client's package), a
 * parameter, a class field that is injected or set from one, or a connection taken from such a
 * receiver (`const client = await pool.connect()`). Not a local object (`new Map()`, an object
 * literal, a factory's result) nor a field set to one.
 */
function fromElsewhere(receiver: TSESTree.Node, file: FileFacts, depth = 0): boolean {
  const bare = unwrap(receiver);
  const field =
    bare.type === AST_NODE_TYPES.MemberExpression && bare.object.type === AST_NODE_TYPES.ThisExpression && !bare.computed;
  if (bare.type !== AST_NODE_TYPES.Identifier && !field) return false;
  const origin = originOf(bare, file.sourceCode);
  if (origin.importSource !== undefined) return !isOtherClient(origin.importSource);
  if (origin.type && isOtherClientType(origin.type, file)) return false;
  if (origin.init) return depth < 2 && derivedFromElsewhere(origin.init, file, depth + 1);
  if (origin.parameterOf) return true;
  if (field) return insideClass(bare);
  // `const { pool } = require('./db')` at the top level.
  const source = bare.type === AST_NODE_TYPES.Identifier ? file.importSourceOf(bare.name) : undefined;
  const scope = bare.type === AST_NODE_TYPES.Identifier ? findVariable(file.sourceCode, bare)?.scope : undefined;
  return source !== undefined && scope?.block.type === AST_NODE_TYPES.Program && !isOtherClient(source);
}

/** `pool`, `this.db`, or `await pool.connect()` of such a receiver. */
function derivedFromElsewhere(init: TSESTree.Node, file: FileFacts, depth: number): boolean {
  const value = unwrap(init);
  if (value.type === AST_NODE_TYPES.Identifier || value.type === AST_NODE_TYPES.MemberExpression) {
    return fromElsewhere(value, file, depth);
  }
  if (value.type !== AST_NODE_TYPES.CallExpression || value.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  return connectMethods.has(memberName(value.callee) ?? '') && fromElsewhere(value.callee.object, file, depth);
}

function isOtherClient(source: string): boolean {
  return otherClients.some((module) => source === module || source.startsWith(`${module}/`));
}

/** A declared type imported from another client's package: `Knex`, `Kysely<DB>`, `Redis`. */
function isOtherClientType(type: TSESTree.TypeNode, file: FileFacts): boolean {
  if (type.type !== AST_NODE_TYPES.TSTypeReference) return false;
  let name: TSESTree.EntityName = type.typeName;
  while (name.type === AST_NODE_TYPES.TSQualifiedName) name = name.left;
  const source = name.type === AST_NODE_TYPES.Identifier ? file.importSourceOf(name.name) : undefined;
  return source !== undefined && isOtherClient(source);
}

function insideClass(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) return true;
  }
  return false;
}

/** The values inside Sequelize's options, `{ replacements }` or `{ bind }`; undefined for other values. */
function optionValues(node: TSESTree.Node | undefined, file: FileFacts): (TSESTree.Node | undefined)[] | undefined {
  const options = node && resolveObject(node, file.sourceCode);
  if (!options) return undefined;
  const values = property(options, 'replacements') ?? property(options, 'bind');
  const sequelize = values !== undefined || property(options, 'type') !== undefined || property(options, 'transaction') !== undefined;
  return sequelize ? [values] : undefined;
}

/** `prisma.$queryRaw\`…\``, `prisma.$queryRaw(Prisma.sql\`…\`)`, `prisma.$queryRawUnsafe(text, …values)`. */
function prismaCall(call: TSESTree.CallExpression, method: string, file: FileFacts): SqlCall | undefined {
  const [first, ...rest] = call.arguments;
  const style = prismaStyle(file);
  if (!method.endsWith('Unsafe')) {
    const template = first && builtTemplate(first, file);
    return template && { driver: 'prisma', ...template, literal: undefined, style: 'numbered' };
  }
  const text = sqlTextOf(first, file);
  return text && { driver: 'prisma', ...text, values: rest, opaque: [], style };
}

function taggedCall(call: TSESTree.TaggedTemplateExpression, file: FileFacts): SqlCall | undefined {
  const tag = call.tag;
  if (tag.type === AST_NODE_TYPES.MemberExpression && prismaRaw.has(memberName(tag) ?? '')) {
    const template = templateText(call.quasi, undefined, file);
    return template && { driver: 'prisma', ...template, literal: call.quasi, style: 'numbered' };
  }
  if (tag.type !== AST_NODE_TYPES.Identifier || !isPostgresTag(tag, file)) return undefined;
  const template = templateText(call.quasi, tag, file);
  return template && { driver: 'postgres', ...template, literal: call.quasi, style: 'numbered' };
}

/** A postgres.js `sql` tag, and not Drizzle's, Kysely's or another builder's `sql`. */
function isPostgresTag(tag: TSESTree.Identifier, file: FileFacts): boolean {
  const source = file.importSourceOf(tag.name);
  if (source !== undefined && source !== 'postgres' && !source.startsWith('.')) return false;
  if (file.imports('postgres')) return true;
  const type = file.typeText(tag);
  return type !== undefined && clientType.test(type);
}

function prismaStyle(file: FileFacts): PlaceholderStyle | undefined {
  const dialect = schemaDialect(file);
  return dialect === undefined ? undefined : dialect === 'postgresql' ? 'numbered' : 'positional';
}

function schemaDialect(file: FileFacts): SqlDialect | undefined {
  return asDialect(file.schema().dialect);
}

const asDialect = (dialect: string | undefined): SqlDialect | undefined =>
  dialect === 'postgresql' || dialect === 'mysql' || dialect === 'sqlite' ? dialect : undefined;

/** The SQL text of `db.prepare(text)` or of a `const` bound to one. */
function preparedText(receiver: TSESTree.Node, file: FileFacts): TSESTree.Node | undefined {
  const call = unwrap(constInit(receiver, file) ?? receiver);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return memberName(call.callee) === 'prepare' ? call.arguments[0] : undefined;
}

/** A statement's text: a literal in the call, a `const` bound to one, or a `+` of such. */
function sqlTextOf(node: TSESTree.Node | undefined, file: FileFacts): Text | undefined {
  if (!node) return undefined;
  const bare = unwrap(node);
  const text = staticString(bare);
  if (text !== undefined) {
    const literal = bare.type === AST_NODE_TYPES.Literal || bare.type === AST_NODE_TYPES.TemplateLiteral ? bare : undefined;
    return { text, literal };
  }
  if (bare.type === AST_NODE_TYPES.BinaryExpression && bare.operator === '+') {
    const left = sqlTextOf(bare.left, file);
    const right = sqlTextOf(bare.right, file);
    return left && right && { text: left.text + right.text, literal: undefined };
  }
  const init = constInit(bare, file);
  const bound = init && sqlTextOf(init, file);
  return bound && { text: bound.text, literal: undefined };
}

/** The initialiser of a `const` an identifier names. */
function constInit(node: TSESTree.Node, file: FileFacts): TSESTree.Expression | undefined {
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariable(file.sourceCode, node);
  const def = variable?.defs[0];
  if (variable?.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator) return undefined;
  return def.node.parent.kind === 'const' && def.node.init ? def.node.init : undefined;
}

/** The items of an array literal (or a `const` bound to one), up to the first spread. */
function arrayElements(node: TSESTree.Node, file: FileFacts): (TSESTree.Node | undefined)[] {
  const bare = unwrap(node);
  const array = bare.type === AST_NODE_TYPES.ArrayExpression ? bare : constInit(bare, file);
  if (array?.type !== AST_NODE_TYPES.ArrayExpression) return [];
  const spread = array.elements.findIndex((element) => element?.type === AST_NODE_TYPES.SpreadElement);
  return array.elements.slice(0, spread < 0 ? undefined : spread).map((element) => element ?? undefined);
}

/**
 * Values as passed: one array, one object of named values (`{ $email: e }`, `{ email }`), or
 * for variadic methods the arguments themselves; a trailing callback is not one.
 */
function bindings(args: readonly (TSESTree.Node | undefined)[], variadic: boolean, file: FileFacts): StatementValues {
  const last = args[args.length - 1];
  const params = last && isFunction(last) ? args.slice(0, -1) : args;
  const only = params.length === 1 && params[0] ? unwrap(params[0]) : undefined;
  const resolved = only && (constInit(only, file) ?? only);
  if (resolved?.type === AST_NODE_TYPES.ArrayExpression) return arrayElements(resolved, file);
  if (resolved?.type === AST_NODE_TYPES.ObjectExpression) {
    const named = new Map<string, TSESTree.Node>();
    for (const field of objectFields(resolved, file.sourceCode).fields) {
      if (field.value) named.set(field.name.replace(/^[:@$]/, ''), field.value);
    }
    return named;
  }
  return variadic ? params : [];
}

/** `pool.query(SQL\`…\`)`, `prisma.$queryRaw(Prisma.sql\`…\`)`: a builder tag the driver runs. */
function builtTemplate(node: TSESTree.Node, file: FileFacts): Template | undefined {
  const bare = unwrap(node);
  if (bare.type !== AST_NODE_TYPES.TaggedTemplateExpression) return undefined;
  let root: TSESTree.Node = bare.tag;
  while (root.type === AST_NODE_TYPES.MemberExpression) root = root.object;
  const source = root.type === AST_NODE_TYPES.Identifier ? file.importSourceOf(root.name) : undefined;
  return source !== undefined && queryBuilderTags.has(source) ? templateText(bare.quasi, undefined, file) : undefined;
}

/**
 * A template's SQL with `$1…$n` for its interpolations. With postgres.js, `${sql(row, 'a', 'b')}`
 * after `INSERT INTO t` expands to the row's columns.
 */
function templateText(
  quasi: TSESTree.TemplateLiteral,
  tag: TSESTree.Identifier | undefined,
  file: FileFacts,
): Template | undefined {
  let text = '';
  const values: (TSESTree.Node | undefined)[] = [];
  const opaque: TSESTree.Node[] = [];
  for (const [index, element] of quasi.quasis.entries()) {
    if (element.value.cooked === null) return undefined;
    text += element.value.cooked;
    const expression = quasi.expressions[index];
    if (!expression) continue;
    const helper = tag && rowHelper(expression, tag);
    if (helper && /\bINSERT\s+INTO\s+\S+\s*$/i.test(text)) {
      const row = expandRow(helper.row, helper.columns, values.length, file);
      text += row.text;
      values.push(...row.values);
      opaque.push(...row.opaque);
    } else {
      values.push(expression);
      text += `$${values.length}`;
    }
  }
  return { text, values, opaque };
}

/** `sql(row)`, `sql(row, 'a', 'b')`, `sql(row, ['a', 'b'])` with the template's own tag. */
function rowHelper(
  expression: TSESTree.Expression,
  tag: TSESTree.Identifier,
): { row: TSESTree.Node; columns: string[] | undefined } | undefined {
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  if (expression.callee.type !== AST_NODE_TYPES.Identifier || expression.callee.name !== tag.name) return undefined;
  const [row, ...rest] = expression.arguments;
  if (!row) return undefined;
  const listed = rest.length === 1 && rest[0]?.type === AST_NODE_TYPES.ArrayExpression ? rest[0].elements : rest;
  const columns = listed.map((column) => (column ? staticString(column) : undefined));
  if (columns.some((column) => column === undefined)) return undefined;
  return { row, columns: columns.length > 0 ? (columns as string[]) : undefined };
}

/** mysql2 `query('INSERT INTO t SET ?', row)`: the row object's keys are the columns. */
function withSetObject(source: SqlCall, valuesNode: TSESTree.Node | undefined, file: FileFacts): SqlCall {
  const insert = /^\s*(INSERT\s+(?:IGNORE\s+)?INTO\s+\S+)\s+SET\s+\?\s*;?\s*$/i.exec(source.text);
  if (!insert?.[1] || !valuesNode) return source;
  const rowNode = unwrap(valuesNode).type === AST_NODE_TYPES.ArrayExpression ? arrayElements(valuesNode, file)[0] : valuesNode;
  if (!rowNode) return source;
  const row = expandRow(rowNode, undefined, 0, file);
  return { ...source, text: insert[1] + row.text, values: row.values, opaque: row.opaque, style: 'numbered' };
}

/** ` (a, b) VALUES ($n+1, $n+2)` for an object's fields; ` VALUES (NULL)` when none is visible. */
function expandRow(
  row: TSESTree.Node,
  columns: readonly string[] | undefined,
  offset: number,
  file: FileFacts,
): { text: string; values: (TSESTree.Node | undefined)[]; opaque: TSESTree.Node[] } {
  const { fields, opaque } = objectFields(row, file.sourceCode);
  const named: readonly Field[] = columns
    ? columns.map((name) => fields.find((field) => field.name === name) ?? { name })
    : fields;
  if (named.length === 0) return { text: ' VALUES (NULL)', values: [], opaque: [row] };
  const values = named.map((field) => field.value);
  const names = named.map((field) => `"${field.name.replace(/"/g, '""')}"`).join(', ');
  const slots = named.map((_, index) => `$${offset + index + 1}`).join(', ');
  return { text: ` (${names}) VALUES (${slots})`, values, opaque: columns ? [] : opaque };
}

function calleeLabel(call: CallLike, file: FileFacts): string {
  const callee = call.type === AST_NODE_TYPES.CallExpression ? call.callee : call.tag;
  const text = (node: TSESTree.Node): string => file.sourceCode.getText(node).replace(/\s+/g, '');
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.CallExpression) {
    return `${text(callee.object.callee)}().${memberName(callee) ?? ''}`;
  }
  return text(callee);
}

// ---------------------------------------------------------------------------------------------
// Rewriting an INSERT into its atomic form

/** The create's spelling of a column the check names (`orgId` in the check, `org_id` in SQL). */
function writtenColumn(data: readonly Field[], name: string): string | undefined {
  return data.find((field) => normalizeName(field.name) === normalizeName(name))?.name;
}

function quoteIdentifier(name: string, dialect: SqlDialect | undefined): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name)) return name;
  return dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}

/** The literal's source split where the statement ends: before `RETURNING …`, a `;` and spaces. */
function statementEnd(literal: TSESTree.Literal | TSESTree.TemplateLiteral, file: FileFacts): { raw: string; at: number } {
  const raw = file.sourceCode.getText(literal);
  const last = literal.type === AST_NODE_TYPES.TemplateLiteral ? literal.quasis[literal.quasis.length - 1] : undefined;
  const tailStart = last ? last.range[0] - literal.range[0] + 1 : 1;
  const tail = raw.slice(tailStart, raw.length - 1);
  const content = tail.replace(/\s*;?\s*$/, '');
  const returning = /\s+RETURNING\b(?![\s\S]*\bRETURNING\b)/i.exec(content);
  return { raw, at: tailStart + (returning ? returning.index : content.length) };
}

/** `INSERT … ON CONFLICT (key) DO NOTHING`, kept in the literal's own quoting. */
function onConflict(literal: TSESTree.Literal | TSESTree.TemplateLiteral, target: string, file: FileFacts): string {
  const end = statementEnd(literal, file);
  return end.raw.slice(0, end.at) + escapedFor(literal, ` ON CONFLICT ${target} DO NOTHING`, file) + end.raw.slice(end.at);
}

/** MySQL: `INSERT IGNORE INTO …`. */
function insertIgnore(literal: TSESTree.Literal | TSESTree.TemplateLiteral, file: FileFacts): string | undefined {
  const raw = file.sourceCode.getText(literal);
  const insert = /^\s*INSERT\b/i.exec(raw.slice(1));
  if (!insert) return undefined;
  const at = 1 + insert[0].length;
  return `${raw.slice(0, at)} IGNORE${raw.slice(at)}`;
}

// ---------------------------------------------------------------------------------------------
// Rewriting an UPDATE or a SELECT written as a literal in the call

type Edit = Rewrite['edits'][number];
type Literal = TSESTree.Literal | TSESTree.TemplateLiteral;

/** The statement an access sends, when its text is a literal in the call that a rewrite can edit. */
function rewritable(access: Access, file: FileFacts): (SqlCall & { literal: Literal }) | undefined {
  const node = access.node;
  if (access.library !== 'sql') return undefined;
  if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.TaggedTemplateExpression) return undefined;
  const source = sqlCall(node, file);
  return source?.literal ? { ...source, literal: source.literal } : undefined;
}

function dialectOf(source: SqlCall, file: FileFacts): SqlDialect | undefined {
  return asDialect(file.settings.dialect) ?? (source.driver ? dialects[source.driver] : undefined) ?? schemaDialect(file);
}

const isTagged = (literal: Literal): boolean => literal.parent.type === AST_NODE_TYPES.TaggedTemplateExpression;

/** Where a value is assigned in the SET clause: the column as written, and the placeholder. */
interface Assignment {
  readonly column: string;
  /** Source offset where the placeholder starts: `$1`, `?`, or the `${` of a tagged template. */
  readonly at: number;
  /** The placeholder as written; undefined in a tagged template, where the value is inline. */
  readonly placeholder: string | undefined;
}

/**
 * The assignment `column = <placeholder>` that binds a written field's value. For a literal, only
 * when its source is its text (no escapes, so offsets agree) and the value fills one placeholder.
 */
function assignmentOf(source: SqlCall & { literal: Literal }, field: Field, file: FileFacts): Assignment | undefined {
  const { literal } = source;
  const value = field.value;
  if (!value) return undefined;
  let before: string | null | undefined;
  let at: number;
  let placeholder: string | undefined;
  if (literal.type === AST_NODE_TYPES.TemplateLiteral && isTagged(literal)) {
    const index = literal.expressions.findIndex((expression) => expression === value);
    const quasi = literal.quasis[index];
    if (!quasi) return undefined;
    before = quasi.value.cooked;
    at = quasi.range[1] - 2;
  } else {
    if (file.sourceCode.getText(literal).slice(1, -1) !== source.text) return undefined;
    const param = paramOf(source.values, value);
    const spans = placeholderSpans(source.text, source.style).filter((span) => span.param === param);
    const span = spans.length === 1 ? spans[0] : undefined;
    if (param === undefined || !span) return undefined;
    before = source.text.slice(0, span.start);
    at = literal.range[0] + 1 + span.start;
    placeholder = source.text.slice(span.start, span.end);
  }
  const column = before ? /((?:[`"]?\w+[`"]?\.)?[`"]?(\w+)[`"]?)\s*=\s*$/.exec(before) : null;
  if (!column?.[1] || column[2]?.toLowerCase() !== field.name.toLowerCase()) return undefined;
  return { column: column[1], at, placeholder };
}

/** The value index or name a bound expression fills. */
function paramOf(values: StatementValues, value: TSESTree.Node): number | string | undefined {
  if (isNamedValues(values)) return [...values].find(([, bound]) => bound === value)?.[0];
  const index = values.indexOf(value);
  return index < 0 ? undefined : index;
}

/**
 * Each relative change applied by the statement: the column's assignment becomes `column ± $n`,
 * and the value bound to `$n` the amount. Undefined unless every change can be rewritten.
 */
function changeEdits(
  stale: StaleWrite,
  source: SqlCall & { literal: Literal },
  file: FileFacts,
): { forms: string[]; edits: Edit[] } | undefined {
  const forms: string[] = [];
  const edits: Edit[] = [];
  for (const change of stale.changes) {
    const field = stale.write.data.find((candidate) => candidate.name === change.field);
    const assignment = field && assignmentOf(source, field, file);
    if (!field?.value || !assignment) return undefined;
    const amount = change.amount ? file.sourceCode.getText(change.amount) : '1';
    const relative = `${assignment.column} ${change.operator} `;
    edits.push(
      { range: [assignment.at, assignment.at], text: escapedFor(source.literal, relative, file) },
      valueEdit(field.value, amount),
    );
    forms.push(`${assignment.column} = ${relative}${assignment.placeholder ?? `\${${amount}}`}`);
  }
  return edits.length > 0 ? { forms, edits } : undefined;
}

/** Replaces a bound value; a shorthand `{ balance }` of named values keeps its name. */
function valueEdit(value: TSESTree.Node, text: string): Edit {
  const holder = value.parent;
  if (holder?.type === AST_NODE_TYPES.Property && holder.shorthand && value.type === AST_NODE_TYPES.Identifier) {
    return { range: holder.range, text: `${value.name}: ${text}` };
  }
  return { range: value.range, text };
}

/**
 * The guard's comparison appended to the WHERE clause (`AND stock >= $1`), with the value it
 * compares with: inline in a tagged template, else a placeholder already bound to the same
 * expression, or a new one whose value is appended to the values.
 */
function guardEdits(
  source: SqlCall & { literal: Literal },
  write: Access,
  condition: GuardCondition,
  changes: readonly Edit[],
  file: FileFacts,
): { test: string; edits: Edit[] } | undefined {
  const column = write.data.find((field) => normalizeName(field.name) === normalizeName(condition.field))?.name;
  const bound = column === undefined ? undefined : boundPlaceholder(source, write.node, condition.value, changes, file);
  if (column === undefined || !bound) return undefined;
  const comparison = `${quoteIdentifier(column, dialectOf(source, file))} ${condition.operator} `;
  // A tagged template's `${value}` is an interpolation, not text to escape.
  const placeholder = isTagged(source.literal) ? bound.placeholder : escapedFor(source.literal, bound.placeholder, file);
  const text = escapedFor(source.literal, ` AND ${comparison}`, file) + placeholder;
  const at = source.literal.range[0] + statementEnd(source.literal, file).at;
  return { test: comparison + bound.placeholder, edits: [{ range: [at, at], text }, ...bound.edits] };
}

function boundPlaceholder(
  source: SqlCall & { literal: Literal },
  call: TSESTree.Node,
  value: TSESTree.Node,
  changes: readonly Edit[],
  file: FileFacts,
): { placeholder: string; edits: Edit[] } | undefined {
  const text = file.sourceCode.getText(value);
  if (isTagged(source.literal)) return { placeholder: `\${${text}}`, edits: [] };
  const values = source.values;
  if (isNamedValues(values)) return undefined;
  const spans = placeholderSpans(source.text, source.style);
  const numbered = source.style === 'numbered';
  // `$n` already bound to the same expression, once the atomic change has bound its amount.
  const compact = (code: string): string => code.replace(/\s+/g, '');
  const rebound = (node: TSESTree.Node): string | undefined =>
    changes.find((edit) => edit.range[0] === node.range[0] && edit.range[1] === node.range[1])?.text;
  const boundText = (node: TSESTree.Node): string => compact(rebound(node) ?? file.sourceCode.getText(node));
  const same = numbered ? values.findIndex((node) => node !== undefined && boundText(node) === compact(text)) : -1;
  if (same >= 0) return { placeholder: `$${same + 1}`, edits: [] };
  // A new last value fills `$n+1`, or a `?` when every `?` before it takes the values in order.
  const inOrder = numbered
    ? spans.every((span) => typeof span.param === 'number' && span.param < values.length)
    : spans.length === values.length && spans.every((span, index) => span.param === index) && !/\bRETURNING\b/i.test(source.text);
  const last = values[values.length - 1];
  const list = last?.parent;
  const appendable = list && (list === call || (list.type === AST_NODE_TYPES.ArrayExpression && contains(call, list)));
  if (!last || !appendable || !inOrder) return undefined;
  const placeholder = numbered ? `$${values.length + 1}` : '?';
  return { placeholder, edits: [{ range: [last.range[1], last.range[1]], text: `, ${text}` }] };
}

/** How the call's result tells the rows it changed, for the drivers whose result says it simply. */
function affectedRows(call: TSESTree.Node, driver: Driver | undefined): AffectedRows | undefined {
  const method =
    call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.MemberExpression
      ? memberName(call.callee)
      : call.type === AST_NODE_TYPES.TaggedTemplateExpression && call.tag.type === AST_NODE_TYPES.MemberExpression
        ? memberName(call.tag)
        : undefined;
  const count = (binding: string, name: string): AffectedRows => ({ binding, name, none: `${name} === 0` });
  switch (driver) {
    case 'pg':
      return count('{ rowCount }', 'rowCount');
    case 'postgres':
      return count('{ count }', 'count');
    case 'prisma':
      return method?.startsWith('$executeRaw') ? count('count', 'count') : undefined;
    case 'sqlite':
    case 'better-sqlite3':
      return method === 'run' ? count('{ changes }', 'changes') : undefined;
    case 'mysql':
      // mysql2 types the result as a union of row lists and OK packets: the `in` test narrows it.
      return { binding: '[result]', name: 'result', none: "'affectedRows' in result && result.affectedRows === 0" };
    default:
      return undefined;
  }
}

/** SQL to insert into a literal's source, escaped for its quotes. */
function escapedFor(literal: Literal, text: string, file: FileFacts): string {
  if (literal.type === AST_NODE_TYPES.TemplateLiteral) return text.replace(/[`\\]|\$\{/g, (found) => `\\${found}`);
  const quoteChar = file.sourceCode.getText(literal).charAt(0);
  return text.replace(/\\/g, '\\\\').replaceAll(quoteChar, `\\${quoteChar}`);
}
