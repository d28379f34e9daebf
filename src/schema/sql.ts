import { createRequire } from 'node:module';
import type { ResourceDeclaration, SchemaFacts, UniqueConstraint } from './types.js';

export type SqlDialect = 'postgresql' | 'mysql' | 'sqlite';

const DIALECTS: readonly SqlDialect[] = ['postgresql', 'mysql', 'sqlite'];
const MAX_STATEMENT_LENGTH = 200_000;
/**
 * node-sql-parser backtracks exponentially on syntax errors inside nested parentheses (depth 12
 * takes seconds, an unclosed `DEFAULT ((` in a long statement hundreds of milliseconds), so only
 * balanced, shallow statements go to it; the rest are read by the token reader below.
 */
const MAX_PARSER_DEPTH = 6;
/** Time one file may spend inside node-sql-parser before the token reader takes over alone. */
const PARSER_BUDGET_MS = 2_000;

/** A constraint as one statement states it, before table renames in the file are applied. */
interface TableConstraint {
  readonly table: string;
  readonly fields: readonly string[];
  readonly description: string;
  readonly partial: boolean;
}

/** What one DDL statement contributes. */
interface StatementFacts {
  readonly tables: string[];
  readonly constraints: TableConstraint[];
  /** `[old, new]` table names from `ALTER TABLE old RENAME TO new`. */
  readonly renames: [string, string][];
}

/**
 * Reads unique constraints and tables from migration SQL. Each statement is parsed on its own
 * (given dialect first, then the others), so a function body or dialect extra only loses that
 * statement; statements node-sql-parser rejects are read by a small token reader instead.
 */
export function readSqlSchema(text: string, source: string, dialect?: SqlDialect): SchemaFacts {
  const dialects = dialect ? [dialect, ...DIALECTS.filter((d) => d !== dialect)] : DIALECTS;
  const facts: StatementFacts = { tables: [], constraints: [], renames: [] };
  const deadline = Date.now() + PARSER_BUDGET_MS;
  try {
    for (const statement of splitStatements(text, dialect === 'mysql')) {
      if (statement.length > MAX_STATEMENT_LENGTH || !isRelevant(statement)) continue;
      const read = readStatement(statement, dialects, Date.now() < deadline);
      if (!read) continue;
      facts.tables.push(...read.tables);
      facts.constraints.push(...read.constraints);
      facts.renames.push(...read.renames);
    }
  } catch {
    // A reader bug must not take the lint run down; keep what was read so far.
  }
  return toSchemaFacts(facts, source, dialect);
}

