import { describeParseError, type SchemaIndex } from '../schema/index.js';

/**
 * One line for each schema source of the index that does not parse, naming the file (relative
 * to the index's root) and where parsing stopped. The rules read such a file as declaring
 * nothing; the command line says why.
 */
export function sourceParseErrors(index: SchemaIndex): string[] {
  return index.errors.map(describeParseError);
}
