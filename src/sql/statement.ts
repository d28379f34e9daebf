import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind, Field, Isolation } from '../analysis/access.js';
import type { SqlDialect } from '../schema/types.js';

/**
 * Reads one SQL statement, as a driver or query builder sends it, into the access vocabulary.
 * Library-agnostic: adapters hand over the text and the expressions bound to its placeholders.
 */

/**
 * How the text writes its parameters. `numbered`: only `$1`, `$2` (pg, postgres.js; a `?` is
 * the jsonb operator). `positional`: `?` in order, `?3`, named `:name` `@name` `$name`, and `$1`
 * (mysql2, SQLite, Knex); a `??` identifier binding makes the statement unknown. Left out, the
 * style is `numbered` when the text has a `$1`, else `positional`.
 */
export type PlaceholderStyle = 'numbered' | 'positional';

/** The expressions bound to placeholders: by position (`$1` is index 0), or by bare name. */
export type StatementValues = readonly (TSESTree.Node | undefined)[] | ReadonlyMap<string, TSESTree.Node>;

/** An access read from SQL, without what only the caller knows (library, node, label). */
export interface StatementAccess extends Pick<Access, 'kind' | 'resource' | 'keys' | 'data' | 'locks' | 'isolation'> {
  /** Verb and table for labels: `SELECT users`, `INSERT coupons`, `BEGIN`. */
  readonly summary: string;
}

const maxLength = 100_000;
const dialects: readonly SqlDialect[] = ['postgresql', 'mysql', 'sqlite'];
const cacheSize = 500;

/**
 * Reads a statement. Undefined when it is not SQL, is dynamic (`??` identifiers, several
 * statements), or says nothing about shared state (`SELECT now()`). Never throws.
 */
export function readStatement(
  text: string,
  values: StatementValues,
  style?: PlaceholderStyle,
): StatementAccess | undefined {
  if (text.length > maxLength || !looksLikeSql(text)) return undefined;
  try {
    const prepared = prepare(text, styleOf(text, style));
    if (!prepared) return undefined;
    const valueOf = (slot: number): TSESTree.Node | undefined => {
      const param = prepared.slots[slot - 1];
      if (param === undefined) return undefined;
      if (isNamedValues(values)) return typeof param === 'string' ? values.get(param) : undefined;
      return typeof param === 'number' ? values[param] : undefined;
    };
    return readTransaction(prepared.skeleton) ?? readLock(prepared.skeleton) ?? readParsed(prepared.sql, valueOf);
  } catch {
    return undefined;
  }
}

/** The isolation level a `BEGIN`/`SET TRANSACTION`/postgres.js `begin` option text names. */
export function isolationIn(text: string): Isolation | undefined {
  const level = /\bISOLATION\s+LEVEL\s+(SERIALIZABLE|REPEATABLE\s+READ|READ\s+COMMITTED|READ\s+UNCOMMITTED)\b/i.exec(text);
  return level?.[1] ? isolationLevels[level[1].toUpperCase().replace(/\s+/g, ' ')] : undefined;
}

const isolationLevels: Readonly<Record<string, Isolation>> = {
  SERIALIZABLE: 'serializable',
  'REPEATABLE READ': 'repeatable-read',
  'READ COMMITTED': 'read-committed',
  'READ UNCOMMITTED': 'read-uncommitted',
};

const styleOf = (text: string, style: PlaceholderStyle | undefined): PlaceholderStyle =>
  style ?? (/\$\d/.test(text) ? 'numbered' : 'positional');

/** The placeholders of a statement's text, in order; none when the text binds identifiers. */
export function placeholderSpans(text: string, style?: PlaceholderStyle): readonly PlaceholderSpan[] {
  return text.length > maxLength ? [] : (prepare(text, styleOf(text, style))?.spans ?? []);
}

/**
 * A SELECT of one table's rows that a trailing `FOR UPDATE` can lock: no join, grouping,
 * aggregate, DISTINCT, CTE or set operation (PostgreSQL rejects the clause on most of them,
 * and an outer join's nullable side), and no locking clause yet.
 */
