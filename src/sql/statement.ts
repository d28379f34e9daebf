import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/utils';
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
/** node-sql-parser backtracks exponentially on errors inside deep parentheses: skip those. */
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
    return (
      readTransaction(prepared.skeleton) ??
      readLock(prepared.skeleton) ??
      readParsed(prepared.sql, prepared.skeleton, valueOf)
    );
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
  const parsed = parsedText(text, style);
  const ast = parsed?.ast;
  if (!parsed || ast?.['type'] !== 'select' || lockingClause.test(parsed.skeleton)) return false;
  const grouped = ast['groupby'] || ast['having'] || record(ast['distinct'])?.['type'] || hasType(ast['columns'], 'aggr_func');
  return list(ast['from']).length === 1 && !ast['with'] && !ast['_next'] && !grouped;
}

/**
 * An UPDATE whose WHERE clause ends the statement (but for RETURNING) and takes one more term
 * appended with `AND`: it has one, with no OR at its top level, and no ORDER BY or LIMIT follows.
 */
export function takesAndCondition(text: string, style?: PlaceholderStyle): boolean {
  const ast = parsedText(text, style)?.ast;
  const where = record(ast?.['where']);
  if (ast?.['type'] !== 'update' || !where) return false;
  const topLevelOr = String(where['operator']).toUpperCase() === 'OR' && !where['parentheses'];
  return !topLevelOr && !ast['orderby'] && list(record(ast['limit'])?.['value']).length === 0;
}

function parsedText(
  text: string,
  style: PlaceholderStyle | undefined,
): { ast: SqlNode | undefined; skeleton: string } | undefined {
  if (text.length > maxLength || !looksLikeSql(text)) return undefined;
  try {
    const prepared = prepare(text, styleOf(text, style));
    return prepared && { ast: parse(prepared.sql.replace(lockingClause, '')), skeleton: prepared.skeleton };
  } catch {
    return undefined;
  }
}

/** Whether a parser node, or one inside it, is of a type. */
function hasType(value: unknown, type: string): boolean {
  if (Array.isArray(value)) return value.some((item) => hasType(item, type));
  const node = record(value);
  return node !== undefined && (node['type'] === type || Object.values(node).some((inner) => hasType(inner, type)));
}

export const isNamedValues = (values: StatementValues): values is ReadonlyMap<string, TSESTree.Node> => values instanceof Map;

/** A cheap first test: the text starts with a statement keyword. */
export function looksLikeSql(text: string): boolean {
  return sqlStart.test(text);
}

const sqlStart = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(?:SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|BEGIN|START|SET|LOCK)\b/i;

// ---------------------------------------------------------------------------------------------
// Placeholders: every parameter becomes `$<slot>`, which all three parsers accept.

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
  /** `::uuid`, `::varchar(40)`, `::int[]` after a placeholder, which the PostgreSQL parser rejects. */
  cast: /\s*::\s*[A-Za-z_][\w.]*(?:\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\))?(?:\[\])*/y,
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
        // A cast (`$1::uuid`) adds nothing here and the PostgreSQL parser rejects it.
        i += found.length + (match(tokens.cast, text, i + found.length)?.[0].length ?? 0);
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
// Statements read by pattern: the parsers reject most transaction control and lock statements.

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
// node-sql-parser, one build per dialect, loaded on first use.

interface SqlParser {
  astify(sql: string, options: { database: string }): unknown;
}

type SqlNode = Readonly<Record<string, unknown>>;

const requireCjs = createRequire(import.meta.url);
const parsers = new Map<SqlDialect, SqlParser | undefined>();
const parsedTexts = new Map<string, SqlNode | undefined>();

function parserFor(dialect: SqlDialect): SqlParser | undefined {
  if (!parsers.has(dialect)) {
    let parser: SqlParser | undefined;
    try {
      const loaded = record(requireCjs(`node-sql-parser/build/${dialect}.js`));
      const Parser = loaded?.['Parser'];
      if (typeof Parser === 'function') parser = new (Parser as new () => SqlParser)();
    } catch {
      parser = undefined;
    }
    parsers.set(dialect, parser);
  }
  return parsers.get(dialect);
}

/** The single statement a text holds, parsed by the first dialect that accepts it. */
function parse(sql: string): SqlNode | undefined {
  if (parsedTexts.has(sql)) return parsedTexts.get(sql);
  let parsed: SqlNode | undefined;
  for (const dialect of dialects) {
    try {
      const result = parserFor(dialect)?.astify(sql, { database: dialect });
      const statements = Array.isArray(result) ? result : [result];
      parsed = statements.length === 1 ? record(statements[0]) : undefined;
      if (parsed) break;
    } catch {
      // Not this dialect's syntax: try the next.
    }
  }
  if (parsedTexts.size >= cacheSize) {
    const oldest = parsedTexts.keys().next();
    if (!oldest.done) parsedTexts.delete(oldest.value);
  }
  parsedTexts.set(sql, parsed);
  return parsed;
}

