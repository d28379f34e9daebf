import fs from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';

/** The paths to lint, checked to exist, and the folder ESLint treats as the project's base. */
export interface LintTarget {
  readonly cwd: string;
  readonly paths: readonly string[];
}

export function lintTarget(paths: readonly string[], cwd: string): LintTarget {
  const resolved = (paths.length > 0 ? paths : ['.']).map((entry) => path.resolve(cwd, entry));
  for (const entry of resolved) {
    if (!fs.existsSync(entry)) throw new InputError(`no such file or directory: ${path.relative(cwd, entry) || entry}`);
  }
  return { cwd: baseFolder(resolved, cwd), paths: resolved };
}

/** The paths as the user named them, relative to the base folder, for messages. */
export function describePaths(target: LintTarget): string {
  return target.paths.map((entry) => path.relative(target.cwd, entry) || '.').join(', ');
}

/**
 * ESLint ignores files outside its base folder, so a path outside the current folder moves the
 * base to the folder that holds every path.
 */
function baseFolder(paths: readonly string[], cwd: string): string {
  if (paths.every((entry) => isInside(entry, cwd))) return cwd;
  const folders = paths.map((entry) => (fs.statSync(entry).isDirectory() ? entry : path.dirname(entry)));
  let base = folders[0] ?? cwd;
  while (!folders.every((folder) => isInside(folder, base))) base = path.dirname(base);
  return base;
}

function isInside(entry: string, folder: string): boolean {
  const relative = path.relative(folder, entry);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
