import fs from 'node:fs';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import type { RaceSettings } from '../utils/settings.js';
import { normalizeName, sameResource } from '../utils/names.js';
import { isKnexfile } from './dialect.js';
import { readPrismaSchema } from './prisma.js';
import { readSqlSchema } from './sql.js';
import { parseTypeScriptFile, readTypeScriptSchema } from './typescript.js';
import type { ResourceDeclaration, SchemaFacts, UniqueConstraint } from './types.js';

/** Everything the project's schema sources say about uniqueness. */
export interface SchemaIndex {
  readonly root: string;
  /** Files that were read, relative to the root. Empty when no schema source was found. */
  readonly files: readonly string[];
  /** The database engine every source that names one agrees on; undefined when none or several. */
  readonly dialect: SchemaFacts['dialect'];
  /**
   * The engine of one table: the one the sources declaring it name (a Drizzle `pgTable` file, a
   * Prisma schema), else `dialect`. A project that keeps a second engine for something else
   * (a local SQLite store) still knows the engine of its main tables.
   */
  dialectOf(resource: string | undefined): SchemaFacts['dialect'];
  /** A constraint that makes a record with these field values unique, if any. */
  uniqueFor(resource: string, fields: readonly string[]): UniqueConstraint | undefined;
  /** True when a schema source declares this model or table. */
  declares(resource: string): boolean;
  /** The files that declare this model or table. */
  sourcesOf(resource: string): readonly string[];
  /** Every constraint and declaration read, for tools that list them (`race-lint schema`). */
  readonly constraints: readonly UniqueConstraint[];
  readonly declarations: readonly ResourceDeclaration[];
}

const prismaLocations = ['prisma/schema.prisma', 'schema.prisma', 'prisma/schema'];
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
/** Bounds on discovery, so that a huge or odd tree cannot stall a lint run. */
const limits = { depth: 8, files: 20_000, bytes: 1_000_000 };
/**
 * Text that a TypeScript or JavaScript file must contain to be worth parsing for a schema or
 * for the database engine (Knex and Kysely only give the latter). Knexfiles are read by name.
 */