function toSchemaFacts(facts: StatementFacts, source: string, dialect: SqlDialect | undefined): SchemaFacts {
  const resourcesOf = (table: string): string[] => {
    const names = [table];
    for (const [from, to] of facts.renames) {
      if (names.includes(from) && !names.includes(to)) names.push(to);
    }
    return names;
  };
  const constraints = new Map<string, UniqueConstraint>();
  for (const c of facts.constraints) {
    const constraint: UniqueConstraint = {
      resources: resourcesOf(c.table),
      fields: c.fields,
      source,
      description: c.description,
      ...(c.partial ? { partial: true } : {}),
    };
    constraints.set(JSON.stringify([constraint.resources, c.fields, c.description, c.partial]), constraint);
  }
  const declarations = new Map<string, ResourceDeclaration>();
  for (const table of facts.tables) {
    const resources = resourcesOf(table);
    declarations.set(JSON.stringify(resources), { resources, source });
  }
  return {
    constraints: [...constraints.values()],
    declarations: [...declarations.values()],
    files: [source],
    ...(dialect ? { dialect } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Splitting

const DOLLAR_TAG = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;
const DELIMITER_COMMAND = /DELIMITER[ \t]+(\S+)[^\n]*/iy;

/**
 * Splits SQL text into statements with comments blanked out. Respects quoted strings and
 * identifiers, dollar-quoted bodies (`$$ … $$`, `$fn$ … $fn$`) and the mysql client's
 * `DELIMITER //` command.
 */
function splitStatements(text: string, backslashEscapes = false): string[] {
  const statements: string[] = [];
  let pieces: string[] = [];
  let start = 0;
  let delimiter = ';';
  const endStatement = (end: number): void => {
    pieces.push(text.slice(start, end));
    const statement = pieces.join('').trim();
    if (statement) statements.push(statement);
    pieces = [];
  };
  const blank = (from: number, to: number): void => {
    pieces.push(text.slice(start, from), ' ');
    start = to;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      const end = lineEnd(text, i);
      blank(i, end);
      i = end;
    } else if (c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      blank(i, end);
      i = end;
    } else if (c === "'") {
      i = quoteEnd(text, i, backslashEscapes || isEscapeStringPrefix(text, i));
    } else if (c === '"' || c === '`') {
      i = quoteEnd(text, i, false);
    } else if (c === '$' && !isIdentifierChar(text[i - 1])) {
      i = dollarQuoteEnd(text, i);
    } else if (text.startsWith(delimiter, i)) {
      endStatement(i);
      i += delimiter.length;
      start = i;
    } else if ((c === 'D' || c === 'd') && (i === 0 || text[i - 1] === '\n')) {
      DELIMITER_COMMAND.lastIndex = i;
      const command = DELIMITER_COMMAND.exec(text);
      if (command?.[1]) {
        endStatement(i);
        delimiter = command[1];
        i += command[0].length;
        start = i;
      } else {
        i++;
      }
    } else {
      i++;
    }
  }
  endStatement(text.length);
  return statements;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** Index just past the quote that closes the one at `open`; a doubled quote is an escape. */
function quoteEnd(text: string, open: number, backslashEscapes: boolean): number {
  const quote = text[open];
  let i = open + 1;
  while (i < text.length) {
    const c = text[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
    } else if (c === quote) {
      if (text[i + 1] !== quote) return i + 1;
      i += 2;
    } else {
      i++;
    }
  }
  return text.length;
}

function dollarQuoteEnd(text: string, open: number): number {
  DOLLAR_TAG.lastIndex = open;
  const tag = DOLLAR_TAG.exec(text)?.[0];
  if (!tag) return open + 1;
  const close = text.indexOf(tag, open + tag.length);
  return close < 0 ? text.length : close + tag.length;
}

/** postgres `E'…'` strings take backslash escapes. */
function isEscapeStringPrefix(text: string, quote: number): boolean {
  const prefix = text[quote - 1];
  return (prefix === 'E' || prefix === 'e') && !isIdentifierChar(text[quote - 2]);
}

function isIdentifierChar(c: string | undefined): boolean {
  return c !== undefined && /[\w$\u0080-\uffff]/.test(c);
}

const CREATE_TABLE = /^CREATE\s+(?:(?:GLOBAL|LOCAL|TEMP|TEMPORARY|UNLOGGED)\s+)*TABLE\b/i;
const CREATE_UNIQUE_INDEX = /^CREATE\s+UNIQUE\s+INDEX\b/i;
const ALTER_TABLE = /^ALTER\s+TABLE\b/i;
const ALTER_KEYWORDS = /\b(?:UNIQUE|PRIMARY|RENAME)\b/i;

function isRelevant(statement: string): boolean {
  return (
    CREATE_TABLE.test(statement) ||
    CREATE_UNIQUE_INDEX.test(statement) ||
    (ALTER_TABLE.test(statement) && ALTER_KEYWORDS.test(statement))
  );
}

function readStatement(
  statement: string,
  dialects: readonly SqlDialect[],
  parserAllowed: boolean,
): StatementFacts | undefined {
  const tokens = tokenize(statement, dialects[0] === 'mysql');
  if (parserAllowed && suitsParser(tokens)) {
    for (const dialect of dialects) {
      const ast = parse(statement, dialect);
      if (ast === undefined) continue;
      const facts = factsFromAst(ast);
      if (facts) return facts;
      break;
    }
  }
  return factsFromTokens(tokens);
}

// ---------------------------------------------------------------------------------------------
// node-sql-parser

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
  const facts: StatementFacts = { tables: [], constraints: [], renames: [] };
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
    facts.tables.push(...read.tables);
    facts.constraints.push(...read.constraints);
    facts.renames.push(...read.renames);
  }
  return facts;
}

function createTableFromAst(node: Record<string, unknown>): StatementFacts | undefined {
  const table = tableName(firstOf(node['table']));
  if (!table) return undefined;
  const facts: StatementFacts = { tables: [table], constraints: [], renames: [] };
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
  const empty: StatementFacts = { tables: [], constraints: [], renames: [] };
  if (String(node['index_type']).toLowerCase() !== 'unique') return empty;
  const table = tableName(firstOf(node['table']));
  const fields = columnNames(node['index_columns']);
  if (!table || !fields) return undefined;
  const index = node['index'];
  const name = typeof index === 'string' ? index : stringProperty(asRecord(index), 'name');
  return {
    ...empty,
    constraints: [
      {
        table,
        fields,
        description: name ?? `unique index on ${table} (${fields.join(', ')})`,
        partial: node['where'] !== null && node['where'] !== undefined,
      },
    ],
  };
}

function alterTableFromAst(node: Record<string, unknown>): StatementFacts | undefined {
  const table = tableName(firstOf(node['table']));
  const actions = node['expr'];
  if (!table || !Array.isArray(actions)) return undefined;
  const facts: StatementFacts = { tables: [], constraints: [], renames: [] };
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
    if (definition['primary_key']) constraints.push(unnamed('PRIMARY KEY', table, [column]));
    if (definition['unique']) constraints.push(unnamed('UNIQUE', table, [column]));
    return constraints;
  }
  if (definition['resource'] !== 'constraint') return [];
  const type = String(definition['constraint_type']).toLowerCase().replace(/\s+/g, '');
  const kind = type === 'primarykey' ? 'PRIMARY KEY' : type.startsWith('unique') ? 'UNIQUE' : undefined;
  if (!kind) return [];
  const fields = columnNames(definition['definition']);
  if (!fields) return undefined;
  const name = stringProperty(definition, 'constraint') ?? stringProperty(definition, 'index');
  return [name ? { table, fields, description: name, partial: false } : unnamed(kind, table, fields)];
}

