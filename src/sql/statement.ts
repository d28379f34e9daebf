import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/utils';
import type * as SqlParser from 'sql-parser-cst';
import type { DeleteStmt, FuncCall, InsertStmt, Node, SelectStmt, Statement, UpdateStmt } from 'sql-parser-cst';
import type { Access, AccessKind, Field, Isolation } from '../analysis/access.js';

/**
 * Reads one SQL statement, as a driver or query builder sends it, into the access vocabulary.
 * Library-agnostic: adapters hand over the text and the expressions bound to its placeholders.
 */

export type SqlDialect = 'postgresql' | 'mysql' | 'sqlite';

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
/**
 * sql-parser-cst backtracks exponentially on a syntax error inside nested parentheses (from about
 * depth 10 each level doubles the time; depth 20 takes seconds): skip deeper text.
 */
const maxDepth = 6;
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
  return testParsed(text, style, (ast) => {
    if (ast.type !== 'select_stmt' || locksRows(ast)) return false;
    const has = (type: SelectStmt['clauses'][number]['type']): boolean => ast.clauses.some((clause) => clause.type === type);
    const select = clauseOf(ast.clauses, 'select_clause');
    const distinct = select?.modifiers.some((modifier) => modifier.type === 'select_distinct' || modifier.type === 'select_distinct_on');
    const grouped = has('group_by_clause') || has('having_clause') || distinct || (select?.columns && hasAggregate(select.columns));
    const table = fromTable(ast);
    return table !== undefined && !table.joined && !has('with_clause') && !grouped;
  });
}

/**
 * An UPDATE whose WHERE clause ends the statement (but for RETURNING) and takes one more term
 * appended with `AND`: it has one, with no OR at its top level, and no ORDER BY or LIMIT follows.
 */
