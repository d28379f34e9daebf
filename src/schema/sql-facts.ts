import { fieldList } from './facts-builder.js';

/** A constraint as one statement states it, before table renames in the file are applied. */
export interface TableConstraint {
  readonly table: string;
  readonly fields: readonly string[];
  readonly description: string;
  readonly partial: boolean;
}

/** What one DDL statement (or a whole file, once added up) contributes. */
export interface StatementFacts {
  readonly tables: string[];
  readonly constraints: TableConstraint[];
  /** `[old, new]` table names from `ALTER TABLE old RENAME TO new`. */
  readonly renames: [string, string][];
}

export function statementFacts(parts: Partial<StatementFacts> = {}): StatementFacts {
  return { tables: [], constraints: [], renames: [], ...parts };
}

/** Adds what `read` contributes to `facts`. */
export function appendFacts(facts: StatementFacts, read: StatementFacts): void {
  facts.tables.push(...read.tables);
  facts.constraints.push(...read.constraints);
  facts.renames.push(...read.renames);
}

/** A primary key or unique constraint; one without a name is described by its kind, columns and table. */
export function keyConstraint(
  kind: 'PRIMARY KEY' | 'UNIQUE',
  table: string,
  fields: readonly string[],
  name?: string,
): TableConstraint {
  const description = name ? name : `${kind} (${fieldList(fields)}) on ${table}`;
  return { table, fields, description, partial: false };
}

/** A unique index; one without a name is described by its table and columns. */
export function uniqueIndex(
  table: string,
  fields: readonly string[],
  name: string | undefined,
  partial: boolean,
): TableConstraint {
  return { table, fields, description: name ?? `unique index on ${table} (${fieldList(fields)})`, partial };
}

/**
 * The columns of an index or key, each named once: those of every item, in order. `undefined`
 * when there are no items or an item names no column (the key is then not understood).
 */
export function distinctColumns<T>(items: readonly T[], columnsOf: (item: T) => string[]): string[] | undefined {
  if (items.length === 0) return undefined;
  const names = new Set<string>();
  for (const item of items) {
    const columns = columnsOf(item);
    if (columns.length === 0) return undefined;
    for (const column of columns) names.add(column);
  }
  return [...names];
}
