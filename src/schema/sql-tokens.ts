import { distinctColumns, keyConstraint, statementFacts, uniqueIndex } from './sql-facts.js';
import type { StatementFacts, TableConstraint } from './sql-facts.js';

export interface Token {
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

/** A statement's tokens; string literals and dollar-quoted bodies become empty `string` tokens. */
export function tokenize(statement: string, backslashEscapes: boolean): Token[] {
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

export function isPunct(token: Token | undefined, text: string): boolean {
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

/**
 * Reads a statement from its tokens: the fallback for statements sqlparser-rs rejects or is
 * not given. It knows just enough of `CREATE TABLE`, `CREATE UNIQUE INDEX` and `ALTER TABLE`.
 */
export function factsFromTokens(tokens: readonly Token[]): StatementFacts | undefined {
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
  const facts = statementFacts({ tables: [table] });
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
    return [keyConstraint(kind, table, fields, name ?? index)];
  }
  if (named || isTableConstraintKeyword(cursor.peek())) return [];
  const column = cursor.identifier();
  if (!column) return [];
  const words = topLevelWords(cursor.rest());
  const constraints: TableConstraint[] = [];
  if (words.some((word, i) => word === 'PRIMARY' && words[i + 1] === 'KEY')) {
    constraints.push(keyConstraint('PRIMARY KEY', table, [column]));
  }
  if (words.includes('UNIQUE')) constraints.push(keyConstraint('UNIQUE', table, [column]));
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
  return statementFacts({ constraints: [uniqueIndex(table, fields, name, partial)] });
}

function alterTableFromTokens(cursor: Cursor): StatementFacts | undefined {
  cursor.keyword('IF', 'EXISTS');
  cursor.keyword('ONLY');
  const table = cursor.qualifiedName();
  if (!table) return undefined;
  const facts = statementFacts();
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
  return group ? distinctColumns(splitTopLevel(group), itemColumns) : undefined;
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