export function takesAndCondition(text: string, style?: PlaceholderStyle): boolean {
  return testParsed(text, style, (ast) => {
    if (ast.type !== 'update_stmt') return false;
    const where = clauseOf(ast.clauses, 'where_clause')?.expr;
    const topLevelOr = where?.type === 'binary_expr' && operatorOf(where.operator) === 'OR';
    const followed = ast.clauses.some((clause) => clause.type === 'order_by_clause' || clause.type === 'limit_clause');
    return where !== undefined && !topLevelOr && !followed;
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
// Placeholders: every parameter becomes `?<slot>`, which the parser reads as one in every dialect.

interface Prepared {
  /** The text given to the parser: comments removed, placeholders as `?1…?n` slots. */
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
        sql += `?${slot + 1}`;
        skeleton += `?${slot + 1}`;
        i += found.length;
        continue;
      }
      sql += char;
      skeleton += char;
    }
    i += token ? token[0].length : 1;
  }
  return parenDepth(skeleton) > maxDepth ? undefined : { sql, skeleton, slots, spans };
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

function parenDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (const char of text) {
    if (char === '(') max = Math.max(max, ++depth);
    else if (char === ')') depth -= 1;
  }
  return max;
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
// sql-parser-cst, loaded on first use (about 150 ms), shared with the migration reader.

const requireCjs = createRequire(import.meta.url);
let parser: typeof SqlParser | undefined;
const parsedTexts = new Map<string, Statement | undefined>();

/**
 * The statements of a text in one dialect, without the empty one a trailing `;` leaves;
 * `undefined` when the text does not parse. Never throws.
 */
export function parseSql(sql: string, dialect: SqlDialect): Statement[] | undefined {
  try {
    parser ??= requireCjs('sql-parser-cst') as typeof SqlParser;
    return parser.parse(sql, { dialect, paramTypes: ['?nr'] }).statements.filter((statement) => statement.type !== 'empty');
  } catch {
    return undefined;
  }
}

/** The nodes right under a node. */
export function childNodes(node: Node): Node[] {
  return Object.values(node)
    .flatMap((value: unknown) => (Array.isArray(value) ? (value as unknown[]) : [value]))
    .filter((value): value is Node => typeof value === 'object' && value !== null && 'type' in value);
}

/** The single statement a text holds, parsed in the first dialect that accepts it. */
function parse(sql: string): Statement | undefined {
  if (parsedTexts.has(sql)) return parsedTexts.get(sql);
  let statements: Statement[] | undefined;
  for (const dialect of dialects) {
    statements = parseSql(sql, dialect);
    if (statements) break;
  }
  if (parsedTexts.size >= cacheSize) {
    const oldest = parsedTexts.keys().next();
    if (!oldest.done) parsedTexts.delete(oldest.value);
  }
  const parsed = statements?.length === 1 ? statements[0] : undefined;
  parsedTexts.set(sql, parsed);
  return parsed;
}

/** A statement's clause of one type. */
function clauseOf<C extends Node, T extends C['type']>(clauses: readonly C[], type: T): Extract<C, { type: T }> | undefined {
  return clauses.find((clause): clause is Extract<C, { type: T }> => clause.type === type);
}

/** An operator as written: `=`, `||`, `AND`, `NOT IN`. */
function operatorOf(operator: string | Node | Node[]): string {
  if (typeof operator === 'string') return operator;
  return (Array.isArray(operator) ? operator : [operator]).map((part) => (part.type === 'keyword' ? part.name : '')).join(' ');
}

// ---------------------------------------------------------------------------------------------
// From the parser's tree to an access.

type ValueOf = (slot: number) => TSESTree.Node | undefined;

function readParsed(sql: string, valueOf: ValueOf): StatementAccess | undefined {
  const ast = parse(sql);
  switch (ast?.type) {
    case 'select_stmt':
    case 'compound_select_stmt': {
      const select = firstSelect(ast);
      return select && readSelect(select, valueOf);
    }
    case 'insert_stmt':
      return readInsert(ast, valueOf);
    case 'update_stmt':
      return readUpdate(ast, valueOf);
    case 'delete_stmt':
      return readDelete(ast, valueOf);
    default:
      return undefined;
  }
}

/** The SELECT itself, or the first of a set operation (`SELECT … UNION SELECT …`). */
function firstSelect(node: Node): SelectStmt | undefined {
  if (node.type === 'compound_select_stmt') return firstSelect(node.left);
  if (node.type === 'paren_expr') return firstSelect(node.expr);
  return node.type === 'select_stmt' ? node : undefined;
}

/** `FOR UPDATE`, `FOR NO KEY UPDATE`, `FOR SHARE`, `FOR KEY SHARE`, `LOCK IN SHARE MODE`. */
function locksRows(ast: SelectStmt): boolean {
  return ast.clauses.some((clause) => clause.type === 'for_clause' || clause.type === 'lock_in_share_mode_clause');
}

function readSelect(ast: SelectStmt, valueOf: ValueOf, locks = locksRows(ast)): StatementAccess | undefined {
  const columns = clauseOf(ast.clauses, 'select_clause')?.columns?.items ?? [];
  const only = columns.length === 1 && columns[0] ? unaliased(columns[0]) : undefined;
  const subquery = only && existsSubquery(only);
  if (subquery) {
    const inner = readSelect(subquery, valueOf, locks);
    return inner && { ...inner, kind: 'exists' };
  }
  const table = fromTable(ast);
  if (!table) return undefined;
  const kind: AccessKind = only && answersExistence(only) ? 'exists' : 'read';
  return {
    kind,
    resource: table.name,
    keys: equalities(clauseOf(ast.clauses, 'where_clause')?.expr, table, valueOf),
    data: [],
    summary: `SELECT ${table.name}`,
    ...(locks ? { locks: true } : {}),
  };
}

const unaliased = (node: Node): Node => (node.type === 'alias' ? node.expr : node);

/** `EXISTS (SELECT …)` as the only column. */
function existsSubquery(expr: Node): SelectStmt | undefined {
  if (expr.type !== 'prefix_op_expr' || operatorOf(expr.operator) !== 'EXISTS' || expr.expr.type !== 'paren_expr') return undefined;
  const inner = expr.expr.expr;
  return inner.type === 'select_stmt' ? inner : undefined;
}

/** `COUNT(*)`, `COUNT(*)::int`, `1`, `true`: the row's content is not asked for. */
function answersExistence(expr: Node): boolean {
  if (expr.type === 'cast_operator_expr') return answersExistence(expr.left);
  if (expr.type === 'cast_expr') return answersExistence(expr.args.expr.expr);
  if (expr.type === 'func_call') return functionName(expr) === 'count';
  return expr.type === 'number_literal' || expr.type === 'boolean_literal';
}

const aggregates = new Set(['count', 'sum', 'avg', 'min', 'max', 'array_agg', 'string_agg', 'group_concat']);

/** Whether a node calls an aggregate, at any depth (without recursion: expressions can be deep). */
function hasAggregate(root: Node): boolean {
  const pending = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === 'func_call' && aggregates.has(functionName(node))) return true;
    pending.push(...childNodes(node));
  }
  return false;
}