function unnamed(kind: 'PRIMARY KEY' | 'UNIQUE', table: string, fields: readonly string[]): TableConstraint {
  return { table, fields, description: `${kind} (${fields.join(', ')}) on ${table}`, partial: false };
}

function tableName(ref: unknown): string | undefined {
  const table = asRecord(ref)?.['table'];
  return typeof table === 'string' && table ? table : undefined;
}

/** The columns of an index or constraint, or `undefined` if one of its entries names none. */
function columnNames(list: unknown): string[] | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const names = new Set<string>();
  for (const item of list) {
    const columns = referencedColumns(item);
    if (columns.length === 0) return undefined;
    for (const column of columns) names.add(column);
  }
  return [...names];
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

// ---------------------------------------------------------------------------------------------
// Token reader: the fallback for statements node-sql-parser rejects

interface Token {
  readonly kind: 'word' | 'quoted' | 'string' | 'number' | 'punct';
  /** Unquoted text for quoted identifiers. */
  readonly text: string;
}

const TOKEN_PATTERN = [
  String.raw`\s+`,
  String.raw`(?<word>[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`,
  String.raw`"(?<double>(?:[^"]|"")*)"?`,
  String.raw`\x60(?<backtick>(?:[^\x60]|\x60\x60)*)\x60?`,
  String.raw`(?<number>\d[\w.]*)`,
  String.raw`(?<dollar>\$(?:[A-Za-z_]\w*)?\$)[\s\S]*?(?:\k<dollar>|$)`,
  String.raw`(?<punct>[^'])`,
].join('|');
const STRING = String.raw`(?<string>'(?:[^']|'')*'?)`;
const STRING_WITH_BACKSLASH_ESCAPES = String.raw`(?<string>'(?:[^'\\]|''|\\[\s\S])*'?)`;
const TOKEN = new RegExp(`${TOKEN_PATTERN}|${STRING}`, 'gy');
const TOKEN_BACKSLASH_ESCAPES = new RegExp(`${TOKEN_PATTERN}|${STRING_WITH_BACKSLASH_ESCAPES}`, 'gy');

function tokenize(statement: string, backslashEscapes: boolean): Token[] {
  const pattern = backslashEscapes ? TOKEN_BACKSLASH_ESCAPES : TOKEN;
  const tokens: Token[] = [];
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(statement)) !== null) {
    const { word, double, backtick, number, dollar, punct, string } = match.groups ?? {};
    if (word !== undefined) tokens.push({ kind: 'word', text: word });
    else if (double !== undefined) tokens.push({ kind: 'quoted', text: double.replaceAll('""', '"') });
    else if (backtick !== undefined) tokens.push({ kind: 'quoted', text: backtick.replaceAll('``', '`') });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (string !== undefined || dollar !== undefined) tokens.push({ kind: 'string', text: '' });
    else if (punct !== undefined) tokens.push({ kind: 'punct', text: punct });
  }
  return tokens;
}

/** Balanced, shallow, and free of quoted names with spaces (which the parser mangles). */
function suitsParser(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'quoted' && /\s/.test(token.text)) return false;
    if (token.text === '(' && token.kind === 'punct') {
      depth++;
      if (depth > MAX_PARSER_DEPTH) return false;
    } else if (token.text === ')' && token.kind === 'punct') {
      depth--;
      if (depth < 0) return false;
    }
  }
  return depth === 0;
}

