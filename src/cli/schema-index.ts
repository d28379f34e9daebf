import { parse } from '@typescript-eslint/typescript-estree';
import { getSchemaIndex, type SchemaIndex } from '../schema/index.js';
import type { RaceSettings } from '../utils/settings.js';

const emptyProgram = parse('');

/**
 * The schema index the rules use for a file: the sources of the file's project (nearest
 * package.json, or `settings.race.root`). The file's own text is not read.
 */
export function projectSchemaFor(filename: string, settings: RaceSettings, cwd: string): SchemaIndex {
  return getSchemaIndex({ filename, text: '', program: emptyProgram }, settings, cwd);
}