/** A function's name without its schema, in lower case. */
function functionName(call: FuncCall): string {
  return (columnName(call.name) ?? '').toLowerCase();
}

function readInsert(ast: InsertStmt, valueOf: ValueOf): StatementAccess | undefined {
  const insert = clauseOf(ast.clauses, 'insert_clause');
  const table = insert && tableOf(insert.table);
  if (!insert || !table) return undefined;
  const row = clauseOf(ast.clauses, 'values_clause')?.values.items[0];
  const firstRow = row?.type === 'paren_expr' ? row.expr.items : [];
  const data = (insert.columns?.expr.items ?? []).map(({ name }, index): Field => {
    const value = valueNode(firstRow[index], valueOf);
    return value ? { name, value } : { name };
  });
  const upsert =
    insert.insertKw.name === 'REPLACE' ||
    insert.modifiers.some((modifier) => modifier.modifierKw.name === 'IGNORE') ||
    insert.orAction?.actionKw.name === 'IGNORE' ||
    insert.orAction?.actionKw.name === 'REPLACE' ||
    ast.clauses.some((clause) => clause.type === 'upsert_clause' || clause.type === 'on_duplicate_key_update_clause');
  return {
    kind: upsert ? 'upsert' : 'create',
    resource: table.name,
    keys: [],
    data,
    summary: `INSERT ${table.name}`,
  };
}

function readUpdate(ast: UpdateStmt, valueOf: ValueOf): StatementAccess | undefined {
  const tables = clauseOf(ast.clauses, 'update_clause')?.tables.items ?? [];
  const table = tables[0] && tableOf(tables[0], tables.length > 1);
  if (!table) return undefined;
  const assignments = (clauseOf(ast.clauses, 'set_clause')?.assignments.items ?? []).flatMap((set) => {
    const name = columnName(set.column);
    return name === undefined ? [] : [{ name, value: set.expr }];
  });
  const atomic =
    assignments.some((set) => isRelativeTo(set.value, set.name)) &&
    assignments.every((set) => isRelativeTo(set.value, set.name) || isClock(set.value));
  return {
    kind: atomic ? 'atomic-update' : 'update',
    resource: table.name,
    keys: equalities(clauseOf(ast.clauses, 'where_clause')?.expr, table, valueOf, true),
    data: assignments.map(({ name, value }) => {
      const node = valueNode(value, valueOf);
      return node ? { name, value: node } : { name };
    }),
    summary: `UPDATE ${table.name}`,
  };
}

function readDelete(ast: DeleteStmt, valueOf: ValueOf): StatementAccess | undefined {
  const tables = clauseOf(ast.clauses, 'delete_clause')?.tables.items ?? [];
  const joined = tables.length > 1 || clauseOf(ast.clauses, 'from_clause') !== undefined;
  const table = tables[0] && tableOf(tables[0], joined);
  if (!table) return undefined;
  return {
    kind: 'delete',
    resource: table.name,
    keys: equalities(clauseOf(ast.clauses, 'where_clause')?.expr, table, valueOf),
    data: [],
    summary: `DELETE ${table.name}`,
  };
}

/** `x = x + $1`, `x = $1 + x`, `x = x - 1`, `x = x || $1`: computed by the database from itself. */
function isRelativeTo(value: Node, column: string): boolean {
  if (value.type !== 'binary_expr') return false;
  const operator = operatorOf(value.operator);
  if (!['+', '-', '*', '/', '||'].includes(operator)) return false;
  const refersTo = (side: Node): boolean => isColumn(side) && columnName(side) === column;
  return refersTo(value.left) || ((operator === '+' || operator === '*') && refersTo(value.right));
}

