// Ordinary code around each entity: types, mappers, validation and domain events.
import { snake, tsType } from '../domain.mjs';
import { sourceFile } from './imports.mjs';

const words = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
const editable = (entity) => entity.fields.filter((field) => !['id', 'createdAt', 'updatedAt'].includes(field.name));

export function typesFile(file, entity, random) {
  const { name } = entity;
  const statusType = `${name}Status`;
  return sourceFile(file, [
    `export type ${statusType} = ${entity.statuses.map((status) => `'${status}'`).join(' | ')};`,
    ``,
    `export const ${snake(name).toUpperCase()}_STATUSES: readonly ${statusType}[] = [${entity.statuses.map((status) => `'${status}'`).join(', ')}];`,
    ``,
    `/** A ${snake(name).replace(/_/g, ' ')} as stored. */`,
    `export interface ${name}Record {`,
    ...entity.fields.map((field) => `  ${field.name}: ${field.role === 'status' ? statusType : tsType(field)}${field.name.endsWith('At') && field.name !== 'createdAt' && field.name !== 'updatedAt' ? ' | null' : ''};`),
    `}`,
    ``,
    `export interface Create${name}Input {`,
    ...editable(entity)
      .filter((field) => field.role !== 'status')
      .map((field) => `  ${field.name}${field.role ? '' : '?'}: ${tsType(field)};`),
    `}`,
    ``,
    `/** The request body of a create, checked by the validation pipe. */`,
    `export class Create${name}Body implements Create${name}Input {`,
    ...editable(entity)
      .filter((field) => field.role !== 'status')
      .flatMap((field) => [
        ...(field.role ? [] : [`  @IsOptional()`]),
        `  @${{ string: 'IsString', ref: 'IsUUID', number: 'IsNumber', date: 'IsDate', boolean: 'IsBoolean' }[field.type]}()`,
        `  ${field.name}${field.role ? '!' : '?'}: ${tsType(field)};`,
        ``,
      ])
      .slice(0, -1),
    `}`,
    ``,
    `export type Update${name}Input = Partial<Omit<Create${name}Input, '${entity.key}'>>;`,
    ``,
    `export interface ${name}Dto {`,
    `  id: string;`,
    ...editable(entity).map((field) => `  ${field.name}: ${field.type === 'date' ? 'string | null' : field.role === 'status' ? statusType : tsType(field)};`),
    `  createdAt: string;`,
    `}`,
    ``,
    `export function is${statusType}(value: unknown): value is ${statusType} {`,
    `  return typeof value === 'string' && (${snake(name).toUpperCase()}_STATUSES as readonly string[]).includes(value);`,
    `}`,
    ``,
    `export function is${name}Record(value: unknown): value is ${name}Record {`,
    `  if (typeof value !== 'object' || value === null) return false;`,
    `  const record = value as Record<string, unknown>;`,
    `  return (`,
    ...entity.fields.map((field, at) => {
      const test = field.role === 'status' ? `is${statusType}(record.${field.name})` : field.type === 'date' ? `record.${field.name} instanceof Date` : `typeof record.${field.name} === '${tsType(field)}'`;
      return `    ${test}${at === entity.fields.length - 1 ? '' : ' &&'}`;
    }),
    `  );`,
    `}`,
    ...(random.chance(0.5)
      ? [
          ``,
          `export interface ${name}Filter {`,
          `  ${entity.owner}?: string;`,
          `  status?: ${statusType};`,
          `  createdAfter?: Date;`,
          `  search?: string;`,
          `}`,
        ]
      : []),
  ], { 'class-validator': ['IsBoolean', 'IsDate', 'IsNumber', 'IsOptional', 'IsString', 'IsUUID'] });
}

export function mapperFile(file, entity, random) {
  const { name } = entity;
  const dtoFields = editable(entity).map((field) =>
    field.type === 'date' ? `    ${field.name}: record.${field.name} ? record.${field.name}.toISOString() : null,` : `    ${field.name}: record.${field.name},`,
  );
  const rowFields = entity.fields.map((field) => {
    const column = `row.${snake(field.name)}`;
    if (field.type === 'date') return `    ${field.name}: ${column} == null ? null : new Date(String(${column})),`;
    if (field.type === 'number') return `    ${field.name}: Number(${column} ?? 0),`;
    if (field.type === 'boolean') return `    ${field.name}: Boolean(${column}),`;
    return `    ${field.name}: String(${column} ?? ''),`;
  });
  return sourceFile(
    file,
    [
      `export function to${name}Dto(record: ${name}Record): ${name}Dto {`,
      `  return {`,
      `    id: record.id,`,
      ...dtoFields,
      `    createdAt: record.createdAt.toISOString(),`,
      `  };`,
      `}`,
      ``,
      `/** Reads a database row (snake_case columns) into a record. */`,
      `export function from${name}Row(row: Record<string, unknown>): ${name}Record {`,
      `  return {`,
      ...rowFields,
      `  } as ${name}Record;`,
      `}`,
      ``,
      `/** The fields that differ between two versions, as [before, after] pairs, for the audit trail. */`,
      `export function diff${name}(before: ${name}Record, after: ${name}Record): Record<string, [unknown, unknown]> {`,
      `  const changes: Record<string, [unknown, unknown]> = {};`,
      `  for (const key of Object.keys(after) as (keyof ${name}Record)[]) {`,
      `    const a = before[key];`,
      `    const b = after[key];`,
      `    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;`,
      `    if (!same) changes[key] = [a, b];`,
      `  }`,
      `  return changes;`,
      `}`,
      ``,
      `export function describe${name}(record: ${name}Record): string {`,
      `  const parts = [\`${words(name)} \${record.${entity.key}}\`, record.status];`,
      `  if (record.${entity.counter} > 0) parts.push(\`${words(entity.counter)}: \${record.${entity.counter}}\`);`,
      `  return parts.join(' · ');`,
      `}`,
      ...(random.chance(0.5)
        ? [
            ``,
            `export function compare${name}s(a: ${name}Record, b: ${name}Record): number {`,
            `  if (a.status !== b.status) return a.status.localeCompare(b.status);`,
            `  return b.createdAt.getTime() - a.createdAt.getTime();`,
            `}`,
          ]
        : []),
    ],
    { [`${file.replace(/\.mapper\.ts$/, '.types')}`]: [`${name}Record:type`, `${name}Dto:type`] },
  );
}

