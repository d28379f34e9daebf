import fs from 'node:fs';
import path from 'node:path';
import { expandGlobs, globPattern } from './globs.js';

/*
 * The project a file belongs to: its workspace (npm and yarn `workspaces`, `pnpm-workspace.yaml`,
 * `lerna.json`) when one lists the file's package, else the nearest folder with a package.json.
 * Everything read here is cached and checked again at most once a second, so that an editor sees
 * a package added to the workspace without a restart, and a lint run pays a few stats per second.
 */

/** Where a workspace lists its packages. */
export type WorkspaceKind = 'package.json' | 'pnpm-workspace.yaml' | 'lerna.json';

export interface WorkspaceDeclaration {
  readonly kind: WorkspaceKind;
  /** The globs, as written, relative to the root. */
  readonly globs: readonly string[];
}

export interface WorkspacePackage {
  /** The package.json `name`; undefined when it has none. */
  readonly name: string | undefined;
  /** Absolute path of the package's folder. */
  readonly dir: string;
  /** The folder relative to the workspace root, with `/`. */
  readonly relative: string;
  readonly manifest: Manifest;
}

export interface Workspace extends WorkspaceDeclaration {
  readonly root: string;
  readonly packages: readonly WorkspacePackage[];
}

/** The parts of a package.json that schema discovery and module resolution read. */
export interface Manifest {
  readonly name?: unknown;
  readonly workspaces?: unknown;
  readonly prisma?: unknown;
  readonly exports?: unknown;
  readonly main?: unknown;
  readonly module?: unknown;
  readonly types?: unknown;
  readonly typings?: unknown;
  readonly source?: unknown;
}

/** How long a cached answer about the file system is trusted before it is checked again. */
export const recheckMs = 1000;
/** Bounds on a workspace: packages kept, and folders a glob expansion may read. */
const limits = { packages: 500, folders: 5000, depth: 8 };

export interface ProjectRoot {
  readonly root: string;
  /** Set when the root is a workspace that lists the file's package (or is that package). */
  readonly workspace?: WorkspaceDeclaration;
}

const roots = new Map<string, { readonly at: number; readonly value: ProjectRoot }>();

/**
 * The root of the project of a folder: the workspace root when a workspace lists the folder's
 * package, else the nearest folder with a package.json, else `fallback`. Looking for the workspace
 * stops at the repository root (a folder with `.git`).
 */
export function projectRootOf(dir: string, fallback: string): ProjectRoot {
  const cached = roots.get(dir);
  if (cached && Date.now() - cached.at < recheckMs) return cached.value;
  const value = findRoot(dir, fallback);
  roots.set(dir, { at: Date.now(), value });
  return value;
}

function findRoot(start: string, fallback: string): ProjectRoot {
  const nearest = nearestPackage(start);
  if (nearest === undefined) return { root: fallback };
  for (let dir = nearest; ; dir = path.dirname(dir)) {
    const declaration = workspaceDeclaration(dir);
    if (declaration && (dir === nearest || lists(declaration, path.relative(dir, nearest)))) return { root: dir, workspace: declaration };
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return { root: nearest };
  }
}

/** The nearest folder with a package.json, else `fallback`: a package on its own. */
export function nearestPackageRoot(dir: string, fallback: string): string {
  return nearestPackage(dir) ?? fallback;
}

