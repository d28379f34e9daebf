import fs from 'node:fs';
import path from 'node:path';
import { SettingsError } from '../utils/settings.js';
import { isKnexfile } from './dialect.js';
import { readPrismaSchema } from './prisma.js';
import { readSqlSchema } from './sql.js';
import { parseModelFile, readTypeScriptSchema } from './typescript.js';
import { oneLine } from '../utils/messages.js';
import { emptyFacts, type SchemaFacts } from './types.js';
import { readManifest, recheckMs, workspaceAt, type Workspace, type WorkspaceDeclaration } from './workspace.js';

/*
 * The schema sources of a project (a package, or a workspace and all its packages), read once and
 * kept for the process. At most once a second per project the folders are listed again (a folder
 * whose modification time has not changed is not read again) and each source's modification time
 * and size are compared: a changed source is read again, a new one is read, a removed one dropped.
 */

const prismaLocations = ['prisma/schema.prisma', 'schema.prisma', 'prisma/schema'];
const prismaConfigs = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.cts', 'prisma.config.js', 'prisma.config.mjs', 'prisma.config.cjs'];
const migrationFolders = [
  'migrations',
  'prisma/migrations',
  'db/migrations',
  'database/migrations',
  'drizzle',
  'supabase/migrations',
  'src/migrations',
];
/** Dependencies and build output; hidden folders (`.git`, `.next`, caches) are skipped as well. */
const skippedFolders = new Set(['node_modules', 'dist', 'build', 'out', 'coverage']);
const sourceExtensions = /\.(?:[cm]?ts|[cm]?js|tsx)$/;
/**
 * Bounds on discovery, so that a huge or odd tree cannot stall a lint run: per folder walked (the
 * root and each workspace package), and for a whole workspace.
 */
const limits = { depth: 8, files: 20_000, bytes: 1_000_000, workspaceFiles: 100_000 };
/**
 * Text that a TypeScript or JavaScript file must contain to be worth parsing for a schema or
 * for the database engine (Knex and Kysely only give the latter). Knexfiles are read by name.
 */
