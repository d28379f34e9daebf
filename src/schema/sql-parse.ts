import type { AlterTableStmt, CreateIndexStmt, CreateTableStmt, Node, Statement } from 'sql-parser-cst';
import { childNodes, parseSql } from '../sql/statement.js';
import type { SqlDialect } from './sql.js';
import { appendFacts, distinctColumns, keyConstraint, statementFacts, uniqueIndex } from './sql-facts.js';
import type { StatementFacts, TableConstraint } from './sql-facts.js';
import { isPunct, type Token } from './sql-tokens.js';

/**
 * sql-parser-cst backtracks exponentially on syntax errors inside nested parentheses (from about
 * depth 10 each level doubles the time; depth 20 takes seconds), so only balanced, shallow
 * statements go to it; the rest are read by the token reader.
 */
const MAX_PARSER_DEPTH = 6;

/** Balanced and shallow. */
export function suitsParser(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, '(')) {
      depth++;
      if (depth > MAX_PARSER_DEPTH) return false;
    } else if (isPunct(token, ')')) {
      depth--;
      if (depth < 0) return false;
    }
  }
  return depth === 0;
}

/**
 * Reads a statement with sql-parser-cst, in the first dialect that parses it; `undefined` when
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
    const read =
      statement.type === 'create_table_stmt'
        ? createTable(statement)
        : statement.type === 'create_index_stmt'
          ? createIndex(statement)
          : statement.type === 'alter_table_stmt'
            ? alterTable(statement)
            : undefined;
    if (!read) return undefined;
    appendFacts(facts, read);
  }
  return facts;
}

function createTable(node: CreateTableStmt): StatementFacts | undefined {
  const table = tableName(node.name);
  if (!table) return undefined;
  const facts = statementFacts({ tables: [table] });
  for (const element of node.columns?.expr.items ?? []) {
    const constraints = tableElement(element, table);
    if (!constraints) return undefined;
    facts.constraints.push(...constraints);
  }
  return facts;
}

function createIndex(node: CreateIndexStmt): StatementFacts | undefined {
  if (node.indexTypeKw?.name !== 'UNIQUE') return statementFacts();
  const table = tableName(node.table);
  const fields = columnNames(node.columns.expr);
  if (!table || !fields) return undefined;
  const name = node.name && tableName(node.name);
  const partial = node.clauses.some((clause) => clause.type === 'where_clause');
  return statementFacts({ constraints: [uniqueIndex(table, fields, name, partial)] });
}

function alterTable(node: AlterTableStmt): StatementFacts | undefined {
  const table = tableName(node.table);
  if (!table) return undefined;
  const facts = statementFacts();
  for (const action of node.actions.items) {
    if (action.type === 'alter_action_rename') {
      const to = tableName(action.newName);
      if (!to) return undefined;
      facts.renames.push([table, to]);
    } else if (action.type === 'alter_action_add_column' || action.type === 'alter_action_add_constraint') {
      const constraints =
        action.type === 'alter_action_add_column'
          ? tableElement(action.column, table)
          : keyConstraintOf(action.constraint, table, action.name?.name.name);
      if (!constraints) return undefined;
      facts.constraints.push(...constraints);
    }
  }
  return facts;
}

/** A column definition or table constraint; `undefined` when its shape is not understood. */
function tableElement(element: Node, table: string): TableConstraint[] | undefined {
  if (element.type !== 'column_definition') return keyConstraintOf(element, table);
  const column = element.name.name;
  return element.constraints.flatMap((item) => {
    const constraint = item.type === 'constraint' ? item.constraint : item;
    if (constraint.type === 'constraint_primary_key') return [keyConstraint('PRIMARY KEY', table, [column])];
    return constraint.type === 'constraint_unique' ? [keyConstraint('UNIQUE', table, [column])] : [];
  });
}

/** A table's primary key or unique constraint, none for other constraints. */
function keyConstraintOf(node: Node, table: string, name?: string): TableConstraint[] | undefined {
  if (node.type === 'constraint') return keyConstraintOf(node.constraint, table, node.name?.name?.name);
  if (node.type !== 'constraint_primary_key' && node.type !== 'constraint_unique') return [];
  const kind = node.type === 'constraint_primary_key' ? 'PRIMARY KEY' : 'UNIQUE';
  // `UNIQUE USING INDEX name` names no columns.
  const fields = node.columns?.type === 'paren_expr' ? columnNames(node.columns.expr) : undefined;
  return fields && [keyConstraint(kind, table, fields, name)];
}

/** `users`, `"public"."users"`, `ONLY users` → `users`. */
function tableName(node: Node): string | undefined {
  switch (node.type) {
    case 'identifier':
      return node.name;
    case 'member_expr':
      return node.property.type === 'identifier' ? node.property.name : undefined;
    case 'table_without_inheritance':
    case 'table_with_inheritance':
      return tableName(node.table);
    default:
      return undefined;
  }
}

/** The columns of an index or constraint, or `undefined` if one of its entries names none. */
function columnNames(list: Node): string[] | undefined {
  return list.type === 'list_expr' ? distinctColumns(list.items, (item) => referencedColumns(item)) : undefined;
}

/**
 * The columns an index entry refers to. An expression refers to each column in it: a unique
 * index on `lower(email)` makes `email` unique too, one on `a || b` only the pair. Function
 * names, cast types, collations and operator classes are not columns.
 */
function referencedColumns(node: Node, depth = 0): string[] {
  if (depth > 32) return [];
  const inner = (child: Node): string[] => referencedColumns(child, depth + 1);
  switch (node.type) {
    case 'identifier':
      return [node.name];
    case 'member_expr':
      return node.property.type === 'identifier' ? [node.property.name] : [];
    case 'index_specification':
      return inner(node.expr);
    case 'func_call':
      return node.args ? inner(node.args) : [];
    case 'cast_operator_expr':
      return inner(node.left);
    case 'cast_arg':
      return inner(node.expr);
    case 'binary_expr':
      return isCollate(node.operator) ? inner(node.left) : [...inner(node.left), ...inner(node.right)];
    default:
      return childNodes(node).flatMap(inner);
  }
}

const isCollate = (operator: Node | Node[] | string): boolean =>
  typeof operator === 'object' && !Array.isArray(operator) && operator.type === 'keyword' && operator.name === 'COLLATE';
