import fs from 'node:fs';
import path from 'node:path';

/*
 * The globs workspace declarations use (`packages/*`, `apps/**`, `tools/{cli,web}`, `!**\/test`),
 * without a glob library: `*` and `?` within one folder name, `**` for any number of folders,
 * `{a,b}` alternatives. Paths are relative to the workspace root, with `/`.
 */

/** A workspace glob as a regular expression over a folder's path relative to the root. */
export function globPattern(glob: string): RegExp {
  const segments = normalize(glob).split('/');
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') source += last ? '(?:.*)?' : '(?:[^/]+/)*';
    else source += segmentSource(segment) + (last ? '' : '/');
  });
  // `a/**` also names `a` itself, as the package managers read it.
  return new RegExp(`^${source.replace(/\/\(\?:\.\*\)\?$/, '(?:/.*)?')}$`);
}

/** A glob without `./`, trailing `/`, `/package.json` or repeated slashes. */
function normalize(glob: string): string {
  return glob
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/\/package\.json$/, '')
    .replace(/\/+/g, '/')
    .replace(/\/$/, '');
}

function segmentSource(segment: string): string {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment.charAt(i);
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const end = segment.indexOf('}', i);
      if (end < 0) {
        source += '\\{';
        continue;
      }
      source += `(?:${segment.slice(i + 1, end).split(',').map(segmentSource).join('|')})`;
      i = end;
    } else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return source;
}

const hasMagic = (segment: string): boolean => /[*?{]/.test(segment);

export interface GlobLimits {
  /** How many folders below the root a `**` may reach. */
  readonly depth: number;
  /** How many folders the expansion may read, in all. */
  readonly folders: number;
}

/**
 * The folders under `root` that the globs name and that hold a `package.json`, sorted; a glob
 * starting with `!` removes what it matches. Dependency, build and hidden folders are not entered
 * by a wildcard.
 */
export function expandGlobs(root: string, globs: readonly string[], limits: GlobLimits): string[] {
  const include = globs.filter((glob) => !glob.trim().startsWith('!')).map(normalize);
  const exclude = globs.filter((glob) => glob.trim().startsWith('!')).map((glob) => globPattern(glob.trim().slice(1)));
  const found = new Set<string>();
  let budget = limits.folders;
  const readDirs = (dir: string): string[] => {
    if (budget-- <= 0) return [];
    try {
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((entry) => (entry.isDirectory() || entry.isSymbolicLink()) && !skipped(entry.name))
        .map((entry) => entry.name)
        .sort();
    } catch {
      return [];
    }
  };
  const visit = (relative: string, segments: readonly string[], depth: number): void => {
    const [segment, ...rest] = segments;
    const dir = path.join(root, relative);
    if (segment === undefined) {
      if (relative !== '' && fs.existsSync(path.join(dir, 'package.json'))) found.add(relative);
      return;
    }
    if (segment === '**') {
      visit(relative, rest, depth);
      if (depth >= limits.depth) return;
      for (const name of readDirs(dir)) visit(join(relative, name), segments, depth + 1);
      return;
    }
    if (!hasMagic(segment)) {
      if (segment !== '..' && segment !== '.') visit(join(relative, segment), rest, depth + 1);
      return;
    }
    const pattern = new RegExp(`^${segmentSource(segment)}$`);
    for (const name of readDirs(dir)) if (pattern.test(name)) visit(join(relative, name), rest, depth + 1);
  };
  for (const glob of include) if (glob !== '') visit('', glob.split('/'), 0);
  return [...found].filter((relative) => !exclude.some((pattern) => pattern.test(relative))).sort();
}

const join = (relative: string, name: string): string => (relative === '' ? name : `${relative}/${name}`);

/** Dependencies, build output and hidden folders are never workspace packages. */
const skipped = (name: string): boolean => name === 'node_modules' || name.startsWith('.');
