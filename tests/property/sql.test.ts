import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSqlSchema } from '../../src/schema/sql.js';
import { factsFromParser, suitsParser } from '../../src/schema/sql-parse.js';
import { splitStatements } from '../../src/schema/sql-statements.js';
import { factsFromTokens, tokenize } from '../../src/schema/sql-tokens.js';
import type { SchemaFacts } from '../../src/schema/types.js';
import {
  isLockableSelect,
  isolationIn,
  looksLikeSql,
  placeholderSpans,
  readStatement,
  type PlaceholderStyle,
  type StatementValues,
} from '../../src/sql/statement.js';
import { dialect, migration, sqlSoup, statements, truncatedStatement } from './sql-arbitraries.js';

// No timing assertions: a hang shows as a test timeout, which is generous on purpose.
const timeout = 60_000;
const accessKinds = ['read', 'exists', 'create', 'update', 'upsert', 'atomic-update', 'delete', 'lock', 'begin'];

const identifier = (name: string): TSESTree.Identifier => ({ type: AST_NODE_TYPES.Identifier, name }) as TSESTree.Identifier;
const positional: StatementValues = ['a', 'b', 'c', 'd'].map(identifier);
const named: StatementValues = new Map([['email', identifier('email')], ['id', identifier('id')], ['code', identifier('code')]]);

const anySql = fc.oneof(sqlSoup, truncatedStatement, fc.constantFrom(...statements), fc.string({ maxLength: 200 }));
const style = fc.constantFrom<PlaceholderStyle | undefined>('numbered', 'positional', undefined);
const values = fc.constantFrom(positional, named, []);

/** Every statement-level function on one text: none may throw, and their answers hold together. */
function readEverything(text: string, placeholderStyle: PlaceholderStyle | undefined, bound: StatementValues): void {
  const access = readStatement(text, bound, placeholderStyle);
  if (access) {
    expect(accessKinds).toContain(access.kind);
    expect(Array.isArray(access.keys) && Array.isArray(access.data)).toBe(true);
    expect(typeof access.summary).toBe('string');
  }
  const spans = placeholderSpans(text, placeholderStyle);
  let previousEnd = 0;
  for (const span of spans) {
    expect(span.start).toBeGreaterThanOrEqual(previousEnd);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(text.length);
    previousEnd = span.end;
  }
  isolationIn(text);
  looksLikeSql(text);
  isLockableSelect(text, placeholderStyle);
}

function expectWellFormed(facts: SchemaFacts): void {
  for (const constraint of facts.constraints) {
    expect(constraint.fields.length).toBeGreaterThan(0);
    expect(constraint.fields.every((field) => typeof field === 'string')).toBe(true);
    expect(constraint.resources.length).toBeGreaterThan(0);
  }
}

describe('the SQL statement reader on arbitrary input', () => {
  it('never throws on token soup, cut-off statements and random text', { timeout }, () => {
    fc.assert(
      fc.property(anySql, style, values, (text, placeholderStyle, bound) => {
        readEverything(text, placeholderStyle, bound);
      }),
      { numRuns: 400 },
    );
  });

  it('reads every statement in every placeholder style without throwing', { timeout }, () => {
    for (const text of statements) {
      for (const placeholderStyle of ['numbered', 'positional', undefined] as const) {
        readEverything(text, placeholderStyle, positional);
        readEverything(text, placeholderStyle, named);
      }
    }
  });

  it('finishes on huge statements: 10,000 placeholders, 5,000 conditions, deep and unbalanced parentheses', { timeout }, () => {
    const inList = `SELECT * FROM users WHERE id IN (${Array.from({ length: 10_000 }, (_, i) => `$${i + 1}`).join(', ')})`;
    const conditions = `SELECT id FROM users WHERE ${Array.from({ length: 5_000 }, (_, i) => `c${i} = $1`).join(' AND ')}`;
    const deep = `SELECT * FROM t WHERE ${'('.repeat(500)}a = $1${')'.repeat(500)}`;
    const unbalanced = `UPDATE t SET a = ${'('.repeat(300)}$1 WHERE id = $2`;
    const tooLong = `SELECT * FROM t WHERE a = '${'x'.repeat(200_000)}'`;
    const values = `INSERT INTO t (a, b) VALUES ${Array.from({ length: 3_000 }, () => '(?, ?)').join(', ')}`;
    for (const text of [inList, conditions, deep, unbalanced, tooLong, values]) readEverything(text, undefined, positional);
    expect(readStatement(tooLong, positional)).toBeUndefined();
  });
});

describe('the migration SQL readers on arbitrary input', () => {
  it('readSqlSchema never throws and returns well-formed facts, in every dialect', { timeout }, () => {
    fc.assert(
      fc.property(fc.oneof(migration, sqlSoup, fc.string({ maxLength: 300 })), dialect, (text, engine) => {
        const facts = readSqlSchema(text, 'migrations/001.sql', engine);
        expect(facts.files).toEqual(['migrations/001.sql']);
        expectWellFormed(facts);
      }),
      { numRuns: 150 },
    );
  });

  it('splits, tokenizes and reads statements without throwing', { timeout }, () => {
    fc.assert(
      fc.property(fc.oneof(migration, sqlSoup), fc.boolean(), (text, backslashEscapes) => {
        for (const statement of splitStatements(text, backslashEscapes)) {
          expect(statement).toBe(statement.trim());
          expect(statement.length).toBeGreaterThan(0);
          const tokens = tokenize(statement, backslashEscapes);
          factsFromTokens(tokens);
          if (suitsParser(tokens)) factsFromParser(statement, ['postgresql', 'mysql', 'sqlite']);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reads the same constraints whatever comments stand between the statements', { timeout }, () => {
    const unique = [
      'CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);',
      'CREATE UNIQUE INDEX coupons_code ON coupons (code);',
      'ALTER TABLE teams ADD CONSTRAINT teams_slug UNIQUE (slug);',
      'CREATE TABLE tags (id int, name text, UNIQUE (name));',
    ];
    const described = (facts: SchemaFacts) => facts.constraints.map((constraint) => `${constraint.resources.join('/')}(${constraint.fields.join(',')})`).sort();
    fc.assert(
      fc.property(fc.subarray(unique, { minLength: 1 }), fc.constantFrom('-- x;\n', '/* ; */', '\n\n'), (parts, comment) => {
        expect(described(readSqlSchema(parts.join(comment), 'm.sql'))).toEqual(described(readSqlSchema(parts.join('\n'), 'm.sql')));
      }),
      { numRuns: 50 },
    );
  });

  it('finishes on a migration of 2,000 tables and on a CREATE TABLE of 8,000 columns', { timeout }, () => {
    const tables = Array.from({ length: 2_000 }, (_, i) => `CREATE TABLE t${i} (id int PRIMARY KEY, code text UNIQUE, note text);`).join('\n');
    expect(readSqlSchema(tables, 'big.sql').constraints.length).toBeGreaterThan(0);
    const wide = `CREATE TABLE wide (${Array.from({ length: 8_000 }, (_, i) => `c${i} int`).join(', ')}, UNIQUE (c1));`;
    expectWellFormed(readSqlSchema(wide, 'wide.sql'));
  });
});