export function isLockableSelect(text: string, style?: PlaceholderStyle): boolean {
  return testParsed(text, style, ({ Query: query }) => {
    const select = query?.body.Select;
    if (!select || query.with || locksRows(query)) return false;
    const grouped = isGrouped(select) || select.having || select.distinct || hasAggregate(select.projection);
    const table = fromTable(select);
    return table !== undefined && !table.joined && !grouped;
  });
}

/**
 * An UPDATE whose WHERE clause ends the statement (but for RETURNING) and takes one more term
 * appended with `AND`: it has one, with no OR at its top level, and no ORDER BY or LIMIT follows.
 */
export function takesAndCondition(text: string, style?: PlaceholderStyle): boolean {
  return testParsed(text, style, ({ Update: update }) => {
    const where = update?.selection;
    return !!where && where.BinaryOp?.op !== 'Or' && !update.order_by?.length && !update.limit;
  });
}

/** A test of the statement a text holds; false when it holds none. Never throws. */
function testParsed(text: string, style: PlaceholderStyle | undefined, test: (ast: Statement) => boolean): boolean {
  if (text.length > maxLength || !looksLikeSql(text)) return false;
  try {
    const prepared = prepare(text, styleOf(text, style));
    const ast = prepared && parse(prepared.sql);
    return ast !== undefined && test(ast);
  } catch {
    return false;
  }
}

export const isNamedValues = (values: StatementValues): values is ReadonlyMap<string, TSESTree.Node> => values instanceof Map;

/** A cheap first test: the text starts with a statement keyword. */
export function looksLikeSql(text: string): boolean {
  return sqlStart.test(text);
}

const sqlStart = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(?:SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|BEGIN|START|SET|LOCK)\b/i;

// ---------------------------------------------------------------------------------------------
// Placeholders: every parameter becomes `$<slot>`, which the parser reads as one in every dialect.

interface Prepared {
  /** The text given to the parser: comments removed, placeholders as `$1…$n` slots. */
  readonly sql: string;
  /** The same with string literals emptied, for keyword patterns. */
  readonly skeleton: string;
  /** What slot n+1 stands for: a value index or a bare parameter name. */
  readonly slots: readonly (number | string)[];
  /** Where each placeholder is in the original text, and what it stands for. */
  readonly spans: readonly PlaceholderSpan[];
}

/** A placeholder as written in the original text: `$2`, `?`, `:email`. */
export interface PlaceholderSpan {
  readonly start: number;
  readonly end: number;
  /** A value index, or a bare parameter name. */
  readonly param: number | string;
}

const tokens = {
  comment: /--[^\n]*|\/\*[\s\S]*?\*\//y,
  quoted: /'(?:[^'\\]|''|\\.)*'|"(?:[^"]|"")*"|`[^`]*`/y,
  dollarQuoted: /(\$(?:[A-Za-z_]\w*)?\$)[\s\S]*?\1/y,
  numbered: /[$?](\d+)/y,
  named: /[:@$]([A-Za-z_]\w*)(:?)/y,
};