const record = (value: unknown): SqlNode | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as SqlNode) : undefined;
const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

// ---------------------------------------------------------------------------------------------
// From the parser's AST to an access.

type ValueOf = (slot: number) => TSESTree.Node | undefined;

/** Row locks a trailing clause takes; the PostgreSQL parser rejects them, so they are cut off. */
const lockingClause =
  /\s+(?:FOR\s+(?:NO\s+KEY\s+UPDATE|UPDATE|KEY\s+SHARE|SHARE)(?:\s+OF\s+[\w\s,."`]+?)?(?:\s+NOWAIT|\s+SKIP\s+LOCKED)?|LOCK\s+IN\s+SHARE\s+MODE)\s*;?\s*$/i;
const upsertForm = /\bON\s+CONFLICT\b|\bON\s+DUPLICATE\s+KEY\s+UPDATE\b|^\s*(?:INSERT\s+(?:IGNORE|OR\s+(?:IGNORE|REPLACE))|REPLACE)\b/i;

function readParsed(sql: string, skeleton: string, valueOf: ValueOf): StatementAccess | undefined {
  const locks = lockingClause.test(skeleton);
  const ast = parse(locks ? sql.replace(lockingClause, '') : sql);
  switch (ast?.['type']) {
    case 'select':
      return readSelect(ast, valueOf, locks);
    case 'insert':
    case 'replace':
      return readInsert(ast, valueOf, upsertForm.test(skeleton) || ast['type'] === 'replace');
    case 'update':
      return readUpdate(ast, valueOf);
    case 'delete':
      return readDelete(ast, valueOf);
    default:
      return undefined;
  }
}

function readSelect(ast: SqlNode, valueOf: ValueOf, locks: boolean): StatementAccess | undefined {
  const columns = list(ast['columns']);
  const only = columns.length === 1 ? record(record(columns[0])?.['expr']) : undefined;
  const subquery = only && existsSubquery(only);
  if (subquery) {
    const inner = readSelect(subquery, valueOf, locks);
    return inner && { ...inner, kind: 'exists' };
  }
  const table = mainTable(ast['from']);
  if (!table) return undefined;
  const kind: AccessKind = only && answersExistence(only) ? 'exists' : 'read';
  return {
    kind,
    resource: table.name,
    keys: equalities(ast['where'], table, valueOf),
    data: [],
    summary: `SELECT ${table.name}`,
    ...(locks ? { locks: true } : {}),
  };
}

/** `EXISTS (SELECT …)` as the only column. */
function existsSubquery(expr: SqlNode): SqlNode | undefined {
  if (expr['type'] !== 'function' || functionName(expr)?.toUpperCase() !== 'EXISTS') return undefined;
  const argument = record(list(record(expr['args'])?.['value'])[0]);
  return record(argument?.['ast']);
}

/** `COUNT(*)`, `COUNT(*)::int`, `1`, `true`: the row's content is not asked for. */
function answersExistence(expr: SqlNode): boolean {
  if (expr['type'] === 'cast') return answersExistence(record(expr['expr']) ?? {});
  if (expr['type'] === 'aggr_func') return String(expr['name']).toUpperCase() === 'COUNT';
  return expr['type'] === 'number' || expr['type'] === 'bool';
}

function functionName(expr: SqlNode): string | undefined {
  const name = expr['name'];
  if (typeof name === 'string') return name;
  const parts = list(record(name)?.['name']);
  return identifier(parts[parts.length - 1]);
}

function readInsert(ast: SqlNode, valueOf: ValueOf, upsert: boolean): StatementAccess | undefined {
  const table = mainTable(ast['table']);
  if (!table) return undefined;
  const source = record(ast['values']);
  const firstRow = source?.['type'] === 'values' ? list(record(list(source['values'])[0])?.['value']) : [];
  const data = list(ast['columns']).flatMap((column, index): Field[] => {
    const name = identifier(column);
    if (name === undefined) return [];
    const value = valueNode(firstRow[index], valueOf);
    return [value ? { name, value } : { name }];
  });
  return {
    kind: upsert ? 'upsert' : 'create',
    resource: table.name,
    keys: [],
    data,
    summary: `INSERT ${table.name}`,
  };
}

function readUpdate(ast: SqlNode, valueOf: ValueOf): StatementAccess | undefined {
  const table = mainTable(ast['table']);
  if (!table) return undefined;
  const assignments = list(ast['set']).flatMap((item) => {
    const set = record(item);
    const name = set && identifier('column' in set ? set['column'] : undefined);
    return set && name !== undefined ? [{ name, value: record(set['value']) }] : [];
  });
  const atomic =
    assignments.some((set) => isRelativeTo(set.value, set.name)) &&
    assignments.every((set) => isRelativeTo(set.value, set.name) || isClock(set.value));
  return {
    kind: atomic ? 'atomic-update' : 'update',
    resource: table.name,
    keys: equalities(ast['where'], table, valueOf, true),
    data: assignments.map(({ name, value }) => {
      const node = valueNode(value, valueOf);
      return node ? { name, value: node } : { name };
    }),
    summary: `UPDATE ${table.name}`,
  };
}

function readDelete(ast: SqlNode, valueOf: ValueOf): StatementAccess | undefined {
  const table = mainTable(ast['from']) ?? mainTable(ast['table']);
  if (!table) return undefined;
  return {
    kind: 'delete',
    resource: table.name,
    keys: equalities(ast['where'], table, valueOf),
    data: [],
    summary: `DELETE ${table.name}`,
  };
}

/** `x = x + $1`, `x = $1 + x`, `x = x - 1`, `x = x || $1`: computed by the database from itself. */
function isRelativeTo(value: SqlNode | undefined, column: string): boolean {
  if (value?.['type'] !== 'binary_expr' || !['+', '-', '*', '/', '||'].includes(String(value['operator']))) return false;
  const left = record(value['left']);
  const right = record(value['right']);
  const refersTo = (side: SqlNode | undefined): boolean => side?.['type'] === 'column_ref' && identifier(side) === column;
  return refersTo(left) || ((value['operator'] === '+' || value['operator'] === '*') && refersTo(right));
}

/** `now()`, `CURRENT_TIMESTAMP`: a bookkeeping write beside an atomic one. */
function isClock(value: SqlNode | undefined): boolean {
  if (!value) return false;
  const name = value['type'] === 'function' ? functionName(value) : identifier(value);
  return /^(?:now|current_timestamp|current_date|localtimestamp|datetime|unixepoch)$/i.test(name ?? '');
}

interface Table {
  readonly name: string;
  readonly alias: string | undefined;
  /** More than one table in FROM: unqualified columns are ambiguous. */
  readonly joined: boolean;
}

function mainTable(from: unknown): Table | undefined {
  const tables = list(from);
  const first = record(tables[0]);
  const name = first?.['table'];
  if (!first || typeof name !== 'string') return undefined;
  const alias = first['as'];
  return { name: unquote(name), alias: typeof alias === 'string' ? alias : undefined, joined: tables.length > 1 };
}

/**
 * The columns a WHERE pins with `=`, joined by AND; an OR pins none of its branches. With
 * `compared`, columns compared otherwise (`stock >= $1`, `version <> $2`) count too, without a
 * value: they make an UPDATE conditional on what it tests.
 */
function equalities(where: unknown, table: Table, valueOf: ValueOf, compared = false): Field[] {
  const node = record(where);
  if (node?.['type'] !== 'binary_expr') return [];
  const operator = String(node['operator']).toUpperCase();
  if (operator === 'AND') {
    return [...equalities(node['left'], table, valueOf, compared), ...equalities(node['right'], table, valueOf, compared)];
  }
  if (operator !== '=' && !(compared && comparisons.has(operator))) return [];
  const left = record(node['left']);
  const right = record(node['right']);
  const [column, other] = isOwnColumn(left, table) ? [left, right] : isOwnColumn(right, table) ? [right, left] : [];
  if (!column || other?.['type'] === 'column_ref') return [];
  const name = identifier(column);
  if (name === undefined) return [];
  const value = operator === '=' ? valueNode(other, valueOf) : undefined;
  return [value ? { name, value } : { name }];
}

const comparisons = new Set(['>=', '>', '<=', '<', '<>', '!=']);

function isOwnColumn(node: SqlNode | undefined, table: Table): node is SqlNode {
  if (node?.['type'] !== 'column_ref') return false;
  const qualifier = node['table'];
  if (typeof qualifier !== 'string') return !table.joined;
  return unquote(qualifier) === table.name || qualifier === table.alias;
}

/** The expression a placeholder stands for. */
function valueNode(value: unknown, valueOf: ValueOf): TSESTree.Node | undefined {
  const node = record(value);
  if (node?.['type'] !== 'var' || node['prefix'] !== '$' || typeof node['name'] !== 'number') return undefined;
  return valueOf(node['name']);
}

/** A column or identifier in any of the parsers' shapes: `'id'`, `{ expr: { value: 'id' } }`, … */
function identifier(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const node = record(value);
  if (!node) return undefined;
  if ('column' in node) return identifier(node['column']);
  if ('expr' in node) return identifier(node['expr']);
  return typeof node['value'] === 'string' ? node['value'] : undefined;
}