const schemaSourceHint =
  /(?:from\s+|require\(\s*)["'](?:typeorm|@nestjs\/typeorm|mongoose|@nestjs\/mongoose|sequelize|@sequelize\/core|sequelize-typescript|drizzle-orm\/[\w/-]+|knex|kysely)["']/;

const cache = new Map<string, { root: string; facts: SchemaFacts[] }>();

/**
 * The schema index for a linted file: the project's sources, read once per process and root,
 * plus the models the file itself declares (an entity or Mongoose schema beside its use).
 */
export function getSchemaIndex(
  file: { filename: string; text: string; program: TSESTree.Program },
  settings: RaceSettings,
  cwd: string,
): SchemaIndex {
  const filename = path.resolve(cwd, file.filename);
  const root = path.resolve(cwd, settings.root ?? projectRoot(path.dirname(filename), cwd));
  const key = `${root}\0${(settings.schema ?? []).join('\0')}`;
  let project = cache.get(key);
  if (!project) {
    project = { root, facts: collectFacts(root, settings) };
    cache.set(key, project);
  }
  if (!isSchemaSource(filename, file.text)) return buildIndex(root, project.facts);
  const local = readTypeScriptSchema(file.program, path.relative(root, filename));
  return buildIndex(root, [...project.facts, local]);
}

function projectRoot(start: string, fallback: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return fallback;
  }
}

function collectFacts(root: string, settings: RaceSettings): SchemaFacts[] {
  if (settings.schema) {
    return settings.schema.flatMap((entry) => listFiles(path.resolve(root, entry)).map((file) => readSource(root, file)));
  }
  const facts: SchemaFacts[] = [];
  for (const file of prismaFiles(root)) facts.push(readSource(root, file));
  for (const folder of migrationFolders) {
    for (const file of listFiles(path.join(root, folder))) {
      if (file.endsWith('.sql')) facts.push(readSource(root, file));
    }
  }
  for (const file of listFiles(root)) {
    if (sourceExtensions.test(file) && !file.endsWith('.d.ts')) {
      const text = readText(file);
      if (text !== undefined && isSchemaSource(file, text)) facts.push(readTypeScriptSource(root, file, text));
    }
  }
  return facts;
}

function isSchemaSource(file: string, text: string): boolean {
  return schemaSourceHint.test(text) || isKnexfile(file);
}

function prismaFiles(root: string): string[] {
  const configured = prismaSchemaSetting(root);
  const locations = configured ? [configured] : prismaLocations;
  for (const location of locations) {
    const files = listFiles(path.resolve(root, location)).filter((file) => file.endsWith('.prisma'));
    if (files.length > 0) return files;
  }
  return [];
}

/** The `prisma.schema` field of package.json, when it names the schema file or folder. */
function prismaSchemaSetting(root: string): string | undefined {
  try {
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const prisma = (manifest as { prisma?: { schema?: unknown } }).prisma;
    return typeof prisma?.schema === 'string' ? prisma.schema : undefined;
  } catch {
    return undefined;
  }
}

function readSource(root: string, file: string): SchemaFacts {
  const text = readText(file);
  const source = path.relative(root, file);
  if (text === undefined) return { constraints: [], declarations: [], files: [] };
  if (file.endsWith('.prisma')) return readPrismaSchema(text, source);
  if (file.endsWith('.sql')) return readSqlSchema(text, source);
  return readTypeScriptSource(root, file, text);
}

/** A model file that does not parse is listed as read, as a broken schema.prisma is, so tools can say why. */
function readTypeScriptSource(root: string, file: string, text: string): SchemaFacts {
  const source = path.relative(root, file);
  const program = parseTypeScriptFile(text, source);
  return program ? readTypeScriptSchema(program, source) : { constraints: [], declarations: [], files: [source] };
}

function readText(file: string): string | undefined {
  try {
    if (fs.statSync(file).size > limits.bytes) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Files under a path (the path itself when it is a file), skipping dependency and build folders. */
function listFiles(start: string): string[] {
  const files: string[] = [];
  const visit = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (files.length >= limits.files) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < limits.depth && !skippedFolders.has(entry.name) && !entry.name.startsWith('.')) visit(full, depth + 1);
      else if (entry.isFile()) files.push(full);
    }
  };
  try {
    if (fs.statSync(start).isFile()) return [start];
  } catch {
    return [];
  }
  visit(start, 0);
  return files;
}

function buildIndex(root: string, facts: readonly SchemaFacts[]): SchemaIndex {
  const constraints = facts.flatMap((fact) => fact.constraints);
  const declarations = facts.flatMap((fact) => fact.declarations);
  const files = [...new Set(facts.flatMap((fact) => fact.files))];
  const dialect = onlyDialect(facts);
  const declaresResource = (fact: SchemaFacts, resource: string): boolean =>
    fact.declarations.some((d) => d.resources.some((name) => sameResource(name, resource)));
  return {
    root,
    files,
    dialect,
    constraints,
    declarations,
    dialectOf(resource) {
      if (resource === undefined) return dialect;
      const declaring = facts.filter((fact) => fact.dialect && declaresResource(fact, resource));
      return declaring.length > 0 ? onlyDialect(declaring) : dialect;
    },
    uniqueFor(resource, fields) {
      const wanted = new Set(fields.map(normalizeName));
      return constraints.find(
        (constraint) =>
          constraint.resources.some((name) => sameResource(name, resource)) &&
          constraint.fields.every((field) => wanted.has(normalizeName(field))) &&
          // A partial index covers only rows matching its predicate: count it only when the
          // check filters on more than the indexed columns, as a predicate match would need.
          (!constraint.partial || wanted.size > constraint.fields.length),
      );
    },
    declares: (resource) => declarations.some((d) => d.resources.some((name) => sameResource(name, resource))),
    sourcesOf: (resource) => [
      ...new Set(
        declarations.filter((d) => d.resources.some((name) => sameResource(name, resource))).map((d) => d.source),
      ),
    ],
  };
}

/** The engine every source that names one agrees on; none when they disagree (a monorepo of two). */
function onlyDialect(facts: readonly SchemaFacts[]): SchemaFacts['dialect'] {
  const named = new Set(facts.flatMap((fact) => (fact.dialect ? [fact.dialect] : [])));
  return named.size === 1 ? [...named][0] : undefined;
}
