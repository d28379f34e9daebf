import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Isolation, TransactionScope } from '../analysis/access.js';
import type { GuardCondition } from '../analysis/changes.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Rewrite } from './types.js';
import { quote } from './rewrites.js';
import { staticString } from '../utils/ast.js';
import { setOptionAfter } from '../utils/fixes.js';
import { normalizeName } from '../utils/names.js';

/*
 * What the SQL query builders (Knex, Kysely, and Drizzle where it writes SQL) share: they name
 * tables and columns as SQL does, raise the drivers' own unique-violation errors, spell isolation
 * levels as SQL, and filter with the same comparisons.
 */

/** Operators under which `where(column, op, value)` looks a record up by that value. */
export const lookupOperators: ReadonlySet<string> = new Set(['=', 'like', 'ilike']);
/**
 * Operators of a write's filter: a lookup, or a condition the row must still meet (`stock >= qty`,
 * `version = 3`), which makes the write conditional.
 */
export const writeFilterOperators: ReadonlySet<string> = new Set([...lookupOperators, '>=', '>', '<=', '<', '<>', '!=']);

const isolationLevels: Readonly<Record<string, Isolation>> = {
  serializable: 'serializable',
  'repeatable read': 'repeatable-read',
  snapshot: 'repeatable-read',
  'read committed': 'read-committed',
  'read uncommitted': 'read-uncommitted',
};

/** The isolation a SQL level name (`'serializable'`, `'repeatable read'`) stands for. */
export function isolationOf(level: TSESTree.Node | undefined): Isolation {
  const name = staticString(level)?.toLowerCase().replace(/[\s_-]+/g, ' ');
  return (name ? isolationLevels[name] : undefined) ?? 'unknown';
}

/** Unique-violation codes of the SQL drivers query builders run on: pg, mysql/mysql2, sqlite3. */
export const sqlConflictMarkers = ['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT'];

export function sqlConflictTest(error: string): string {
  const codes = sqlConflictMarkers.map((code) => `${error}.code === '${code}'`).join(' || ');
  return `${error} instanceof Object && 'code' in ${error} && (${codes})`;
}

/** `'invitations.email'` is `email` when the prefix is the queried table or its alias. */
export function columnName(name: string, tables: readonly string[]): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && tables.includes(name.slice(0, dot)) ? name.slice(dot + 1) : name;
}

/** `'invitations as i'` gives the table and its alias. */
export function tableAndAlias(text: string): string[] {
  const [table, alias] = text.trim().split(/\s+as\s+/i);
  return [table ?? text, ...(alias ? [alias] : [])];
}

/**
 * The columns of an ON CONFLICT target for the keys a check filters on, spelled as the create
 * writes them: those of the unique constraint that covers them (PostgreSQL requires an exact
 * match), or all of them with a note that a unique index must be added first.
 */
export function conflictTarget(check: Access, create: Access, file: FileFacts): { columns: string[]; note: string } {
  const columns = check.keys.map((key) => {
    const written = create.data.find((field) => normalizeName(field.name) === normalizeName(key.name));
    return written?.name ?? key.name;
  });
  const table = create.resource;
  const constraint = table === undefined ? undefined : file.schema().uniqueFor(table, columns);
  if (!constraint) return { columns, note: table === undefined ? '' : `, after adding a unique index on ${table} (${columns.join(', ')})` };
  const unique = new Set(constraint.fields.map(normalizeName));
  return { columns: columns.filter((column) => unique.has(normalizeName(column))), note: '' };
}

/** `.where('stock', '>=', qty)`: the guard's condition as a filter of Knex or Kysely. */
export const conditionFilter = (condition: GuardCondition, file: FileFacts): string =>
  `where(${quote(condition.field)}, '${condition.operator}', ${file.sourceCode.getText(condition.value)})`;

/**
 * `transaction(callback, options)` with `isolationLevel: 'serializable'` in its options, the
 * form Drizzle and Knex share.
 */
export function serializableOption(scope: TransactionScope, file: FileFacts): Rewrite | undefined {
  const call = scope.callback.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== scope.callback) return undefined;
  const level = "isolationLevel: 'serializable'";
  const edit = setOptionAfter(scope.callback, 'isolationLevel', level, file.sourceCode);
  return edit && { form: `\`${level}\``, edits: [edit] };
}
