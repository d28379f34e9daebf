import type { Dialect } from '../../schema/types.js';

const drivers: readonly [RegExp, Dialect][] = [
  [/^(?:pg|postgres|@neondatabase\/serverless|@vercel\/postgres)$/, 'postgresql'],
  [/^(?:mysql|mysql2)(?:\/promise)?$/, 'mysql'],
  [/^(?:sqlite|sqlite3|better-sqlite3|@libsql\/client)$/, 'sqlite'],
];
const imported = /(?:from\s+|require\(\s*|import\(\s*)["']([^"']+)["']/g;

/**
 * The engine a raw-SQL file's driver import names, for migrations of projects whose schema does
 * not name one (plain `CREATE TABLE` files rarely do).
 */
export function driverDialect(text: string): Dialect | undefined {
  for (const [, specifier = ''] of text.matchAll(imported)) {
    const match = drivers.find(([pattern]) => pattern.test(specifier));
    if (match) return match[1];
  }
  return undefined;
}
