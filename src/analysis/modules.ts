import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { createPathsMatcher, getTsconfig, type PathsMatcher } from 'get-tsconfig';
import { recheckMs, workspaceOf, type Manifest } from '../schema/workspace.js';

/*
 * Which project file an import names: a relative path, an alias of the nearest tsconfig's `paths`,
 * or a package of the file's workspace (`@acme/db`, `@acme/db/users`), read from its source. Other
 * packages are libraries, which adapters know; they are never followed.
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
let clearedAt = Date.now();

/**
 * The source file `specifier` names when imported from `fromFile`, if it is one of the project's.
 * Answers are kept for a second at most: a file, tsconfig or package added since is then seen.
 */
export function resolveModule(specifier: string, fromFile: string): string | undefined {
  if (Date.now() - clearedAt >= recheckMs) {
    resolved.clear();
    matchers.clear();
    tsconfigCache.clear();
    clearedAt = Date.now();
  }
  const key = `${path.dirname(fromFile)}\0${specifier}`;
  if (!resolved.has(key)) resolved.set(key, lookUp(specifier, fromFile));
  return resolved.get(key);
}

function lookUp(specifier: string, fromFile: string): string | undefined {
  const relative = specifier.startsWith('.');
  const bases = relative ? [path.resolve(path.dirname(fromFile), specifier)] : aliasTargets(specifier, fromFile);
  for (const base of bases) {
    const found = sourceFileAt(base);
    if (found && !found.includes(`${path.sep}node_modules${path.sep}`)) return found;
  }
  return relative || isBuiltin(specifier) ? undefined : workspaceModule(specifier, fromFile);
}

const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier);

/**
 * A bare import of a package of the importing file's workspace, as its source: the package.json
 * `exports` entry for the subpath (conditions `source`, `types`, `import`, … in that order), else
 * `source`, `types`, `module`, `main`, else `src/index`. A target in build output (`dist/index.js`,
 * `dist/index.d.ts`) stands for the TypeScript file of the same name under `src/` when there is one.
 */
function workspaceModule(specifier: string, fromFile: string): string | undefined {
  const match = /^((?:@[^/]+\/)?[^/]+)(?:\/(.+))?$/.exec(specifier);
  const name = match?.[1];
  if (name === undefined) return undefined;
  const owner = workspaceOf(fromFile)?.packages.find((candidate) => candidate.name === name);
  if (!owner) return undefined;
  const subpath = match?.[2] === undefined ? '.' : `./${match[2]}`;
  for (const target of packageTargets(owner.manifest, subpath)) {
    const found = sourceOf(owner.dir, target);
    if (found) return found;
  }
  return undefined;
}

/** Where a package says a subpath is, most source-like first; the package's layout when it does not say. */
function packageTargets(manifest: Manifest, subpath: string): string[] {
  if (manifest.exports !== undefined && manifest.exports !== null) return exportTargets(manifest.exports, subpath);
  if (subpath !== '.') return [subpath, `./src/${subpath.slice(2)}`];
  const fields = [manifest.source, manifest.types, manifest.typings, manifest.module, manifest.main];
  return [...fields.filter((field): field is string => typeof field === 'string'), './src/index', './index'];
}

/** Conditions in the order they are tried: the source, then types (which name it by its emitted name), then code. */
const conditionOrder = ['source', 'typescript', 'types', 'development', 'import', 'module', 'node', 'require', 'default'];

/** The targets `exports` gives a subpath: exact keys, then `*` patterns (the longest prefix first). */
function exportTargets(exports: unknown, subpath: string): string[] {
  const keyed = typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports as object).some((key) => key.startsWith('.'));
  if (!keyed) return subpath === '.' ? conditionTargets(exports) : [];
  const map = exports as Record<string, unknown>;
  if (Object.hasOwn(map, subpath)) return conditionTargets(map[subpath]);
  const patterns = Object.keys(map)
    .filter((key) => key.includes('*'))
    .sort((a, b) => b.indexOf('*') - a.indexOf('*'));
  for (const key of patterns) {
    const [prefix = '', suffix = ''] = key.split('*');
    if (!subpath.startsWith(prefix) || !subpath.endsWith(suffix) || subpath.length < prefix.length + suffix.length) continue;
    const matched = subpath.slice(prefix.length, subpath.length - suffix.length);
    return conditionTargets(map[key]).map((target) => target.split('*').join(matched));
  }
  return [];
}

function conditionTargets(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (depth > 4 || typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => conditionTargets(item, depth + 1));
  const conditions = value as Record<string, unknown>;
  const keys = Object.keys(conditions).sort((a, b) => rank(a) - rank(b));
  return [...new Set(keys.flatMap((key) => conditionTargets(conditions[key], depth + 1)))];
}

const rank = (condition: string): number => {
  const at = conditionOrder.indexOf(condition);
  return at < 0 ? conditionOrder.length : at;
};

/** Folders that hold build output, whose files stand for a source of the same name under `src/`. */
const buildFolders = new Set(['dist', 'build', 'out', 'lib', 'esm', 'cjs']);
/** A declaration file names the module emitted beside it. */
const declarationOf = /\.d\.([cm]?)ts$/;

/** The source file a package target names: its `src/` twin when the target is build output, else the target. */
function sourceOf(dir: string, target: string): string | undefined {
  const relative = path.posix.normalize(target.replace(declarationOf, '.$1js'));
  if (relative.startsWith('..') || path.posix.isAbsolute(relative)) return undefined;
  const [first, ...rest] = relative.split('/');
  const candidates =
    first !== undefined && buildFolders.has(first) && rest.length > 0
      ? [path.join(dir, 'src', ...rest), ...(rest[0] === 'src' ? [path.join(dir, ...rest)] : []), path.join(dir, relative)]
      : [path.join(dir, relative)];
  for (const candidate of candidates) {
    const found = sourceFileAt(candidate);
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
