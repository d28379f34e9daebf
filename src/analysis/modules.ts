import fs from 'node:fs';
import path from 'node:path';
import { createPathsMatcher, getTsconfig, type PathsMatcher } from 'get-tsconfig';

/*
 * Which project file an import names: a relative path, or an alias of the nearest tsconfig's
 * `paths`. Packages (anything else) are libraries, which adapters know; they are never followed.
 */

const extensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** TypeScript's ESM imports name the emitted file: `./users.js` is `./users.ts` on disk. */
const emitted: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

const tsconfigCache = new Map<string, unknown>();
const matchers = new Map<string, PathsMatcher | null>();
const resolved = new Map<string, string | undefined>();

/** The source file `specifier` names when imported from `fromFile`, if it is one of the project's. */
export function resolveModule(specifier: string, fromFile: string): string | undefined {
  const key = `${path.dirname(fromFile)}\0${specifier}`;
  if (!resolved.has(key)) resolved.set(key, lookUp(specifier, fromFile));
  return resolved.get(key);
}

function lookUp(specifier: string, fromFile: string): string | undefined {
  const bases = specifier.startsWith('.') ? [path.resolve(path.dirname(fromFile), specifier)] : aliasTargets(specifier, fromFile);
  for (const base of bases) {
    const found = sourceFileAt(base);
    if (found && !found.includes(`${path.sep}node_modules${path.sep}`)) return found;
  }
  return undefined;
}

function aliasTargets(specifier: string, fromFile: string): readonly string[] {
  const dir = path.dirname(fromFile);
  let matcher = matchers.get(dir);
  if (matcher === undefined) {
    try {
      const tsconfig = getTsconfig(dir, 'tsconfig.json', tsconfigCache as never);
      matcher = tsconfig ? createPathsMatcher(tsconfig) : null;
    } catch {
      // A tsconfig that cannot be read declares no aliases.
      matcher = null;
    }
    matchers.set(dir, matcher);
  }
  return matcher?.(specifier) ?? [];
}

function sourceFileAt(base: string): string | undefined {
  const extension = path.extname(base);
  const candidates = [
    ...(emitted[extension] ?? []).map((replacement) => base.slice(0, -extension.length) + replacement),
    ...(extensions.includes(extension) ? [base] : []),
    ...extensions.map((ext) => base + ext),
    ...extensions.map((ext) => path.join(base, `index${ext}`)),
  ];
  return candidates.find(isFile);
}

const isFile = (file: string): boolean => {
  try {
    return fs.statSync(file).isFile() && !file.endsWith('.d.ts');
  } catch {
    return false;
  }
};
