import { createRequire } from 'node:module';
import type { SqlDialect } from './sql.js';
import { appendFacts, distinctColumns, keyConstraint, statementFacts, uniqueIndex } from './sql-facts.js';
import type { StatementFacts, TableConstraint } from './sql-facts.js';
import { isPunct, type Token } from './sql-tokens.js';

/**
 * node-sql-parser backtracks exponentially on syntax errors inside nested parentheses (depth 12
 * takes seconds, an unclosed `DEFAULT ((` in a long statement hundreds of milliseconds), so only
 * balanced, shallow statements go to it; the rest are read by the token reader.
 */
const MAX_PARSER_DEPTH = 6;

/** Balanced, shallow, and free of quoted names with spaces (which the parser mangles). */
export function suitsParser(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'quoted' && /\s/.test(token.text)) return false;
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
 * Reads a statement with node-sql-parser, in the first dialect that parses it; `undefined` when
 * none does or the first that does gives a shape this reader does not understand.
 */
export function factsFromParser(statement: string, dialects: readonly SqlDialect[]): StatementFacts | undefined {
  for (const dialect of dialects) {
    const ast = parse(statement, dialect);
    if (ast === undefined) continue;
    return factsFromAst(ast);
  }
  return undefined;
}

interface SqlParser {
  astify(sql: string, options: { database: string }): unknown;
}

const requireCjs = createRequire(import.meta.url);
const parsers = new Map<SqlDialect, SqlParser | undefined>();

/** Loads one dialect's build on first use: the all-dialect bundle costs ~80 ms to load. */
function parserFor(dialect: SqlDialect): SqlParser | undefined {
  if (!parsers.has(dialect)) {
    let parser: SqlParser | undefined;
    try {
      const mod: unknown = requireCjs(`node-sql-parser/build/${dialect}.js`);
      const Parser = asRecord(mod)?.['Parser'];
      if (typeof Parser === 'function') parser = new (Parser as new () => SqlParser)();
    } catch {
      parser = undefined;
    }
    parsers.set(dialect, parser);
  }
  return parsers.get(dialect);
}

function parse(statement: string, dialect: SqlDialect): unknown {
  try {
    return parserFor(dialect)?.astify(statement, { database: dialect });
  } catch {
    return undefined;
  }
}

function factsFromAst(ast: unknown): StatementFacts | undefined {
  const statements = Array.isArray(ast) ? ast : [ast];
  const facts = statementFacts();
  for (const statement of statements) {
    const node = asRecord(statement);
    if (!node) return undefined;
    const read =
      node['type'] === 'create' && node['keyword'] === 'table'
        ? createTableFromAst(node)
        : node['type'] === 'create' && node['keyword'] === 'index'
          ? createIndexFromAst(node)
          : node['type'] === 'alter'
            ? alterTableFromAst(node)
            : undefined;
    if (!read) return undefined;
    appendFacts(facts, read);
  }
  return facts;
}

function createTableFromAst(node: Record<string, unknown>): StatementFacts | undefined {
  const table = tableName(firstOf(node['table']));
  if (!table) return undefined;
  const facts = statementFacts({ tables: [table] });
  const definitions = node['create_definitions'] ?? [];
  if (!Array.isArray(definitions)) return undefined;
  for (const definition of definitions) {
    const constraints = definitionFromAst(asRecord(definition), table);
    if (!constraints) return undefined;
    facts.constraints.push(...constraints);
  }
  return facts;
}

function createIndexFromAst(node: Record<string, unknown>): StatementFacts | undefined {
  if (String(node['index_type']).toLowerCase() !== 'unique') return statementFacts();
  const table = tableName(firstOf(node['table']));
  const fields = columnNames(node['index_columns']);
  if (!table || !fields) return undefined;
  const index = node['index'];
  const name = typeof index === 'string' ? index : stringProperty(asRecord(index), 'name');
  const partial = node['where'] !== null && node['where'] !== undefined;
  return statementFacts({ constraints: [uniqueIndex(table, fields, name, partial)] });
}