class Cursor {
  private index = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  /** Consumes the keywords if they all come next. */
  keyword(...words: string[]): boolean {
    const matches = words.every((word, offset) => {
      const token = this.peek(offset);
      return token?.kind === 'word' && token.text.toUpperCase() === word;
    });
    if (matches) this.index += words.length;
    return matches;
  }

  identifier(): string | undefined {
    const token = this.peek();
    if (!isIdentifier(token)) return undefined;
    this.index++;
    return token.text;
  }

  /** `"public"."users"` → `users`. */
  qualifiedName(): string | undefined {
    let name = this.identifier();
    while (name !== undefined && this.peek()?.text === '.' && this.peek()?.kind === 'punct') {
      this.index++;
      name = this.identifier();
    }
    return name;
  }

  /** Skips to the next top-level parenthesised group and returns its inside. */
  nextGroup(): Token[] | undefined {
    while (this.index < this.tokens.length) {
      if (isPunct(this.peek(), '(')) {
        const end = groupEnd(this.tokens, this.index);
        const inside = this.tokens.slice(this.index + 1, end);
        this.index = end + 1;
        return inside;
      }
      this.index++;
    }
    return undefined;
  }

  rest(): Token[] {
    return this.tokens.slice(this.index);
  }
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

/** Index of the `)` closing the `(` at `open`, or the end of the tokens. */
function groupEnd(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && --depth === 0) return i;
  }
  return tokens.length;
}

function splitTopLevel(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    if (depth === 0 && isPunct(token, ',')) parts.push([]);
    else parts.at(-1)?.push(token);
  }
  return parts.filter((part) => part.length > 0);
}

function topLevelWords(tokens: readonly Token[]): string[] {
  const words: string[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    else if (depth === 0 && token.kind === 'word') words.push(token.text.toUpperCase());
  }
  return words;
}

function factsFromTokens(tokens: readonly Token[]): StatementFacts | undefined {
  const cursor = new Cursor(tokens);
  if (cursor.keyword('ALTER', 'TABLE')) return alterTableFromTokens(cursor);
  if (!cursor.keyword('CREATE')) return undefined;
  if (cursor.keyword('UNIQUE', 'INDEX')) return createIndexFromTokens(cursor);
  skipTableModifiers(cursor);
  return cursor.keyword('TABLE') ? createTableFromTokens(cursor) : undefined;
}

function skipTableModifiers(cursor: Cursor): void {
  const modifiers = ['GLOBAL', 'LOCAL', 'TEMP', 'TEMPORARY', 'UNLOGGED'];
  while (modifiers.some((word) => cursor.keyword(word))) {
    // consumed by the test
  }
}

function createTableFromTokens(cursor: Cursor): StatementFacts | undefined {
  cursor.keyword('IF', 'NOT', 'EXISTS');
  const table = cursor.qualifiedName();
  if (!table) return undefined;
  const facts: StatementFacts = { tables: [table], constraints: [], renames: [] };
  if (!isPunct(cursor.peek(), '(')) return facts;
  for (const element of splitTopLevel(cursor.nextGroup() ?? [])) {
    facts.constraints.push(...tableElementFromTokens(element, table));
  }
  return facts;
}

/** A column definition or a table constraint inside `CREATE TABLE (…)` or after `ADD`. */
function tableElementFromTokens(element: readonly Token[], table: string): TableConstraint[] {
  const cursor = new Cursor(element);
  const named = cursor.keyword('CONSTRAINT');
  const name = named ? cursor.identifier() : undefined;
  const kind = cursor.keyword('PRIMARY', 'KEY') ? 'PRIMARY KEY' : cursor.keyword('UNIQUE') ? 'UNIQUE' : undefined;
  if (kind) {
    const index = kind === 'UNIQUE' ? mysqlIndexName(cursor) : undefined;
    const fields = columnsFromTokens(cursor.nextGroup());
    if (!fields) return [];
    const description = name ?? index;
    return [description ? { table, fields, description, partial: false } : unnamed(kind, table, fields)];
  }
  if (named || isTableConstraintKeyword(cursor.peek())) return [];
  const column = cursor.identifier();
  if (!column) return [];
  const words = topLevelWords(cursor.rest());
  const constraints: TableConstraint[] = [];
  if (words.some((word, i) => word === 'PRIMARY' && words[i + 1] === 'KEY')) {
    constraints.push(unnamed('PRIMARY KEY', table, [column]));
  }
  if (words.includes('UNIQUE')) constraints.push(unnamed('UNIQUE', table, [column]));
  return constraints;
}

