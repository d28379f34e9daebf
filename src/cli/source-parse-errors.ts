import fs from 'node:fs';
import path from 'node:path';
import type { SchemaIndex } from '../schema/index.js';
import { parseModelFile } from '../schema/typescript.js';
import { oneLine } from './errors.js';
import { parsePrisma } from './fix-schema/prisma-constraints.js';

const modelFile = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/**
 * One line for each schema source of the index that does not parse. The rules read such a file
 * as declaring nothing; the command line says why, naming the file and the line.
 */
export function sourceParseErrors(index: SchemaIndex): string[] {
  return index.files.flatMap((file) => {
    const parse = file.endsWith('.prisma') ? parsePrisma : modelFile.test(file) ? parseModel : undefined;
    if (!parse) return [];
    try {
      parse(fs.readFileSync(path.join(index.root, file), 'utf8'), file);
      return [];
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)];
    }
  });
}

/** Parses a model file, or throws an error naming the file, line and column where parsing stopped. */
function parseModel(text: string, file: string): void {
  try {
    parseModelFile(text, file);
  } catch (error) {
    const { lineNumber, column } = error as { lineNumber?: number; column?: number };
    const at = lineNumber === undefined || column === undefined ? '' : `:${lineNumber}:${column + 1}`;
    throw new Error(`cannot parse ${file}${at}: ${oneLine(error)}`);
  }
}
