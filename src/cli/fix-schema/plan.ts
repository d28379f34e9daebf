import fs from 'node:fs';
import path from 'node:path';
import type { SchemaIndex } from '../../schema/index.js';
import type { Dialect } from '../../schema/types.js';
import { normalizeName, normalizeResource, sameResource } from '../../utils/names.js';
import { firstLine, InputError } from '../errors.js';
import type { MissingConstraint } from '../missing-constraint.js';
import type { FileChange } from './file-changes.js';
import { addPrismaConstraints } from './prisma-constraints.js';
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
}

/**
 * Where each missing constraint goes: the Prisma schema that declares the model, else a new
 * migration beside the SQL that created the table. Entity and model files are left to the user.
 */
export function planSchemaChanges(reported: readonly ReportedMissing[], now: Date): SchemaPlan {
  const prisma = new Map<string, { root: string; wanted: ReportedMissing[] }>();
  const sql = new Map<string, { declaredIn: string; index: SchemaIndex; dialect: Dialect | undefined; indexes: UniqueIndex[] }>();
  const manual: string[] = [];
  for (const missing of unique(reported)) {
    const { index, resource, fields, dialect } = missing;
    const sources = index.sourcesOf(resource);
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
  for (const [file, { root, wanted }] of prisma) {
    const before = readText(file);
    const edit = addPrismaConstraints(before, path.relative(root, file), wanted);
    if (edit.added.length > 0) changes.push({ file, before, after: edit.text });
    added.push(...edit.added.map((constraint) => `${constraint} (${path.relative(root, file)})`));
    manual.push(...edit.skipped);
  }
  for (const { declaredIn, index, dialect, indexes } of sql.values()) {
    const migration = uniqueIndexMigration(indexes, declaredIn, dialect, now);
    changes.push({ file: migration.file, after: migration.text });
    const target = path.relative(index.root, migration.file);
    added.push(...indexes.map(({ table, columns }) => `unique index on ${table} (${columns.join(', ')}) (${target})`));
  }
  return { changes, added, manual };
}

/** One entry per project, model and set of fields, however many reports name it. */
function unique(reported: readonly ReportedMissing[]): ReportedMissing[] {
  const seen = new Map<string, ReportedMissing>();
  for (const missing of reported) {
    const fields = missing.fields.map(normalizeName).sort().join(',');
    const key = `${missing.index.root}\0${normalizeResource(missing.resource)}\0${fields}`;
    if (!seen.has(key)) seen.set(key, missing);
  }
  return [...seen.values()];
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${firstLine(error)}`);
  }
}