/** mysql's `UNIQUE [KEY|INDEX] [name] (…)`. */
function mysqlIndexName(cursor: Cursor): string | undefined {
  if (!cursor.keyword('KEY')) cursor.keyword('INDEX');
  return isPunct(cursor.peek(), '(') || cursor.keyword('NULLS') ? undefined : cursor.identifier();
}

function isTableConstraintKeyword(token: Token | undefined): boolean {
  return (
    token?.kind === 'word' &&
    ['FOREIGN', 'CHECK', 'EXCLUDE', 'LIKE', 'FULLTEXT', 'SPATIAL', 'PERIOD'].includes(token.text.toUpperCase())
  );
}

function createIndexFromTokens(cursor: Cursor): StatementFacts | undefined {
  cursor.keyword('CONCURRENTLY');
  cursor.keyword('IF', 'NOT', 'EXISTS');
  const name = cursor.keyword('ON') ? undefined : cursor.qualifiedName();
  if (name !== undefined && !cursor.keyword('ON')) return undefined;
  cursor.keyword('ONLY');
  const table = cursor.qualifiedName();
  const fields = columnsFromTokens(cursor.nextGroup());
  if (!table || !fields) return undefined;
  const partial = topLevelWords(cursor.rest()).includes('WHERE');
  const description = name ?? `unique index on ${table} (${fields.join(', ')})`;
  return { tables: [], constraints: [{ table, fields, description, partial }], renames: [] };
}

function alterTableFromTokens(cursor: Cursor): StatementFacts | undefined {
  cursor.keyword('IF', 'EXISTS');
  cursor.keyword('ONLY');
  const table = cursor.qualifiedName();
  if (!table) return undefined;
  const facts: StatementFacts = { tables: [], constraints: [], renames: [] };
  for (const action of splitTopLevel(cursor.rest())) {
    const actionCursor = new Cursor(action);
    if (actionCursor.keyword('RENAME', 'TO')) {
      const to = actionCursor.qualifiedName();
      if (to) facts.renames.push([table, to]);
    } else if (actionCursor.keyword('ADD')) {
      if (actionCursor.keyword('COLUMN')) actionCursor.keyword('IF', 'NOT', 'EXISTS');
      facts.constraints.push(...tableElementFromTokens(actionCursor.rest(), table));
    }
  }
  return facts;
}

/** The columns of `(a, "b" DESC, lower(c), d(10))`, or `undefined` if an entry names none. */
function columnsFromTokens(group: readonly Token[] | undefined): string[] | undefined {
  if (!group) return undefined;
  const names = new Set<string>();
  for (const item of splitTopLevel(group)) {
    const columns = itemColumns(item);
    if (columns.length === 0) return undefined;
    for (const column of columns) names.add(column);
  }
  return names.size > 0 ? [...names] : undefined;
}

function itemColumns(item: readonly Token[]): string[] {
  const [first, second, third, fourth] = item;
  if (!isIdentifier(first)) return expressionColumns(item);
  if (!isPunct(second, '(')) return [first.text];
  // mysql prefix index `email(10)`: unique on a prefix is stricter than on the whole value.
  if (third?.kind === 'number' && isPunct(fourth, ')')) return [first.text];
  return expressionColumns(item);
}

const EXPRESSION_KEYWORDS = new Set(
  [
    'AND OR NOT NULL IS TRUE FALSE CASE WHEN THEN ELSE END IN LIKE ILIKE BETWEEN DISTINCT',
    'AS COLLATE ASC DESC NULLS FIRST LAST',
  ]
    .join(' ')
    .split(' '),
);

/** The identifiers of an expression that are neither functions, casts, qualifiers nor keywords. */
function expressionColumns(tokens: readonly Token[]): string[] {
  return tokens
    .filter((token, i) => {
      const previous = tokens[i - 1];
      const next = tokens[i + 1];
      return (
        isIdentifier(token) &&
        !isPunct(next, '(') &&
        !isPunct(next, '.') &&
        !isPunct(previous, ':') &&
        !(previous?.kind === 'word' && ['AS', 'COLLATE'].includes(previous.text.toUpperCase())) &&
        !(token.kind === 'word' && EXPRESSION_KEYWORDS.has(token.text.toUpperCase()))
      );
    })
    .map((token) => token.text);
}

function isIdentifier(token: Token | undefined): token is Token {
  return token?.kind === 'word' || token?.kind === 'quoted';
}

// ---------------------------------------------------------------------------------------------

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
