import { FactsBuilder } from './facts-builder.js';
import { appendFacts, statementFacts, type StatementFacts } from './sql-facts.js';
import { factsFromParser, suitsParser } from './sql-parse.js';
import { splitStatements } from './sql-statements.js';
import { factsFromTokens, tokenize } from './sql-tokens.js';
import type { SchemaFacts, SqlDialect } from './types.js';


const DIALECTS: readonly SqlDialect[] = ['postgresql', 'mysql', 'sqlite'];
const MAX_STATEMENT_LENGTH = 200_000;
/** Time one file may spend inside sqlparser-rs before the token reader takes over alone. */
const PARSER_BUDGET_MS = 2_000;

/**
 * Reads unique constraints and tables from migration SQL. Each statement is parsed on its own
 * (given dialect first, then the others), so a function body or dialect extra only loses that
 * statement; statements sqlparser-rs rejects are read by a small token reader instead.
 */
export function readSqlSchema(text: string, source: string, dialect?: SqlDialect): SchemaFacts {
  const dialects = dialect ? [dialect, ...DIALECTS.filter((d) => d !== dialect)] : DIALECTS;
  const facts = statementFacts();
  const deadline = Date.now() + PARSER_BUDGET_MS;
  try {
    for (const statement of splitStatements(text, dialect === 'mysql')) {
      if (statement.length > MAX_STATEMENT_LENGTH || !isRelevant(statement)) continue;
      const read = readStatement(statement, dialects, Date.now() < deadline);
      if (read) appendFacts(facts, read);
    }
  } catch {
    // A reader bug must not take the lint run down; keep what was read so far.
  }
  return toSchemaFacts(facts, source, dialect);
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

/** sqlparser-rs where it may and can read the statement, the token reader otherwise. */
function readStatement(
  statement: string,
  dialects: readonly SqlDialect[],
  parserAllowed: boolean,
): StatementFacts | undefined {
  const tokens = tokenize(statement, dialects[0] === 'mysql');
  const parsed = parserAllowed && suitsParser(tokens) ? factsFromParser(statement, dialects) : undefined;
  return parsed ?? factsFromTokens(tokens);
}

/** The file's facts, each table known also by the names `ALTER TABLE … RENAME TO` gave it. */
function toSchemaFacts(read: StatementFacts, source: string, dialect: SqlDialect | undefined): SchemaFacts {
  const resourcesOf = (table: string): string[] => {
    const names = [table];
    for (const [from, to] of read.renames) {
      if (names.includes(from) && !names.includes(to)) names.push(to);
    }
    return names;
  };
  const facts = new FactsBuilder(source);
  for (const c of read.constraints) facts.add(resourcesOf(c.table), c.fields, c.description, c.partial);
  for (const table of read.tables) facts.declare(resourcesOf(table));
  // A migration counts as read even when it declares nothing.
  return { ...facts.build(), files: [source], ...(dialect ? { dialect } : {}) };
}
