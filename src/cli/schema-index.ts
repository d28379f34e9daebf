import path from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import { describeParseError, getSchemaIndex, type SchemaIndex } from '../schema/index.js';
import type { RaceSettings } from '../utils/settings.js';

const emptyProgram = parse('');

/**
 * The schema index the rules use for a file: the sources of the file's project (its workspace,
 * the nearest package.json, or `settings.race.root`). The file's own text is not read.
 */
export function projectSchemaFor(filename: string, settings: RaceSettings, cwd: string): SchemaIndex {
  return getSchemaIndex({ filename, text: '', program: emptyProgram }, settings, cwd);
}

/**
 * One line for each schema source of the index that does not parse, naming the file relative to
 * `cwd`: `cannot parse prisma/schema.prisma:7: unexpected "{"`. The rules read such a file as
 * declaring nothing; the command line stops with exit code 2 and these lines.
 */
export function indexErrors(index: SchemaIndex, cwd: string): string[] {
  return index.errors.map((error) => describeParseError({ ...error, file: path.relative(cwd, path.join(index.root, error.file)) }));
}

/**
 * The schema sources that do not parse in the projects of the linted files, one line each (see
 * `indexErrors`), each project read once: what `race-lint` prints (as `race-lint: <line>`) before
 * exiting with code 2. `settingsFor` gives `settings.race` for a file (`LintRun.settingsFor`).
 */
export async function schemaErrors(
  files: readonly string[],
  settingsFor: (filename: string) => RaceSettings | Promise<RaceSettings>,
  cwd: string,
): Promise<string[]> {
  const lines = new Set<string>();
  const seen = new Set<SchemaIndex>();
  for (const file of files) {
    const index = projectSchemaFor(path.resolve(cwd, file), await settingsFor(file), cwd);
    if (seen.has(index)) continue;
    seen.add(index);
    for (const line of indexErrors(index, cwd)) lines.add(line);
  }
  return [...lines];
}
