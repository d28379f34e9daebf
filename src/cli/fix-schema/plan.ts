import fs from 'node:fs';
import path from 'node:path';
import type { SchemaIndex } from '../../schema/index.js';
import type { Dialect, ResourceDeclaration } from '../../schema/types.js';
import { normalizeName, normalizeResource, sameResource } from '../../utils/names.js';
import { InputError } from '../errors.js';
import { oneLine } from '../../utils/messages.js';
import type { MissingConstraint } from '../missing-constraint.js';
import { indexErrors } from '../schema-index.js';
import type { FileChange } from './file-changes.js';
import type { ModelConstraint } from './model-files.js';
import { addPrismaConstraints, type SchemaEdit } from './prisma-constraints.js';
import { uniqueIndexMigration, type UniqueIndex } from './sql-migration.js';

/** A missing constraint as reported, with the schema of the project the report came from. */
export interface ReportedMissing extends MissingConstraint {
  readonly index: SchemaIndex;
  /** The engine that settings, the schema or the reporting file's driver name. */
  readonly dialect: Dialect | undefined;
}

export interface SchemaPlan {
  readonly changes: readonly FileChange[];
  /** Constraints the changes add, for the summary. */
  readonly added: readonly string[];
  /** Constraints to add by hand, with where and why. */
  readonly manual: readonly string[];
  /** What the user still has to do for the changes to reach the database. */
  readonly notes: readonly string[];
}

/** Model files describe the tables; the database gets the index from the ORM's own tooling. */
const modelFileNote = [
  'Model files describe the database without changing it: create the unique indexes with the ORM',
  "(drizzle-kit generate, typeorm migration:generate, a Sequelize migration or sync(), Mongoose's autoIndex",
  'or syncIndexes()). Creating one fails while duplicates exist: remove those first.',
].join('\n');

/**
 * Where each missing constraint goes: the Prisma schema that declares the model, else the entity,
 * schema or table definition in a TypeScript or JavaScript model file, else a new migration beside
 * the SQL that created the table (ORM models come first: their migrations are generated from them).
 * A model that no source declares may be in a source that does not parse: that is an input error.
 */
export async function planSchemaChanges(reported: readonly ReportedMissing[], now: Date): Promise<SchemaPlan> {
  const prisma = new Map<string, { root: string; wanted: ReportedMissing[] }>();
  const models = new Map<string, { root: string; wanted: ModelConstraint[] }>();
  const sql = new Map<string, { declaredIn: string; index: SchemaIndex; dialect: Dialect | undefined; indexes: UniqueIndex[] }>();
  const manual: string[] = [];
  for (const missing of unique(reported)) {
    const { index, resource, fields, dialect } = missing;
    const sources = index.sourcesOf(resource);
    if (sources.length === 0) {
      const [error] = indexErrors(index, index.root);
      if (error !== undefined) throw new InputError(error);
    }
    const declared = index.declarations.filter(
      (d): d is Required<ResourceDeclaration> => d.node !== undefined && d.resources.some((name) => sameResource(name, resource)),
    );
    // A model no source declares may be in a Prisma schema that does not parse: reading it says so.
    const schemaFile =
      sources.find((source) => source.endsWith('.prisma')) ??
      (sources.length === 0 ? index.files.find((file) => file.endsWith('.prisma')) : undefined);
    const migration = sources.filter((source) => source.endsWith('.sql')).at(-1);
    if (schemaFile) {
      const file = path.resolve(index.root, schemaFile);
      const group = prisma.get(file) ?? { root: index.root, wanted: [] };
      group.wanted.push(missing);
      prisma.set(file, group);
    } else if (declared.length > 1) {
      manual.push(`${resource} (${fields.join(', ')}): declared in ${declared.map((d) => d.source).join(', ')}; add the unique constraint where the table is defined`);
    } else if (declared[0]) {
      const file = path.resolve(index.root, declared[0].source);
      const group = models.get(file) ?? { root: index.root, wanted: [] };
      group.wanted.push({ ...missing, declaration: declared[0].node });
      models.set(file, group);
    } else if (migration) {
      const declaredIn = path.resolve(index.root, migration);
      const table = index.declarations
        .find((d) => d.source === migration && d.resources.some((name) => sameResource(name, resource)))
        ?.resources[0] ?? resource;
      const group = sql.get(path.dirname(declaredIn)) ?? { declaredIn, index, dialect, indexes: [] };
      group.indexes.push({ table, columns: fields });
      sql.set(path.dirname(declaredIn), group);
    } else {
      const where = sources.length > 0 ? `declared in ${sources.join(', ')}` : 'no schema source declares it';
      manual.push(`${resource} (${fields.join(', ')}): ${where}; add the unique constraint there`);
    }
  }
  const changes: FileChange[] = [];
  const added: string[] = [];
  const editFile = (file: string, root: string, edit: (text: string, relative: string) => SchemaEdit): void => {
    const before = readText(file);
    const relative = path.relative(root, file);
    const result = edit(before, relative);
    if (result.added.length > 0) changes.push({ file, before, after: result.text });
    added.push(...result.added.map((constraint) => `${constraint} (${relative})`));
    manual.push(...result.skipped);
  };
  for (const [file, { root, wanted }] of prisma) {
    editFile(file, root, (text, relative) => addPrismaConstraints(text, relative, wanted));
  }
  const prismaChanges = changes.length;
  if (models.size > 0) {
    const { addModelConstraints } = await loadModelEditor();
    for (const [file, { root, wanted }] of models) {
      editFile(file, root, (text, relative) => addModelConstraints(text, relative, wanted));
    }
  }
  const notes = changes.length > prismaChanges ? [modelFileNote] : [];
  for (const { declaredIn, index, dialect, indexes } of sql.values()) {
    const migration = uniqueIndexMigration(indexes, declaredIn, dialect, now);
    changes.push({ file: migration.file, after: migration.text });
    const target = path.relative(index.root, migration.file);
    added.push(...indexes.map(({ table, columns }) => `unique index on ${table} (${columns.join(', ')}) (${target})`));
  }
  return { changes, added, manual, notes };
}

/**
 * The model-file editor, which needs ts-morph: an optional peer dependency, since it bundles its
 * own TypeScript and only this command needs it.
 */
async function loadModelEditor(): Promise<typeof import('./model-files.js')> {
  try {
    return await import('./model-files.js');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && (error as Error).message.includes("'ts-morph'")) {
      throw new InputError('editing model files needs ts-morph: npm install --save-dev ts-morph@28, then run fix-schema again');
    }
    throw error;
  }
}

/**
 * One entry per project, model and set of fields, however many reports name it, and none for a
 * set of fields whose subset is also wanted: the smaller constraint covers both checks.
 */
function unique(reported: readonly ReportedMissing[]): ReportedMissing[] {
  const seen = new Map<string, { missing: ReportedMissing; model: string; fields: Set<string> }>();
  for (const missing of reported) {
    const model = `${missing.index.root}\0${normalizeResource(missing.resource)}`;
    const fields = new Set(missing.fields.map(normalizeName));
    const key = `${model}\0${[...fields].sort().join(',')}`;
    if (!seen.has(key)) seen.set(key, { missing, model, fields });
  }
  const wanted = [...seen.values()];
  const covered = (entry: (typeof wanted)[number]): boolean =>
    wanted.some(
      (other) => other.model === entry.model && other.fields.size < entry.fields.size && [...other.fields].every((field) => entry.fields.has(field)),
    );
  return wanted.filter((entry) => !covered(entry)).map(({ missing }) => missing);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${oneLine(error)}`);
  }
}
