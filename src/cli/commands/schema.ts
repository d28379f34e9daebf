import fs from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import type { SchemaIndex } from '../../schema/index.js';
import { readSettings, type RaceSettings } from '../../utils/settings.js';
import type { CliArgs } from '../args.js';
import { InputError } from '../errors.js';
import { oneLine } from '../../utils/messages.js';
import { table } from '../output/table.js';
import { indexErrors, projectSchemaFor } from '../schema-index.js';

/** `race-lint schema [path]`: what the rules know about the project's schema, and from where. */
export async function schemaCommand(args: CliArgs): Promise<number> {
  if (args.format === 'sarif') throw new InputError('schema prints stylish or json, not sarif');
  const cwd = process.cwd();
  const target = path.resolve(cwd, args.paths[0] ?? '.');
  if (!fs.existsSync(target)) throw new InputError(`no such file or directory: ${args.paths[0] ?? '.'}`);
  // A file is read as the only schema source; a folder is searched as the rules search it.
  const isFile = fs.statSync(target).isFile();
  const probe = isFile ? target : path.join(target, 'index.ts');
  const configured = args.config === undefined ? {} : await configSettings(args.config, probe);
  const index = projectSchemaFor(probe, isFile ? { ...configured, schema: [target] } : configured, cwd);
  // A source that does not parse stops the command before anything is listed: the lists would be wrong.
  const unparsable = indexErrors(index, cwd);
  for (const error of unparsable) process.stderr.write(`race-lint: ${error}\n`);
  if (unparsable.length > 0) return 2;
  process.stdout.write(`${args.format === 'json' ? JSON.stringify(schemaJson(index), null, 2) : describe(index, cwd)}\n`);
  return 0;
}

async function configSettings(config: string, file: string): Promise<RaceSettings> {
  try {
    const eslint = new ESLint({ overrideConfigFile: path.resolve(config) });
    const resolved = (await eslint.calculateConfigForFile(file)) as Linter.Config | undefined;
    return readSettings(resolved?.settings ?? {});
  } catch (error) {
    throw new InputError(`cannot load ESLint config ${config}: ${oneLine(error)}`);
  }
}

function schemaJson(index: SchemaIndex): object {
  const { root, dialect, files, declarations, constraints, workspace } = index;
  // Where a declaration sits in its file is for fix-schema's edits, not for readers.
  const declared = declarations.map(({ resources, source }) => ({ resources, source }));
  return {
    root,
    dialect: dialect ?? null,
    files,
    workspace: workspace
      ? { kind: workspace.kind, packages: workspace.packages.map(({ name, relative }) => ({ name: name ?? null, dir: relative })) }
      : null,
    // Which workspace package each file came from (null: the root, or no workspace).
    sources: files.map((file) => ({ file, package: index.packageOf(file)?.name ?? null })),
    declarations: declared,
    constraints,
  };
}

function describe(index: SchemaIndex, cwd: string): string {
  const root = path.relative(cwd, index.root) || '.';
  if (index.files.length === 0) {
    const where = index.workspace ? `${root} or its ${index.workspace.packages.length} workspace packages` : root;
    return [
      `No schema source found in ${where}: no schema.prisma, no SQL migrations in the usual folders, no TypeORM,`,
      'Mongoose, Sequelize or Drizzle definitions. Point settings.race.schema at it in an ESLint config',
      '(and pass it with --config), or name the file: race-lint schema path/to/schema.prisma',
    ].join('\n');
  }
  const models = index.declarations.map((d) => [d.resources.join(' / '), index.dialectOf(d.resources[0]) ?? '', d.source]);
  const constraints = index.constraints.map((c) => [
    c.resources[0] ?? '',
    `(${c.fields.join(', ')})${c.partial ? ' partial' : ''}`,
    c.description,
    c.source,
  ]);
  const dialect = `Dialect: ${index.dialect ?? 'unknown (none or several named)'}`;
  return [
    index.workspace ? `Workspace root: ${root} (${workspaceLine(index.workspace)})\n${dialect}` : `Project root: ${root}\n${dialect}`,
    index.workspace ? filesByPackage(index) : ['Files read:', ...index.files.map((file) => `  ${file}`)].join('\n'),
    `Models and tables (${models.length}):\n${indent(table(['name', 'dialect', 'declared in'], models))}`,
    `Unique constraints (${constraints.length}):\n${indent(table(['model', 'fields', 'constraint', 'declared in'], constraints))}`,
  ].join('\n\n');
}

function workspaceLine({ kind, packages }: NonNullable<SchemaIndex['workspace']>): string {
  return `${packages.length} ${packages.length === 1 ? 'package' : 'packages'} listed in ${kind === 'package.json' ? 'package.json workspaces' : kind}`;
}

/** The files read, under the workspace package each belongs to; the root's own files first. */
function filesByPackage(index: SchemaIndex): string {
  const groups = new Map<string, string[]>();
  for (const file of index.files) {
    const owner = index.packageOf(file);
    const label = owner ? `${owner.name ?? '(unnamed)'} (${owner.relative})` : '(workspace root)';
    groups.set(label, [...(groups.get(label) ?? []), file]);
  }
  const counted = (n: number): string => `${n} ${n === 1 ? 'file' : 'files'}`;
  const fromPackages = [...groups.keys()].filter((label) => label !== '(workspace root)').length;
  const lines = [`Files read (${counted(index.files.length)}, from ${fromPackages} of ${index.workspace?.packages.length ?? 0} workspace packages):`];
  for (const [label, files] of [...groups].sort(([a], [b]) => (a === '(workspace root)' ? -1 : b === '(workspace root)' ? 1 : 0))) {
    lines.push(`  ${label}: ${counted(files.length)}`, ...files.map((file) => `    ${file}`));
  }
  return lines.join('\n');
}

const indent = (text: string): string => text.replace(/^/gm, '  ');