function alterTableFromAst(node: Record<string, unknown>): StatementFacts | undefined {
  const table = tableName(firstOf(node['table']));
  const actions = node['expr'];
  if (!table || !Array.isArray(actions)) return undefined;
  const facts = statementFacts();
  for (const item of actions) {
    const action = asRecord(item);
    if (!action) return undefined;
    if (action['action'] === 'rename' && action['resource'] === 'table') {
      const to = action['table'];
      if (typeof to !== 'string') return undefined;
      facts.renames.push([table, to]);
    } else if (action['action'] === 'add') {
      const definition = action['resource'] === 'column' ? action : asRecord(action['create_definitions']);
      const constraints = definitionFromAst(definition, table);
      if (!constraints) return undefined;
      facts.constraints.push(...constraints);
    }
  }
  return facts;
}

/** A column definition or table constraint; `undefined` when its shape is not understood. */
function definitionFromAst(
  definition: Record<string, unknown> | undefined,
  table: string,
): TableConstraint[] | undefined {
  if (!definition) return undefined;
  if (definition['resource'] === 'column') {
    const [column] = referencedColumns(definition['column']);
    if (!column) return undefined;
    const constraints: TableConstraint[] = [];
    if (definition['primary_key']) constraints.push(keyConstraint('PRIMARY KEY', table, [column]));
    if (definition['unique']) constraints.push(keyConstraint('UNIQUE', table, [column]));
    return constraints;
  }
  if (definition['resource'] !== 'constraint') return [];
  const type = String(definition['constraint_type']).toLowerCase().replace(/\s+/g, '');
  const kind = type === 'primarykey' ? 'PRIMARY KEY' : type.startsWith('unique') ? 'UNIQUE' : undefined;
  if (!kind) return [];
  const fields = columnNames(definition['definition']);
  if (!fields) return undefined;
  const name = stringProperty(definition, 'constraint') ?? stringProperty(definition, 'index');
  return [keyConstraint(kind, table, fields, name)];
}

function tableName(ref: unknown): string | undefined {
  const table = asRecord(ref)?.['table'];
  return typeof table === 'string' && table ? table : undefined;
}

/** The columns of an index or constraint, or `undefined` if one of its entries names none. */
function columnNames(list: unknown): string[] | undefined {
  return Array.isArray(list) ? distinctColumns(list, (item) => referencedColumns(item)) : undefined;
}

const IDENTIFIER_TYPES = new Set<unknown>(['default', 'double_quote_string', 'backticks_quote_string']);

/**
 * The columns a node refers to. The shapes differ between dialects (`{ column: 'id' }`,
 * `{ column: { expr: { value } } }`, sqlite's `{ type: 'double_quote_string', value }`). An
 * expression refers to each column in it: a unique index on `lower(email)` makes `email` unique
 * too, one on `a || b` only the pair.
 */
function referencedColumns(node: unknown, depth = 0): string[] {
  const record = asRecord(node);
  if (!record || depth > 32) return [];
  if (record['type'] === 'column_ref') {
    const name = columnRefName(record['column']);
    return name ? [name] : [];
  }
  const value = record['value'];
  if (IDENTIFIER_TYPES.has(record['type']) && typeof value === 'string') return value ? [value] : [];
  return ['expr', 'args', 'value', 'left', 'right']
    .flatMap((key): unknown[] => {
      const child = record[key];
      return Array.isArray(child) ? (child as unknown[]) : [child];
    })
    .flatMap((child) => referencedColumns(child, depth + 1));
}

function columnRefName(column: unknown): string | undefined {
  if (typeof column === 'string') return column || undefined;
  const value = asRecord(asRecord(column)?.['expr'])?.['value'];
  return typeof value === 'string' && value ? value : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function stringProperty(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' && value ? value : undefined;
}
