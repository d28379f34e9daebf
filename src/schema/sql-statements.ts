const DOLLAR_TAG = /\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/y;
const DELIMITER_COMMAND = /DELIMITER[ \t]+(\S+)[^\n]*/iy;

/**
 * Splits SQL text into statements with comments blanked out. Respects quoted strings and
 * identifiers, dollar-quoted bodies (`$$ … $$`, `$fn$ … $fn$`) and the mysql client's
 * `DELIMITER //` command.
 */
export function splitStatements(text: string, backslashEscapes = false): string[] {
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