const schemaSourceHint =
  /(?:from\s+|require\(\s*)["'](?:typeorm|@nestjs\/typeorm|mongoose|@nestjs\/mongoose|sequelize|@sequelize\/core|sequelize-typescript|drizzle-orm\/[\w/-]+|knex|kysely)["']/;

export function isSchemaSource(file: string, text: string): boolean {
  return schemaSourceHint.test(text) || isKnexfile(file);
}

/** One schema source as last read. */
export interface Source {
  /** Relative to the project root, as facts name it. */
  readonly source: string;
  readonly facts: SchemaFacts;
}

/** What a project's sources say, and a number that changes whenever one of them does. */
export interface ProjectSources {
  readonly root: string;
  readonly workspace: Workspace | undefined;
  readonly sources: readonly Source[];
  readonly version: number;
}

type Kind = 'prisma' | 'sql' | 'model' | 'named';

interface Entry {
  readonly stamp: string;
  /** Undefined for a model candidate that turned out to be no schema source. */
  readonly source: Source | undefined;
}

interface Project {
  checkedAt: number;
  readonly entries: Map<string, Entry>;
  current: ProjectSources;
}

const projects = new Map<string, Project>();

/**
 * The sources of the project at `root`: the files `named` (settings.race.schema) when given, else
 * those found in the root and, for a workspace, in each of its packages.
 */
export function projectSources(
  root: string,
  workspace: WorkspaceDeclaration | undefined,
  named: readonly string[] | undefined,
): ProjectSources {
  const key = `${root}\0${workspace ? 'w' : ''}\0${(named ?? []).join('\0')}`;
  let project = projects.get(key);
  if (project && Date.now() - project.checkedAt < recheckMs) return project.current;
  project ??= { checkedAt: 0, entries: new Map(), current: { root, workspace: undefined, sources: [], version: -1 } };
  projects.set(key, project);
  refresh(project, root, workspace && workspaceAt(root, workspace), named);
  // Counted from the end of the reading, which can take longer than the interval on a large tree.
  project.checkedAt = Date.now();
  return project.current;
}

/**
 * Reads what changed. A file is compared by modification time and size when it is a schema source,
 * new, or in a folder whose listing changed (an editor that saves by renaming changes it); other
 * files (most of a project's code) are not looked at again, so that a check stays cheap: a file
 * edited in place to import an ORM for the first time is seen when its folder next changes.
 */
function refresh(project: Project, root: string, workspace: Workspace | undefined, named: readonly string[] | undefined): void {
  relisted.clear();
  const candidates = named ? namedCandidates(root, named) : discover(root, workspace);
  let changed = project.current.version < 0 || workspaceChanged(project.current.workspace, workspace);
  const seen = new Set<string>();
  const sources: Source[] = [];
  for (const [file, kind] of candidates) {
    seen.add(file);
    const known = project.entries.get(file);
    if (kind === 'model' && known && !known.source && !relisted.has(path.dirname(file))) continue;
    const stamp = stampOf(file);
    let entry = known;
    if (stamp === undefined) entry = { stamp: '', source: undefined };
    else if (known?.stamp !== stamp) entry = { stamp, source: readSource(root, file, kind) };
    if (entry !== known) {
      if (known?.source !== undefined || entry?.source !== undefined) changed = true;
      project.entries.set(file, entry as Entry);
    }
    if (entry?.source) sources.push(entry.source);
  }
  for (const file of project.entries.keys()) {
    if (seen.has(file)) continue;
    if (project.entries.get(file)?.source) changed = true;
    project.entries.delete(file);
  }
  if (changed) project.current = { root, workspace, sources, version: project.current.version + 1 };
}

const workspaceChanged = (before: Workspace | undefined, after: Workspace | undefined): boolean =>
  before?.packages.map((p) => `${p.dir}\0${p.name ?? ''}`).join('\0') !== after?.packages.map((p) => `${p.dir}\0${p.name ?? ''}`).join('\0');

/** The files of settings.race.schema, each read by its extension. */
function namedCandidates(root: string, named: readonly string[]): Map<string, Kind> {
  const candidates = new Map<string, Kind>();
  for (const entry of named) {
    const start = path.resolve(root, entry);
    if (!fs.existsSync(start)) throw new SettingsError(`settings.race.schema names ${entry}, which does not exist in ${root}`);
    for (const file of listFiles(start, new Set(), limits.files)) candidates.set(file, 'named');
  }
  return candidates;
}

/**
 * Every schema source of the root and of each package, in that order; per folder, Prisma schema
 * files, then migrations, then model files. A file found twice (a root `prisma.config.ts` naming a
 * package's schema) is read once.
 */
function discover(root: string, workspace: Workspace | undefined): Map<string, Kind> {
  const folders = [root, ...(workspace?.packages.map((p) => p.dir) ?? [])];
  const packages = new Set(folders.slice(1));
  const candidates = new Map<string, Kind>();
  const add = (file: string, kind: Kind): void => {
    if (!candidates.has(file)) candidates.set(file, kind);
  };
  let budget = limits.workspaceFiles;
  for (const folder of folders) {
    for (const file of prismaFiles(folder)) add(file, 'prisma');
    for (const migrations of migrationFolders) {
      for (const file of listFiles(path.join(folder, migrations), packages, limits.files)) if (file.endsWith('.sql')) add(file, 'sql');
    }
  }
  for (const folder of folders) {
    // Each package is walked on its own, so that a large app does not use up the next package's share.
    const files = listFiles(folder, packages, Math.min(limits.files, budget));
    budget -= files.length;
    for (const file of files) if (sourceExtensions.test(file) && !file.endsWith('.d.ts')) add(file, 'model');
    if (budget <= 0) break;
  }
  return candidates;
}

/** Prisma schema files: as package.json or prisma.config names them, else at the usual places. */
function prismaFiles(folder: string): string[] {
  const configured = [prismaSchemaSetting(folder), ...prismaConfigSchema(folder)].filter((entry) => entry !== undefined);
  for (const locations of [configured, prismaLocations]) {
    const files = locations.flatMap((location) =>
      listFiles(path.resolve(folder, location), new Set(), limits.files).filter((file) => file.endsWith('.prisma')),
    );
    if (files.length > 0) return [...new Set(files)];
  }
  return [];
}

/** The `prisma.schema` field of package.json, when it names the schema file or folder. */
function prismaSchemaSetting(folder: string): string | undefined {
  const prisma = readManifest(folder)?.prisma as { schema?: unknown } | undefined;
  return typeof prisma?.schema === 'string' ? prisma.schema : undefined;
}

/** The `schema:` a prisma.config file gives as a string literal (Prisma 6.6 and later). */
function prismaConfigSchema(folder: string): string[] {
  for (const name of prismaConfigs) {
    const text = readText(path.join(folder, name));
    if (text === undefined) continue;
    const schema = /\bschema\s*:\s*(["'`])([^"'`\n]+)\1/.exec(text)?.[2];
    return schema === undefined ? [] : [schema];
  }
  return [];
}

function readSource(root: string, file: string, kind: Kind): Source | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  const source = path.relative(root, file).split(path.sep).join('/');
  if (file.endsWith('.prisma')) return { source, facts: readPrismaSchema(text, source) };
  if (file.endsWith('.sql')) return { source, facts: readSqlSchema(text, source) };
  if (kind === 'model' && !isSchemaSource(file, text)) return undefined;
  return { source, facts: readModelFile(text, source) };
}

/** A model file that does not parse is listed as read, as a broken schema.prisma is, with the reason. */
export function readModelFile(text: string, source: string): SchemaFacts {
  try {
    return readTypeScriptSchema(parseModelFile(text, source), source);
  } catch (error) {
    const { lineNumber, column } = error as { lineNumber?: number; column?: number };
    const position = lineNumber === undefined || column === undefined ? {} : { position: `${lineNumber}:${column + 1}` };
    return { ...emptyFacts, files: [source], error: { ...position, reason: oneLine(error) } };
  }
}

function stampOf(file: string): string | undefined {
  try {
    const stats = fs.statSync(file);
    return stats.isFile() ? `${stats.mtimeMs}:${stats.size}` : undefined;
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    if (fs.statSync(file).size > limits.bytes) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

interface Listing {
  readonly stamp: string;
  /** Files and the folders worth entering (full paths), in name order. */
  readonly entries: readonly { readonly full: string; readonly folder: boolean }[];
}

/** Folder listings, read again only when the folder's modification time changes (an entry added or removed). */
const listings = new Map<string, Listing>();
/** The folders whose listing was read (again) during the current refresh. */
const relisted = new Set<string>();

function listing(dir: string): Listing | undefined {
  let stats: fs.Stats | undefined;
  try {
    stats = fs.statSync(dir, { throwIfNoEntry: false });
  } catch {
    stats = undefined;
  }
  if (!stats?.isDirectory()) {
    listings.delete(dir);
    return undefined;
  }
  const stamp = `${stats.mtimeMs}:${stats.ctimeMs}`;
  const known = listings.get(dir);
  if (known?.stamp === stamp) return known;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return undefined;
  }
  const read: Listing = {
    stamp,
    entries: entries.flatMap((entry): Listing['entries'] => {
      if (entry.isFile()) return [{ full: path.join(dir, entry.name), folder: false }];
      const enter = entry.isDirectory() && !skippedFolders.has(entry.name) && !entry.name.startsWith('.');
      return enter ? [{ full: path.join(dir, entry.name), folder: true }] : [];
    }),
  };
  listings.set(dir, read);
  relisted.add(dir);
  return read;
}

/**
 * Files under a path (the path itself when it is a file), skipping dependency and build folders
 * and the folders in `skip` (other workspace packages, walked on their own), at most `max`.
 */
function listFiles(start: string, skip: ReadonlySet<string>, max: number): string[] {
  const files: string[] = [];
  const visit = (dir: string, depth: number): void => {
    const read = listing(dir);
    if (!read) return;
    for (const { full, folder } of read.entries) {
      if (files.length >= max) return;
      if (!folder) files.push(full);
      else if (depth < limits.depth && !skip.has(full)) visit(full, depth + 1);
    }
  };
  if (stampOf(start) !== undefined) return [start];
  visit(start, 0);
  return files;
}
