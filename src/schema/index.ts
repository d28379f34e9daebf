import fs from 'node:fs';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { SettingsError, type RaceSettings } from '../utils/settings.js';
import { normalizeName, sameResource } from '../utils/names.js';
import { isSchemaSource, projectSources, type ProjectSources } from './sources.js';
import { readTypeScriptSchema } from './typescript.js';
import type { ParseFailure, ResourceDeclaration, SchemaFacts, UniqueConstraint } from './types.js';
import { nearestPackageRoot, projectRootOf, workspaceDeclaration, type ProjectRoot, type WorkspaceKind, type WorkspacePackage } from './workspace.js';

export type { WorkspacePackage } from './workspace.js';

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
  /**
   * The name the schema declares it by: the model `User` for `prisma.user`, the table `coupons`
   * for `INSERT INTO coupons` when a migration declares it; else the name given.
   */
  nameOf(resource: string): string;
  /** The files that declare this model or table. */
  sourcesOf(resource: string): readonly string[];
  /** Every constraint and declaration read, for tools that list them (`race-lint schema`). */
  readonly constraints: readonly UniqueConstraint[];
  readonly declarations: readonly ResourceDeclaration[];
  /** The workspace the root is, when the project is one: where it lists its packages, and the packages. */
  readonly workspace: { readonly kind: WorkspaceKind; readonly packages: readonly WorkspacePackage[] } | undefined;
  /** The workspace package a file (relative to the root, as `files` names it) belongs to. */
  packageOf(source: string): WorkspacePackage | undefined;
  /** The sources that could not be parsed, and why: the rules read each as declaring nothing. */
  readonly errors: readonly SourceParseError[];
}

/** A schema source that does not parse: the file, relative to the root, where and why. */
export interface SourceParseError extends ParseFailure {
  readonly file: string;
}

/** `cannot parse prisma/schema.prisma:7: unexpected "{"`: one line. */
export function describeParseError(error: SourceParseError): string {
  return `cannot parse ${error.file}${error.position === undefined ? '' : `:${error.position}`}: ${error.reason}`;
}

/** The index of each version of a project's sources, without a linted file's own facts. */
const indexes = new WeakMap<ProjectSources, SchemaIndex>();

/**
 * The schema index for a linted file: the sources of its project (see `sources.ts`: read once,
 * then checked again at most once a second), plus the models the file itself declares (an entity
 * or Mongoose schema beside its use), which stand in for what the file on disk declares.
 *
 * The project is `settings.race.root` when set (a workspace when it declares one); else, with
 * `settings.race.schema`, the nearest folder with a package.json, to which those paths are
 * relative; else the workspace that lists the file's package, or that package alone.
 */
export function getSchemaIndex(
  file: { filename: string; text: string; program: TSESTree.Program },
  settings: RaceSettings,
  cwd: string,
): SchemaIndex {
  const filename = path.resolve(cwd, file.filename);
  const { root, workspace } = rootFor(filename, settings, cwd);
  const project = projectSources(root, workspace, settings.schema);
  if (!isSchemaSource(filename, file.text)) {
    let index = indexes.get(project);
    if (!index) indexes.set(project, (index = buildIndex(project, [])));
    return index;
  }
  const source = path.relative(root, filename).split(path.sep).join('/');
  const local = readTypeScriptSchema(file.program, source);
  return buildIndex(project, [local], source);
}

function rootFor(filename: string, settings: RaceSettings, cwd: string): ProjectRoot {
  if (settings.root !== undefined) {
    const root = path.resolve(cwd, settings.root);
    if (!fs.existsSync(root)) throw new SettingsError(`settings.race.root names ${settings.root}, which does not exist in ${cwd}`);
    const workspace = settings.schema ? undefined : workspaceDeclaration(root);
    return workspace ? { root, workspace } : { root };
  }
  const found = projectRootOf(path.dirname(filename), cwd);
  if (!settings.schema || !found.workspace) return found;
  // Paths in settings.race.schema were always relative to the file's own package.
  return { root: nearestPackageRoot(path.dirname(filename), cwd) };
}

/**
 * The index over a project's sources and the linted file's own facts; the project's reading of
 * the linted file (`replaced`, relative to the root) gives way to the one from its current text.
 */
function buildIndex(project: ProjectSources, local: readonly SchemaFacts[], replaced?: string): SchemaIndex {
  const { root, workspace } = project;
  const read = project.sources.filter((source) => source.source !== replaced);
  const facts = [...read.map((source) => source.facts), ...local];
  const constraints = facts.flatMap((fact) => fact.constraints);
  const declarations = facts.flatMap((fact) => fact.declarations);
  const files = [...new Set(facts.flatMap((fact) => fact.files))];
  const dialect = onlyDialect(facts);
  const declaresResource = (fact: SchemaFacts, resource: string): boolean =>
    fact.declarations.some((d) => d.resources.some((name) => sameResource(name, resource)));
  const packages = [...(workspace?.packages ?? [])].sort((a, b) => b.relative.length - a.relative.length);
  return {
    root,
    files,
    dialect,
    workspace: workspace && { kind: workspace.kind, packages: workspace.packages },
    packageOf(source) {
      const file = source.split(path.sep).join('/');
      return packages.find((p) => file.startsWith(`${p.relative}/`));
    },
    errors: read.flatMap(({ source, facts: { error } }) => (error ? [{ file: source, ...error }] : [])),
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
    nameOf(resource) {
      const declared = declarations.flatMap((d) => d.resources.filter((name) => sameResource(name, resource)));
      return declared.find((name) => name.toLowerCase() === resource.toLowerCase()) ?? declared[0] ?? resource;
    },
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
