import fs from 'node:fs';
import path from 'node:path';
import { includeIgnoreFile } from '@eslint/config-helpers';
import type { Linter } from 'eslint';

const buildOutput = ['node_modules', 'dist', 'build', 'out', '.next', 'coverage'];
/** Bounds on the search for nested `.gitignore` files, so that a huge tree cannot stall a run. */
const limits = { depth: 8, folders: 20_000 };

/**
 * Dependencies, build output and what `.gitignore` files list, as git reads them: each file's
 * patterns relative to its own folder, for the base folder, the folders below it, and the folders
 * above it up to the root of its git repository. A legacy `.eslintignore` in the base folder
 * still says what the project does not want linted.
 */
export function ignoreConfigs(cwd: string): Linter.Config[] {
  const defaults: Linter.Config = { name: 'race-lint/build-output', ignores: buildOutput.map((folder) => `**/${folder}/`) };
  const eslintignore = path.join(cwd, '.eslintignore');
  const files = [...gitignoresAbove(cwd), ...gitignoresBelow(cwd), ...(fs.existsSync(eslintignore) ? [eslintignore] : [])];
  if (files.length === 0) return [defaults];
  return [defaults, ...includeIgnoreFile(files, { gitignoreResolution: true, name: 'race-lint/.gitignore' })];
}

/** The `.gitignore` files of the folders above `cwd` inside its git repository, outermost first. */
function gitignoresAbove(cwd: string): string[] {
  if (fs.existsSync(path.join(cwd, '.git'))) return [];
  const folders: string[] = [];
  for (let dir = path.dirname(cwd); ; dir = path.dirname(dir)) {
    folders.unshift(dir);
    if (fs.existsSync(path.join(dir, '.git'))) {
      return folders.map((folder) => path.join(folder, '.gitignore')).filter((file) => fs.existsSync(file));
    }
    // Outside a repository no folder above belongs to the project.
    if (dir === path.dirname(dir)) return [];
  }
}

/**
 * The `.gitignore` files of `cwd` and its folders, parents before children, skipping build
 * output and hidden folders (`.git`).
 */
function gitignoresBelow(cwd: string): string[] {
  const files: string[] = [];
  let visited = 0;
  const visit = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    visited += 1;
    if (entries.some((entry) => entry.isFile() && entry.name === '.gitignore')) files.push(path.join(dir, '.gitignore'));
    if (depth >= limits.depth) return;
    for (const entry of entries) {
      if (visited >= limits.folders) return;
      if (entry.isDirectory() && !entry.name.startsWith('.') && !buildOutput.includes(entry.name)) visit(path.join(dir, entry.name), depth + 1);
    }
  };
  visit(cwd, 0);
  return files;
}
