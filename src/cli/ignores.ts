import fs from 'node:fs';
import path from 'node:path';
import { includeIgnoreFile } from '@eslint/config-helpers';
import type { Linter } from 'eslint';

const buildOutput = ['node_modules', 'dist', 'build', 'out', '.next', 'coverage'];

/** Dependencies, build output and what the base folder's `.gitignore` lists. */
export function ignoreConfigs(cwd: string): Linter.Config[] {
  const defaults: Linter.Config = { name: 'race-lint/build-output', ignores: buildOutput.map((folder) => `**/${folder}/`) };
  const gitignore = path.join(cwd, '.gitignore');
  return fs.existsSync(gitignore) ? [defaults, includeIgnoreFile(gitignore)] : [defaults];
}
