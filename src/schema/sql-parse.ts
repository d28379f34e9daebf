import { childNodes, lastName, parseSql } from '../sql/statement.js';
import type { ColumnDef, Expr, FunctionArg, IndexColumn, Statement, TableConstraint as TableConstraintNode } from '../sql/statement.js';
import type { SqlDialect } from './types.js';
import { appendFacts, distinctColumns, keyConstraint, statementFacts, uniqueIndex } from './sql-facts.js';
import type { StatementFacts, TableConstraint } from './sql-facts.js';
import { isPunct, type Token } from './sql-tokens.js';

/** Balanced parentheses: the parser would reject the statement anyway. */
export function suitsParser(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')') && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Reads a statement with sqlparser-rs, in the first dialect that parses it; `undefined` when
 * none does or the first that does gives a shape this reader does not understand.
 */
export function factsFromParser(statement: string, dialects: readonly SqlDialect[]): StatementFacts | undefined {
  for (const dialect of dialects) {
    const statements = parseSql(statement, dialect);
    if (statements) return factsFromStatements(statements);
  }
  return undefined;
}

function factsFromStatements(statements: readonly Statement[]): StatementFacts | undefined {
  const facts = statementFacts();
  for (const statement of statements) {
    const read = statement.CreateTable
      ? createTable(statement.CreateTable)
      : statement.CreateIndex
        ? createIndex(statement.CreateIndex)
        : statement.AlterTable
          ? alterTable(statement.AlterTable)
          : undefined;
    if (!read) return undefined;
    appendFacts(facts, read);
  }
  return facts;
}

function createTable(node: NonNullable<Statement['CreateTable']>): StatementFacts | undefined {
  const table = lastName(node.name);
  if (!table) return undefined;
  const facts = statementFacts({ tables: [table] });
  for (const column of node.columns) facts.constraints.push(...columnConstraints(column, table));
  for (const constraint of node.constraints) {
    const constraints = keyConstraintOf(constraint, table);
    if (!constraints) return undefined;
    facts.constraints.push(...constraints);
  }
  return facts;
}

function createIndex(node: NonNullable<Statement['CreateIndex']>): StatementFacts | undefined {
  if (!node.unique) return statementFacts();
  const table = lastName(node.table_name);
  const fields = columnNames(node.columns);
  if (!table || !fields) return undefined;
  return statementFacts({ constraints: [uniqueIndex(table, fields, lastName(node.name ?? undefined), !!node.predicate)] });
}

function alterTable(node: NonNullable<Statement['AlterTable']>): StatementFacts | undefined {
  const table = lastName(node.name);
  if (!table) return undefined;
  const facts = statementFacts();
  for (const operation of node.operations) {
    if (operation.RenameTable) {
      const to = lastName(operation.RenameTable.table_name.To);
      if (!to) return undefined;
      facts.renames.push([table, to]);
    } else if (operation.AddColumn) {
      facts.constraints.push(...columnConstraints(operation.AddColumn.column_def, table));
    } else if (operation.AddConstraint) {
      const constraints = keyConstraintOf(operation.AddConstraint.constraint, table);
      if (!constraints) return undefined;
      facts.constraints.push(...constraints);
    }
  }
  return facts;
}

/** A column's own `PRIMARY KEY` or `UNIQUE`. */
function columnConstraints(column: ColumnDef, table: string): TableConstraint[] {
  return column.options.flatMap(({ option }) => {
    if (typeof option !== 'object' || option === null) return [];
    if ('PrimaryKey' in option) return [keyConstraint('PRIMARY KEY', table, [column.name.value])];
    return 'Unique' in option ? [keyConstraint('UNIQUE', table, [column.name.value])] : [];
  });
}

/** A table's primary key or unique constraint, none for other constraints; `undefined` when a column cannot be named. */
function keyConstraintOf(node: TableConstraintNode, table: string): TableConstraint[] | undefined {
  const key = node.PrimaryKey ?? node.Unique;
  if (!key) return [];
  const fields = columnNames(key.columns);
  // MySQL's `UNIQUE KEY users_email (email)` names the index, `CONSTRAINT c UNIQUE (email)` the constraint.
  const name = key.name?.value ?? key.index_name?.value;
  return fields && [keyConstraint(node.PrimaryKey ? 'PRIMARY KEY' : 'UNIQUE', table, fields, name)];
}

/** The columns of an index or constraint, or `undefined` if one of its entries names none. */
function columnNames(columns: readonly IndexColumn[]): string[] | undefined {
  return distinctColumns(columns, (item) => referencedColumns(item.column.expr));
}

/**
 * The columns an index entry refers to. An expression refers to each column in it: a unique
 * index on `lower(email)` makes `email` unique too, one on `a || b` only the pair. Function
 * names, cast types and collations are not columns; MySQL's prefix `email(191)` reads as a call.
 */
function referencedColumns(node: object, depth = 0): string[] {
  if (depth > 32) return [];
  const inner = (child: object): string[] => referencedColumns(child, depth + 1);
  const expr = node as Expr;
  if (expr.Identifier) return [expr.Identifier.value];
  if (expr.CompoundIdentifier) return expr.CompoundIdentifier.slice(-1).map((part) => part.value);
  if (expr.Cast) return inner(expr.Cast.expr);
  if (expr.Collate) return inner(expr.Collate.expr);
  if (expr.Function) {
    const { name, args } = expr.Function;
    if (typeof args !== 'object') return [];
    const column = isPrefixLength(args) ? lastName(name) : undefined;
    return column === undefined ? inner(args) : [column];
  }
  return expr.Value ? [] : childNodes(node).flatMap(inner);
}

/** `(191)`: one integer. */
function isPrefixLength(args: { readonly List?: { readonly args: readonly FunctionArg[] } }): boolean {
  const list = args.List?.args;
  const only = list?.length === 1 ? list[0] : undefined;
  const arg = typeof only === 'object' && typeof only.Unnamed === 'object' ? only.Unnamed.Expr : undefined;
  return arg?.Value?.value.Number !== undefined;
}