function nearestPackage(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** True when the globs (negations included) name the folder at this relative path. */
function lists(declaration: WorkspaceDeclaration, relative: string): boolean {
  const folder = relative.split(path.sep).join('/');
  if (folder.startsWith('..')) return false;
  let listed = false;
  for (const glob of declaration.globs) {
    const negated = glob.trim().startsWith('!');
    if (globPattern(negated ? glob.trim().slice(1) : glob).test(folder)) listed = !negated;
  }
  return listed;
}

/** The workspace a folder declares, if it is a workspace root: pnpm first, then package.json, then lerna. */
export function workspaceDeclaration(dir: string): WorkspaceDeclaration | undefined {
  const pnpm = readText(path.join(dir, 'pnpm-workspace.yaml')) ?? readText(path.join(dir, 'pnpm-workspace.yml'));
  const pnpmGlobs = pnpm === undefined ? [] : yamlPackages(pnpm);
  if (pnpmGlobs.length > 0) return { kind: 'pnpm-workspace.yaml', globs: pnpmGlobs };
  const workspaces = readManifest(dir)?.workspaces;
  const globs = strings(Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages);
  if (globs.length > 0) return { kind: 'package.json', globs };
  const lerna = readJson(path.join(dir, 'lerna.json')) as { packages?: unknown } | undefined;
  const lernaGlobs = strings(lerna?.packages);
  if (lernaGlobs.length > 0) return { kind: 'lerna.json', globs: lernaGlobs };
  return undefined;
}

/**
 * The `packages:` list of a pnpm-workspace.yaml, read by hand: the block list under the key at
 * the top level (`- "apps/*"`), or the flow form (`packages: [apps/*, 'packages/*']`).
 */
export function yamlPackages(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^packages\s*:/.test(line));
  if (start < 0) return [];
  const inline = stripComment(lines[start]?.replace(/^packages\s*:/, '') ?? '').trim();
  if (inline.startsWith('[')) {
    return inline
      .replace(/^\[|\]$/g, '')
      .split(',')
      .map(unquote)
      .filter((glob) => glob !== '');
  }
  const globs: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const item = /^\s*-\s*(.*)$/.exec(stripComment(line));
    if (item?.[1] !== undefined && unquote(item[1]) !== '') globs.push(unquote(item[1]));
  }
  return globs;
}

const stripComment = (line: string): string => line.replace(/(^|\s)#.*$/, '');
const unquote = (value: string): string => value.trim().replace(/^(["'])(.*)\1$/, '$2');
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

const packageLists = new Map<string, { readonly at: number; readonly key: string; readonly packages: readonly WorkspacePackage[] }>();

/** The workspace rooted at `root`, its packages listed (checked again at most once a second). */
export function workspaceAt(root: string, declaration: WorkspaceDeclaration): Workspace {
  const key = declaration.globs.join('\0');
  const cached = packageLists.get(root);
  if (cached?.key === key && Date.now() - cached.at < recheckMs) return { root, ...declaration, packages: cached.packages };
  const packages = expandGlobs(root, declaration.globs, limits)
    .slice(0, limits.packages)
    .flatMap((relative): WorkspacePackage[] => {
      const dir = path.join(root, relative);
      const manifest = readManifest(dir);
      if (!manifest) return [];
      return [{ name: typeof manifest.name === 'string' ? manifest.name : undefined, dir, relative, manifest }];
    });
  packageLists.set(root, { at: Date.now(), key, packages });
  return { root, ...declaration, packages };
}

/** The workspace a file's project is, when it is one. */
export function workspaceOf(filename: string): Workspace | undefined {
  const { root, workspace } = projectRootOf(path.dirname(filename), path.dirname(filename));
  return workspace ? workspaceAt(root, workspace) : undefined;
}

const texts = new Map<string, { readonly stamp: string; readonly text: string | undefined }>();

/** A small file's text, read again only when its modification time or size changes. */
function readText(file: string): string | undefined {
  let stamp: string;
  try {
    const stats = fs.statSync(file);
    if (!stats.isFile() || stats.size > 1_000_000) return undefined;
    stamp = `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return undefined;
  }
  const cached = texts.get(file);
  if (cached?.stamp === stamp) return cached.text;
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  texts.set(file, { stamp, text });
  return text;
}

const parsed = new Map<string, { readonly text: string; readonly value: unknown }>();

function readJson(file: string): unknown {
  const text = readText(file);
  if (text === undefined) return undefined;
  const cached = parsed.get(file);
  if (cached?.text === text) return cached.value;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  parsed.set(file, { text, value });
  return value;
}

/** A folder's package.json, parsed; undefined when it has none or it is not an object. */
export function readManifest(dir: string): Manifest | undefined {
  const value = readJson(path.join(dir, 'package.json'));
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}