/** `now()`, `CURRENT_TIMESTAMP`: a bookkeeping write beside an atomic one. */
function isClock(value: Node): boolean {
  return value.type === 'func_call' && /^(?:now|current_timestamp|current_date|localtimestamp|datetime|unixepoch)$/.test(functionName(value));
}

interface Table {
  readonly name: string;
  readonly alias: string | undefined;
  /** More than one table in FROM: unqualified columns are ambiguous. */
  readonly joined: boolean;
}

function fromTable(ast: SelectStmt): Table | undefined {
  const from = clauseOf(ast.clauses, 'from_clause');
  return from && tableOf(from.expr);
}

/** The table a FROM item, or the first of a join, reads: `users`, `"public"."users" u`, `ONLY users`. */
function tableOf(node: Node, joined = false): Table | undefined {
  switch (node.type) {
    case 'identifier':
      return { name: node.name, alias: undefined, joined };
    case 'member_expr': {
      const name = columnName(node);
      return name === undefined ? undefined : { name, alias: undefined, joined };
    }
    case 'alias': {
      const table = tableOf(node.expr, joined);
      return table && { ...table, alias: node.alias.name };
    }
    case 'join_expr':
      return tableOf(node.left, true);
    case 'table_without_inheritance':
    case 'table_with_inheritance':
    case 'indexed_table':
    case 'not_indexed_table':
    case 'partitioned_table':
      return tableOf(node.table, joined);
    default:
      return undefined;
  }
}

/**
 * The columns a WHERE pins with `=`, joined by AND; an OR pins none of its branches. With
 * `compared`, columns compared otherwise (`stock >= $1`, `version <> $2`) count too, without a
 * value: they make an UPDATE conditional on what it tests.
 */
function equalities(where: Node | undefined, table: Table, valueOf: ValueOf, compared = false): Field[] {
  return conjuncts(where).flatMap((term) => {
    if (term.type !== 'binary_expr') return [];
    const operator = operatorOf(term.operator);
    if (operator !== '=' && !(compared && comparisons.has(operator))) return [];
    const { left, right } = term;
    const [column, other] = isOwnColumn(left, table) ? [left, right] : isOwnColumn(right, table) ? [right, left] : [];
    const name = column && columnName(column);
    if (name === undefined || !other || isColumn(other)) return [];
    const value = operator === '=' ? valueNode(other, valueOf) : undefined;
    return [value ? { name, value } : { name }];
  });
}

/** The terms of `a AND b AND (c AND d)`, in order, without recursion: the chain can be thousands long. */
function conjuncts(where: Node | undefined): Node[] {
  const terms: Node[] = [];
  const pending = where ? [where] : [];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === 'paren_expr') pending.push(node.expr);
    else if (node.type === 'binary_expr' && operatorOf(node.operator) === 'AND') pending.push(node.right, node.left);
    else terms.push(node);
  }
  return terms;
}

const comparisons = new Set(['>=', '>', '<=', '<', '<>', '!=']);

const isColumn = (node: Node): boolean => node.type === 'identifier' || node.type === 'member_expr';

/** `email`, `users.email`, `u.email` (by alias); unqualified only when FROM names one table. */
function isOwnColumn(node: Node, table: Table): boolean {
  if (node.type === 'identifier') return !table.joined;
  if (node.type !== 'member_expr') return false;
  const qualifier = columnName(node.object);
  return qualifier === table.name || qualifier === table.alias;
}

/** The last name of `email`, `u.email`, `"public"."users"`. */
function columnName(node: Node): string | undefined {
  if (node.type === 'identifier') return node.name;
  return node.type === 'member_expr' && node.property.type === 'identifier' ? node.property.name : undefined;
}

/** The expression a placeholder stands for, through a cast (`$1::uuid`). */
function valueNode(value: Node | undefined, valueOf: ValueOf): TSESTree.Node | undefined {
  if (value?.type === 'cast_operator_expr') return valueNode(value.left, valueOf);
  return value?.type === 'parameter' ? valueOf(Number(value.text.slice(1))) : undefined;
}
