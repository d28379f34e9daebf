import type { TSESTree } from '@typescript-eslint/utils';
import type { Access, Isolation } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import { staticString } from '../utils/ast.js';
import { normalizeName } from '../utils/names.js';

/*
 * What the SQL query builders (Knex, Kysely) share: they name tables and columns as SQL does,
 * raise the drivers' own unique-violation errors, and spell isolation levels as SQL.
 */

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

export const quote = (text: string): string => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