export function validationFile(file, entity, random) {
  const { name } = entity;
  const checks = editable(entity)
    .filter((field) => field.role !== 'status')
    .flatMap((field) => {
      const value = `input.${field.name}`;
      const required = Boolean(field.role);
      const guard = required ? [] : [`if (${value} !== undefined) {`];
      const close = required ? [] : [`}`];
      const pad = required ? '  ' : '    ';
      const body = {
        string: [
          `${pad}if (typeof ${value} !== 'string' || ${value}.trim().length === 0) problems.push('${field.name} is required');`,
          `${pad}else if (${value}.length > ${random.pick([64, 120, 255, 1000])}) problems.push('${field.name} is too long');`,
        ],
        ref: [`${pad}if (!ID_PATTERN.test(String(${value}))) problems.push('${field.name} is not an id');`],
        number: [
          `${pad}if (typeof ${value} !== 'number' || !Number.isFinite(${value})) problems.push('${field.name} must be a number');`,
          `${pad}else if (${value} < 0) problems.push('${field.name} must not be negative');`,
        ],
        date: [`${pad}if (!(${value} instanceof Date) || Number.isNaN(${value}.getTime())) problems.push('${field.name} must be a date');`],
        boolean: [`${pad}if (typeof ${value} !== 'boolean') problems.push('${field.name} must be true or false');`],
      }[field.type];
      return [...guard.map((line) => `  ${line}`), ...body, ...close.map((line) => `  ${line}`)];
    });
  return sourceFile(
    file,
    [
      `const ID_PATTERN = /^[0-9a-f-]{8,36}$/i;`,
      ``,
      `/** Every problem with the input, in field order; empty when it is valid. */`,
      `export function validate${name}(input: Create${name}Input): string[] {`,
      `  const problems: string[] = [];`,
      ...checks,
      `  return problems;`,
      `}`,
      ``,
      `/** The input with text trimmed and numbers rounded, as stored. */`,
      `export function sanitize${name}Input(input: Create${name}Input): Create${name}Input {`,
      `  return {`,
      `    ...input,`,
      ...editable(entity)
        .filter((field) => field.role !== 'status' && (field.type === 'string' || field.type === 'number'))
        .map((field) =>
          field.type === 'string'
            ? `    ${field.name}: ${field.role ? '' : `input.${field.name} === undefined ? undefined : `}input.${field.name}.trim(),`
            : `    ${field.name}: ${field.role ? '' : `input.${field.name} === undefined ? undefined : `}Math.round(input.${field.name}),`,
        ),
      `  };`,
      `}`,
      ``,
      `export function assertValid${name}(input: Create${name}Input): void {`,
      `  const problems = validate${name}(input);`,
      `  if (problems.length > 0) throw new ValidationError(problems);`,
      `}`,
    ],
    {
      [`${file.replace(/\.validation\.ts$/, '.types')}`]: [`Create${name}Input:type`],
      'src/lib/errors': ['ValidationError'],
    },
  );
}

export function eventsFile(file, entity, random) {
  const { name } = entity;
  const events = random.sample(['created', 'updated', 'removed', 'archived', 'restored', 'exported', 'shared'], random.int(3, 5));
  return sourceFile(
    file,
    [
      `export type ${name}Event =`,
      ...events.map((event, at) => `  | { type: '${entity.kebab}.${event}'; id: string; at: Date }${at === events.length - 1 ? ';' : ''}`),
      ``,
      `type Listener = (event: ${name}Event) => void | Promise<void>;`,
      ``,
      `const listeners = new Set<Listener>();`,
      ``,
      `export function on${name}Event(listener: Listener): () => void {`,
      `  listeners.add(listener);`,
      `  return () => listeners.delete(listener);`,
      `}`,
      ``,
      `export async function emit${name}Event(event: ${name}Event): Promise<void> {`,
      `  for (const listener of listeners) {`,
      `    try {`,
      `      await listener(event);`,
      `    } catch (error) {`,
      `      logger.error('${entity.kebab} listener failed', { type: event.type, error });`,
      `    }`,
      `  }`,
      `}`,
    ],
    { 'src/lib/observability': ['logger'] },
  );
}
