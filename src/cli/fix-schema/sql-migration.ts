import fs from 'node:fs';
import path from 'node:path';
import type { Dialect } from '../../schema/types.js';

export interface UniqueIndex {
  readonly table: string;
  readonly columns: readonly string[];
}

export interface NewMigration {
  readonly file: string;
  readonly text: string;
}

/**
 * A migration that adds a unique index, placed beside the migration that created the table and
 * named the way its neighbours are: a numbered file (`0004_…sql`) or a Prisma-style folder
 * (`20240101120000_…/migration.sql`).
 */
export function uniqueIndexMigration(
  indexes: readonly UniqueIndex[],
  declaredIn: string,
  dialect: Dialect | undefined,
  now: Date,
): NewMigration {
  const [only] = indexes;
  const subject = only && indexes.length === 1 ? [only.table, ...only.columns].join('_') : 'constraints';
  const name = `add_unique_${subject}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  const file =
    path.basename(declaredIn) === 'migration.sql'
      ? path.join(path.dirname(path.dirname(declaredIn)), `${timestamp(now)}_${name}`, 'migration.sql')
      : path.join(path.dirname(declaredIn), `${nextPrefix(path.dirname(declaredIn), now)}${name}.sql`);
  return { file, text: migrationText(indexes, dialect) };
}

function migrationText(indexes: readonly UniqueIndex[], dialect: Dialect | undefined): string {
  const quote = (name: string): string => {
    if (/^[a-z_][a-z0-9_]*$/.test(name)) return name;
    return dialect === 'mysql' ? `\`${name}\`` : `"${name}"`;
  };
  const concurrently = dialect === 'postgresql';
  const statements = indexes.map(({ table, columns }) => {
    const index = quote(`${table}_${columns.join('_')}_key`);
    const create = concurrently ? 'CREATE UNIQUE INDEX CONCURRENTLY' : 'CREATE UNIQUE INDEX';
    return `${create} ${index} ON ${quote(table)} (${columns.map(quote).join(', ')});`;
  });
  const notes = concurrently
    ? [
        '-- CONCURRENTLY keeps the table writable while the index builds; it cannot run inside a',
        '-- transaction, and it fails if duplicates already exist: remove those first.',
      ]
    : ['-- It fails if duplicates already exist: remove those first.'];
  return [
    '-- Makes the duplicates that a check-then-create lets through impossible (race-lint fix-schema).',
    ...notes,
    ...statements,
    '',
  ].join('\n');
}

/** The next number of a numbered migration folder (`0004_`), or a timestamp when none is numbered. */
function nextPrefix(folder: string, now: Date): string {
  const numbered = fs
    .readdirSync(folder)
    .map((entry) => /^(\d{1,8})([_-])/.exec(entry))
    .filter((match) => match !== null);
  if (numbered.length === 0) return `${timestamp(now)}_`;
  const width = Math.max(...numbered.map((match) => match[1]?.length ?? 0));
  const next = Math.max(...numbered.map((match) => Number(match[1]))) + 1;
  return `${String(next).padStart(width, '0')}${numbered[0]?.[2] ?? '_'}`;
}

/** `20240101120000`, as Prisma and many migration tools name files. */
function timestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14);
}
