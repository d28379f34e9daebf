import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Field } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter, AtomicCreate, CallLike } from './types.js';
import {
  isolationIn,
  looksLikeSql,
  readStatement,
  type PlaceholderStyle,
  type StatementAccess,
  type StatementValues,
} from '../sql/statement.js';
import {
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
import { normalizeName } from '../utils/names.js';

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
type Dialect = 'postgresql' | 'mysql' | 'sqlite';

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

const dialects: Readonly<Record<Driver, Dialect | undefined>> = {
  pg: 'postgresql',
  postgres: 'postgresql',
  mysql: 'mysql',
  sqlite: 'sqlite',
  'better-sqlite3': 'sqlite',
  prisma: undefined,
};

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
  callNames: new Set([...Object.keys(textMethods), ...statementMethods, ...prismaRaw, ...postgresTags, 'begin']),
  conflictMarkers: ['23505', 'unique_violation', 'ER_DUP_ENTRY', '1062', 'SQLITE_CONSTRAINT'],
  // One test for every driver: the rule asks for it without saying which driver the create used.
  conflictTest: (error) =>
    `${error} instanceof Object && 'code' in ${error} && /^(?:23505|ER_DUP_ENTRY|SQLITE_CONSTRAINT)/.test(String(${error}.code))`,

  access(call, file) {
    const source = sqlCall(call, file);
    const statement = source && (source.statement ?? readStatement(source.text, source.values, source.style));
    if (!source || !statement) return undefined;
    const { summary, ...rest } = statement;
    return {
      ...rest,
      library: 'sql',
      node: call,
      label: `${calleeLabel(call, file)} (${summary})`,
      ...(source.opaque.length > 0 ? { opaqueData: source.opaque } : {}),
      ...(source.driver === 'better-sqlite3' ? { synchronous: true } : {}),
      ...(source.driver && dialects[source.driver] ? { dialect: dialects[source.driver] } : {}),
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
    const target = (columns as string[]).map(quoteIdentifier).join(', ');
    const rewrite =
      dialect === 'mysql' ? insertIgnore(source.literal, file) : onConflict(source.literal, `(${target})`, file);
    if (rewrite === undefined) return undefined;
    const form = dialect === 'mysql' ? 'INSERT IGNORE' : `INSERT … ON CONFLICT (${target}) DO NOTHING`;
    const requirement = constraint ? '' : `, after adding a unique index on ${create.resource} (${target})`;
    return { form: form + requirement, node: source.literal, text: rewrite } satisfies AtomicCreate;
  },
};

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

function schemaDialect(file: FileFacts): Dialect | undefined {
  const dialect = file.schema().dialect;
  return dialect === 'postgresql' || dialect === 'mysql' || dialect === 'sqlite' ? dialect : undefined;
}

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

function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
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
  const quote = end.raw.charAt(0);
  const clause = ` ON CONFLICT ${target} DO NOTHING`;
  const escaped = quote === '"' ? clause.replace(/"/g, '\\"') : clause;
  return end.raw.slice(0, end.at) + escaped + end.raw.slice(end.at);
}

/** MySQL: `INSERT IGNORE INTO …`. */
function insertIgnore(literal: TSESTree.Literal | TSESTree.TemplateLiteral, file: FileFacts): string | undefined {
  const raw = file.sourceCode.getText(literal);
  const insert = /^\s*INSERT\b/i.exec(raw.slice(1));
  if (!insert) return undefined;
  const at = 1 + insert[0].length;
  return `${raw.slice(0, at)} IGNORE${raw.slice(at)}`;
}