function match(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

function prepare(text: string, style: PlaceholderStyle): Prepared | undefined {
  const slots: (number | string)[] = [];
  const spans: PlaceholderSpan[] = [];
  let sql = '';
  let skeleton = '';
  let next = 0;
  for (let i = 0; i < text.length; ) {
    const char = text.charAt(i);
    let token: RegExpExecArray | null;
    if ((token = match(tokens.comment, text, i))) {
      sql += ' ';
      skeleton += ' ';
    } else if ((token = match(tokens.quoted, text, i))) {
      sql += token[0];
      skeleton += char === "'" ? "''" : token[0];
    } else if ((token = match(tokens.dollarQuoted, text, i))) {
      sql += token[0];
      skeleton += "''";
    } else {
      const found = placeholderAt(text, i, style, next);
      if (found === 'identifier') return undefined;
      if (found) {
        let slot = slots.indexOf(found.param);
        if (slot < 0) slot = slots.push(found.param) - 1;
        if (typeof found.param === 'number') next = found.param + 1;
        spans.push({ start: i, end: i + found.length, param: found.param });
        sql += `$${slot + 1}`;
        skeleton += `$${slot + 1}`;
        i += found.length;
        continue;
      }
      sql += char;
      skeleton += char;
    }
    i += token ? token[0].length : 1;
  }
  return { sql, skeleton, slots, spans };
}

/**
 * The parameter a placeholder at `i` stands for (a value index or a bare name), or
 * `identifier` for a binding of a table or column name (`??`, Knex `:name:`).
 */
function placeholderAt(
  text: string,
  i: number,
  style: PlaceholderStyle,
  next: number,
): { param: number | string; length: number } | 'identifier' | undefined {
  const char = text.charAt(i);
  const numbered = match(tokens.numbered, text, i);
  if (numbered && (char === '$' || style === 'positional')) {
    return { param: Number(numbered[1]) - 1, length: numbered[0].length };
  }
  if (style !== 'positional') return undefined;
  if (char === '?') return text.charAt(i + 1) === '?' ? 'identifier' : { param: next, length: 1 };
  const named = /[:\w]/.test(text.charAt(i - 1)) ? null : match(tokens.named, text, i);
  if (!named?.[1]) return undefined;
  return named[2] ? 'identifier' : { param: named[1], length: named[0].length };
}

// ---------------------------------------------------------------------------------------------
// Statements read by pattern: the parser rejects LOCK, SET TRANSACTION and several of them together.

const transactionControl =
  /^\s*(?:BEGIN|START\s+TRANSACTION|SET\s+(?:SESSION\s+|LOCAL\s+)?(?:CHARACTERISTICS\s+AS\s+)?TRANSACTION)\b/i;

/** `BEGIN …`, `START TRANSACTION …`, `SET TRANSACTION ISOLATION LEVEL …`, alone or together. */
function readTransaction(skeleton: string): StatementAccess | undefined {
  const parts = statements(skeleton);
  if (parts.length === 0 || !parts.every((part) => transactionControl.test(part))) return undefined;
  const isolation = parts.map(isolationIn).findLast((level) => level !== undefined);
  const summary = /^\s*SET\b/i.test(parts[0] ?? '') ? 'SET TRANSACTION' : 'BEGIN';
  return { kind: 'begin', resource: undefined, keys: [], data: [], summary, ...(isolation ? { isolation } : {}) };
}

const advisoryLock =
  /^\s*SELECT\s+(pg_advisory_(?:xact_)?lock(?:_shared)?|pg_try_advisory_(?:xact_)?lock(?:_shared)?|GET_LOCK)\s*\(/i;
const tableLock = /^\s*LOCK\s+(?:TABLES?\s+)?(?:ONLY\s+)?([\w."`]+)/i;

function readLock(skeleton: string): StatementAccess | undefined {
  if (statements(skeleton).length !== 1) return undefined;
  const advisory = advisoryLock.exec(skeleton);
  if (advisory?.[1]) return { kind: 'lock', resource: undefined, keys: [], data: [], summary: advisory[1] };
  const table = tableLock.exec(skeleton);
  if (!table?.[1]) return undefined;
  const resource = unquote(table[1]);
  return { kind: 'lock', resource, keys: [], data: [], summary: `LOCK ${resource}` };
}

/** The statements of a skeleton (its string literals are empty, so `;` only separates). */
function statements(skeleton: string): string[] {
  return skeleton.split(';').filter((part) => part.trim() !== '');
}

/** `"public"."users"` and `` `users` `` give `users`. */
function unquote(name: string): string {
  return name.replace(/["`]/g, '').split('.').pop() ?? name;
}

// ---------------------------------------------------------------------------------------------
// sqlparser-rs (datafusion-sqlparser-rs compiled to WebAssembly), loaded on first use (about
// 35 ms), shared with the migration reader.

/**
 * The parser's JSON tree, as far as the readers look into it: a Rust enum is `{ Variant: payload }`,
 * or the bare variant name when it carries nothing. Declared here because the package's own
 * typings describe an older tree (camelCase fields, plain identifier lists).
 */
export interface Ident {
  readonly value: string;
}
/** `public.users`: the parts of a name. */
export type ObjectName = readonly { readonly Identifier?: Ident }[];

export interface Expr {
  readonly Identifier?: Ident;
  readonly CompoundIdentifier?: readonly Ident[];
  readonly Value?: { readonly value: { readonly Placeholder?: string; readonly Number?: unknown; readonly Boolean?: boolean } };
  readonly BinaryOp?: Comparison;
  readonly AnyOp?: { readonly left: Expr; readonly compare_op: string };
  readonly AllOp?: { readonly left: Expr; readonly compare_op: string };
  readonly Nested?: Expr;
  readonly Cast?: { readonly expr: Expr };
  readonly Collate?: { readonly expr: Expr };
  readonly Function?: { readonly name: ObjectName; readonly args: { readonly List?: { readonly args: readonly FunctionArg[] } } | string };
  readonly Exists?: { readonly subquery: Query; readonly negated: boolean };
}
interface Comparison {
  readonly left: Expr;
  readonly op: string;
  readonly right: Expr;
}
export type FunctionArg = { readonly Unnamed?: { readonly Expr?: Expr } | string } | string;

interface Query {
  readonly with?: unknown;
  readonly body: SetExpr;
  readonly locks?: readonly unknown[];
}
interface SetExpr {
  readonly Select?: Select;
  readonly SetOperation?: { readonly left: SetExpr };
  readonly Query?: Query;
  readonly Insert?: Statement;
}
interface Select {
  readonly distinct?: unknown;
  readonly projection: readonly SelectItem[];
  readonly from: readonly TableWithJoins[];
  readonly selection?: Expr | null;
  readonly group_by: { readonly Expressions?: readonly [readonly Expr[], ...unknown[]] } | string;
  readonly having?: Expr | null;
}
interface SelectItem {
  readonly UnnamedExpr?: Expr;
  readonly ExprWithAlias?: { readonly expr: Expr };
}
interface TableWithJoins {
  readonly relation: { readonly Table?: { readonly name: ObjectName; readonly alias?: { readonly name: Ident } | null } };
  readonly joins?: readonly unknown[];
}
interface Assignment {
  readonly target: { readonly ColumnName?: ObjectName };
  readonly value: Expr;
}

export interface ColumnDef {
  readonly name: Ident;
  readonly options: readonly { readonly option: unknown }[];
}
export interface TableConstraint {
  readonly PrimaryKey?: KeyConstraint;
  readonly Unique?: KeyConstraint;
}
interface KeyConstraint {
  readonly name?: Ident | null;
  readonly index_name?: Ident | null;
  readonly columns: readonly IndexColumn[];
}
export interface IndexColumn {
  readonly column: { readonly expr: Expr };
}

/** One statement; the variants the readers use. */
export interface Statement {
  readonly Query?: Query;
  readonly Insert?: {
    readonly table: { readonly TableName?: ObjectName };
    readonly columns: readonly ObjectName[];
    readonly source?: { readonly body: { readonly Values?: { readonly rows: readonly { readonly content: readonly Expr[] }[] } } } | null;
    readonly ignore?: boolean;
    readonly replace_into?: boolean;
    readonly or?: string | null;
    readonly on?: unknown;
  };
  readonly Update?: {
    readonly table: TableWithJoins;
    readonly assignments: readonly Assignment[];
    readonly selection?: Expr | null;
    readonly order_by?: readonly unknown[];
    readonly limit?: unknown;
  };
  readonly Delete?: {
    readonly tables: readonly unknown[];
    readonly from: { readonly WithFromKeyword?: readonly TableWithJoins[]; readonly WithoutKeyword?: readonly TableWithJoins[] };
    readonly selection?: Expr | null;
  };
  readonly CreateTable?: { readonly name: ObjectName; readonly columns: readonly ColumnDef[]; readonly constraints: readonly TableConstraint[] };
  readonly CreateIndex?: {
    readonly name?: ObjectName | null;
    readonly table_name: ObjectName;
    readonly columns: readonly IndexColumn[];
    readonly unique?: boolean;
    readonly predicate?: unknown;
  };
  readonly AlterTable?: {
    readonly name: ObjectName;
    readonly operations: readonly {
      readonly RenameTable?: { readonly table_name: { readonly To?: ObjectName } };
      readonly AddColumn?: { readonly column_def: ColumnDef };
      readonly AddConstraint?: { readonly constraint: TableConstraint };
    }[];
  };
}

interface Glue {
  initSync(input: { module: Buffer }): unknown;
  parse_sql(dialect: string, sql: string): Statement[];
}

/**
 * The package's entry point needs `await init()`, and lint rules are synchronous: load its
 * wasm-bindgen glue directly. That path is internal to the package, so package.json pins its
 * version exactly.
 */
function loadGlue(): Glue {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('@guanmingchiu/sqlparser-ts')), '..', 'wasm');
  const loaded = require(path.join(dir, 'sqlparser_rs_wasm.js')) as Glue;
  loaded.initSync({ module: fs.readFileSync(path.join(dir, 'sqlparser_rs_wasm_bg.wasm')) });
  return loaded;
}

let glue: Glue | undefined;
const parsedTexts = new Map<string, Statement | undefined>();

/**
 * Operators, each of which can deepen the tree without a parenthesis. The parser's recursion
 * limit stops deep parentheses, but a chain of about 700 operators (`a = 1 AND b = 2 AND …`)
 * overflows the WebAssembly stack while the tree is handed to JavaScript, which leaves the
 * instance unusable for the rest of the process: such text is not given to it.
 */
const operator = /::|[-+*/%<>=!~^&|@#?]+|\b(?:AND|OR|XOR|NOT|IS|IN|LIKE|ILIKE|BETWEEN|COLLATE|DIV|MOD|REGEXP|RLIKE|AT)\b/gi;
const maxOperators = 256;

/** The statements of a text in one dialect; `undefined` when the text does not parse. Never throws. */
export function parseSql(sql: string, dialect: SqlDialect): Statement[] | undefined {
  try {
    if ((sql.match(operator)?.length ?? 0) > maxOperators) return undefined;
    glue ??= loadGlue();
    return glue.parse_sql(dialect, sql);
  } catch {
    return undefined;
  }
}

/** The objects right under a node of the tree, through arrays. */
export function childNodes(node: object): object[] {
  return Object.values(node)
    .flatMap((value: unknown) => (Array.isArray(value) ? (value as unknown[]) : [value]))
    .filter((value): value is object => typeof value === 'object' && value !== null);
}

/** Row locks the parser does not know, as the nearest it does: the reader only asks whether rows are locked. */
const lockSpellings: readonly (readonly [RegExp, string])[] = [
  [/\bFOR\s+NO\s+KEY\s+UPDATE\b/gi, 'FOR UPDATE'],
  [/\bFOR\s+KEY\s+SHARE\b/gi, 'FOR SHARE'],
  [/\bLOCK\s+IN\s+SHARE\s+MODE\s*(?:;\s*)?$/i, 'FOR SHARE'],
];

/** The single statement a text holds, parsed in the first dialect that accepts it. */
function parse(sql: string): Statement | undefined {
  if (parsedTexts.has(sql)) return parsedTexts.get(sql);
  let statements: Statement[] | undefined;
  const text = lockSpellings.reduce((result, [spelling, known]) => result.replace(spelling, known), sql);
  for (const dialect of dialects) {
    // `$1` is a name in MySQL and SQLite, where `?1` is the numbered parameter.
    statements = parseSql(dialect === 'postgresql' ? text : text.replace(/(?<![\w$])\$(\d+)/g, '?$1'), dialect);
    // A `?` or `:name` that numbered text leaves is not a parameter of the statement.
    if (statements?.every((statement) => !someNode(statement, isForeignPlaceholder))) break;
    statements = undefined;
  }
  if (parsedTexts.size >= cacheSize) {
    const oldest = parsedTexts.keys().next();
    if (!oldest.done) parsedTexts.delete(oldest.value);
  }
  const parsed = statements?.length === 1 ? statements[0] : undefined;
  parsedTexts.set(sql, parsed);
  return parsed;
}

const isForeignPlaceholder = (node: object): boolean => {
  const placeholder = (node as Expr).Value?.value.Placeholder;
  return placeholder !== undefined && !/^[$?]\d+$/.test(placeholder);
};

/** Whether a node of the tree passes a test (without recursion: expressions can be deep). */
function someNode(root: object, test: (node: object) => boolean): boolean {
  const pending = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (test(node)) return true;
    pending.push(...childNodes(node));
  }
  return false;
}

/** The last part of `email`, `u.email`, `"public"."users"`. */
export function lastName(name: ObjectName | undefined): string | undefined {
  return name?.[name.length - 1]?.Identifier?.value;
}

// ---------------------------------------------------------------------------------------------
// From the parser's tree to an access.

type ValueOf = (slot: number) => TSESTree.Node | undefined;

function readParsed(sql: string, valueOf: ValueOf): StatementAccess | undefined {
  const ast = parse(sql);
  // `WITH … INSERT` is a query whose body is the INSERT.
  const insert = ast?.Insert ?? ast?.Query?.body.Insert?.Insert;
  if (insert) return readInsert(insert, valueOf);
  if (ast?.Query) {
    const select = firstSelect(ast.Query.body);
    return select && readSelect(select, valueOf, locksRows(ast.Query));
  }
  if (ast?.Update) return readUpdate(ast.Update, valueOf);
  return ast?.Delete && readDelete(ast.Delete, valueOf);
}

/** The SELECT itself, or the first of a set operation (`SELECT … UNION SELECT …`). */
function firstSelect(body: SetExpr): Select | undefined {
  if (body.SetOperation) return firstSelect(body.SetOperation.left);
  return body.Query ? firstSelect(body.Query.body) : body.Select;
}

/** `FOR UPDATE`, `FOR NO KEY UPDATE`, `FOR SHARE`, `FOR KEY SHARE`, `LOCK IN SHARE MODE`. */
function locksRows(query: Query): boolean {
  return (query.locks?.length ?? 0) > 0;
}

const isGrouped = (select: Select): boolean => select.group_by === 'All' || (typeof select.group_by === 'object' && (select.group_by.Expressions?.[0].length ?? 0) > 0);

function readSelect(select: Select, valueOf: ValueOf, locks: boolean): StatementAccess | undefined {
  const only = select.projection.length === 1 ? unaliased(select.projection[0]) : undefined;
  const subquery = only?.Exists && !only.Exists.negated ? firstSelect(only.Exists.subquery.body) : undefined;
  if (subquery) {
    const inner = readSelect(subquery, valueOf, locks);
    return inner && { ...inner, kind: 'exists' };
  }
  const table = fromTable(select);
  if (!table) return undefined;
  const kind: AccessKind = only && answersExistence(only) ? 'exists' : 'read';
  return {
    kind,
    resource: table.name,
    keys: equalities(select.selection, table, valueOf),
    data: [],
    summary: `SELECT ${table.name}`,
    ...(locks ? { locks: true } : {}),
  };
}

const unaliased = (item: SelectItem | undefined): Expr | undefined => item?.UnnamedExpr ?? item?.ExprWithAlias?.expr;

/** `COUNT(*)`, `COUNT(*)::int`, `1`, `true`: the row's content is not asked for. */
function answersExistence(expr: Expr): boolean {
  if (expr.Cast) return answersExistence(expr.Cast.expr);
  if (expr.Function) return functionName(expr.Function) === 'count';
  return expr.Value?.value.Number !== undefined || expr.Value?.value.Boolean !== undefined;
}

const aggregates = new Set(['count', 'sum', 'avg', 'min', 'max', 'array_agg', 'string_agg', 'group_concat']);

function hasAggregate(root: object): boolean {
  return someNode(root, (node) => {
    const call = (node as Expr).Function;
    return call !== undefined && aggregates.has(functionName(call));
  });
}

/** A function's name without its schema, in lower case. */
function functionName(call: NonNullable<Expr['Function']>): string {
  return (lastName(call.name) ?? '').toLowerCase();
}

function readInsert(insert: NonNullable<Statement['Insert']>, valueOf: ValueOf): StatementAccess | undefined {
  const table = lastName(insert.table.TableName);
  if (table === undefined) return undefined;
  const firstRow = insert.source?.body.Values?.rows[0]?.content ?? [];
  const data = insert.columns.flatMap((column, index): Field[] => {
    const name = lastName(column);
    if (name === undefined) return [];
    const value = valueNode(firstRow[index], valueOf);
    return [value ? { name, value } : { name }];
  });
  const upsert = insert.replace_into || insert.ignore || insert.or === 'Ignore' || insert.or === 'Replace' || !!insert.on;
  return {
    kind: upsert ? 'upsert' : 'create',
    resource: table,
    keys: [],
    data,
    summary: `INSERT ${table}`,
  };
}

function readUpdate(update: NonNullable<Statement['Update']>, valueOf: ValueOf): StatementAccess | undefined {
  const table = tableOf(update.table);
  if (!table) return undefined;
  const assignments = update.assignments.flatMap((set) => {
    const name = lastName(set.target.ColumnName);
    return name === undefined ? [] : [{ name, value: set.value }];
  });
  const atomic =
    assignments.some((set) => isRelativeTo(set.value, set.name)) &&
    assignments.every((set) => isRelativeTo(set.value, set.name) || isClock(set.value));
  return {
    kind: atomic ? 'atomic-update' : 'update',
    resource: table.name,
    keys: equalities(update.selection, table, valueOf, true),
    data: assignments.map(({ name, value }) => {
      const node = valueNode(value, valueOf);
      return node ? { name, value: node } : { name };
    }),
    summary: `UPDATE ${table.name}`,
  };
}

function readDelete(remove: NonNullable<Statement['Delete']>, valueOf: ValueOf): StatementAccess | undefined {
  const from = remove.from.WithFromKeyword ?? remove.from.WithoutKeyword ?? [];
  // `DELETE t FROM t JOIN …` names the tables to delete from before FROM.
  const table = from[0] && tableOf(from[0], from.length > 1 || remove.tables.length > 0);
  if (!table) return undefined;
  return {
    kind: 'delete',
    resource: table.name,
    keys: equalities(remove.selection, table, valueOf),
    data: [],
    summary: `DELETE ${table.name}`,
  };
}

const relativeOperators = new Set(['Plus', 'Minus', 'Multiply', 'Divide', 'StringConcat']);

/** `x = x + $1`, `x = $1 + x`, `x = x - 1`, `x = x || $1`: computed by the database from itself. */
function isRelativeTo(value: Expr, column: string): boolean {
  const op = value.BinaryOp;
  if (!op || !relativeOperators.has(op.op)) return false;
  const refersTo = (side: Expr): boolean => columnName(side) === column;
  return refersTo(op.left) || ((op.op === 'Plus' || op.op === 'Multiply') && refersTo(op.right));
}

/** `now()`, `CURRENT_TIMESTAMP`: a bookkeeping write beside an atomic one. */
function isClock(value: Expr): boolean {
  return !!value.Function && /^(?:now|current_timestamp|current_date|localtimestamp|datetime|unixepoch)$/.test(functionName(value.Function));
}

interface Table {
  readonly name: string;
  readonly alias: string | undefined;
  /** More than one table in FROM: unqualified columns are ambiguous. */
  readonly joined: boolean;
}

/** The table a SELECT reads; none for `SELECT FROM WHERE`, which parses as no columns of a table named WHERE. */
function fromTable(select: Select): Table | undefined {
  return select.from.length === 1 && select.from[0] && select.projection.length > 0 ? tableOf(select.from[0]) : undefined;
}

/** The table a FROM item, or the first of a join, reads: `users`, `"public"."users" u`, `ONLY users`. */
function tableOf(item: TableWithJoins, joined = false): Table | undefined {
  const table = item.relation.Table;
  const name = lastName(table?.name);
  if (name === undefined) return undefined;
  const alias = table?.alias?.name.value;
  const withJoins = joined || (item.joins?.length ?? 0) > 0;
  // The parser takes PostgreSQL's `ONLY users` for a table named ONLY with the alias `users`.
  if (table?.name.length === 1 && name === 'ONLY' && alias !== undefined) return { name: alias, alias: undefined, joined: withJoins };
  return { name, alias, joined: withJoins };
}

/**
 * The columns a WHERE pins with `=`, joined by AND; an OR pins none of its branches. With
 * `compared`, columns compared otherwise (`stock >= $1`, `version <> $2`) count too, without a
 * value: they make an UPDATE conditional on what it tests.
 */
function equalities(where: Expr | null | undefined, table: Table, valueOf: ValueOf, compared = false): Field[] {
  return conjuncts(where).flatMap((term) => {
    const op = term.BinaryOp ?? quantified(term);
    if (!op || (op.op !== 'Eq' && !(compared && comparisons.has(op.op)))) return [];
    const { left, right } = op;
    const [column, other] = isOwnColumn(left, table) ? [left, right] : isOwnColumn(right, table) ? [right, left] : [];
    const name = column && columnName(column);
    if (name === undefined || !other || columnName(other) !== undefined) return [];
    const value = op.op === 'Eq' ? valueNode(other, valueOf) : undefined;
    return [value ? { name, value } : { name }];
  });
}

/** `id = ANY($1)`, `x >= ALL(…)`: a comparison with a set, whose column is a key without a value. */
function quantified(term: Expr): Comparison | undefined {
  const set = term.AnyOp ?? term.AllOp;
  return set && { left: set.left, op: set.compare_op, right: term };
}

/** The terms of `a AND b AND (c AND d)`, in order, without recursion: the chain can be long. */
function conjuncts(where: Expr | null | undefined): Expr[] {
  const terms: Expr[] = [];
  const pending = where ? [where] : [];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.Nested) pending.push(node.Nested);
    else if (node.BinaryOp?.op === 'And') pending.push(node.BinaryOp.right, node.BinaryOp.left);
    else terms.push(node);
  }
  return terms;
}

const comparisons = new Set(['GtEq', 'Gt', 'LtEq', 'Lt', 'NotEq']);

/** `email`, `users.email`, `u.email` (by alias); unqualified only when FROM names one table. */
function isOwnColumn(expr: Expr, table: Table): boolean {
  if (expr.Identifier) return !table.joined;
  const parts = expr.CompoundIdentifier;
  const qualifier = parts?.[parts.length - 2]?.value;
  return qualifier !== undefined && (qualifier === table.name || qualifier === table.alias);
}

/** The last name of a column reference: `email`, `u.email`. */
function columnName(expr: Expr): string | undefined {
  return expr.Identifier?.value ?? expr.CompoundIdentifier?.[expr.CompoundIdentifier.length - 1]?.value;
}

/** The expression a placeholder stands for, through a cast (`$1::uuid`). */
function valueNode(value: Expr | undefined, valueOf: ValueOf): TSESTree.Node | undefined {
  if (value?.Cast) return valueNode(value.Cast.expr, valueOf);
  const placeholder = value?.Value?.value.Placeholder;
  return placeholder === undefined ? undefined : valueOf(Number(placeholder.slice(1)));
}
