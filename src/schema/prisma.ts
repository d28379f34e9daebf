import { getSchema } from '@mrleebo/prisma-ast';
import type { ParseFailure, ResourceDeclaration, SchemaFacts, UniqueConstraint } from './types.js';
import { oneLine } from '../utils/messages.js';
import { emptyFacts } from './types.js';

type Dialect = NonNullable<SchemaFacts['dialect']>;
const dialects = new Set<string>(['postgresql', 'mysql', 'sqlite', 'sqlserver', 'mongodb']);

/** Unique constraints of a Prisma schema file: `@id`, `@unique`, `@@id`, `@@unique`. */
export function readPrismaSchema(text: string, source: string): SchemaFacts {
  let schema: ReturnType<typeof getSchema>;
  try {
    schema = getSchema(text);
  } catch (error) {
    return { ...emptyFacts, files: [source], error: prismaParseError(error) };
  }
  const constraints: UniqueConstraint[] = [];
  const declarations: ResourceDeclaration[] = [];
  let dialect: Dialect | undefined;
  for (const block of schema.list) {
    if (block.type === 'datasource') {
      for (const assignment of block.assignments) {
        if (assignment.type !== 'assignment' || assignment.key !== 'provider') continue;
        const provider = unquote(assignment.value);
        if (provider !== undefined && dialects.has(provider)) dialect = provider as Dialect;
      }
    }
    if (block.type !== 'model') continue;
    const resources = [block.name];
    for (const property of propertiesOf(block)) {
      if (property.type === 'attribute' && property.name === 'map') {
        const table = unquote(argumentsOf(property)[0]?.value);
        if (table !== undefined) resources.push(table);
      }
    }
    declarations.push({ resources, source });
    for (const property of propertiesOf(block)) {
      if (property.type === 'field') {
        for (const attribute of property.attributes ?? []) {
          if (attribute.name === 'id' || attribute.name === 'unique') {
            constraints.push({
              resources,
              fields: [property.name],
              source,
              description: `@${attribute.name} on ${block.name}.${property.name}`,
            });
          }
        }
      } else if (property.type === 'attribute' && (property.name === 'id' || property.name === 'unique')) {
        const fields = fieldList(argumentsOf(property));
        if (fields.length > 0) {
          constraints.push({
            resources,
            fields,
            source,
            description: `@@${property.name}([${fields.join(', ')}]) on ${block.name}`,
          });
        }
      }
    }
  }
  return { constraints, declarations, files: [source], ...(dialect ? { dialect } : {}) };
}

/**
 * Where and why `@mrleebo/prisma-ast` stopped: the line and `unexpected "{"`. A token that is a
 * line break or other white space is named, never printed, so that the reason stays one line.
 */
export function prismaParseError(error: unknown): ParseFailure {
  const { token } = error as { token?: { startLine?: number; image?: string } };
  const position = token?.startLine === undefined ? {} : { position: String(token.startLine) };
  const image = token?.image;
  if (image === undefined || image === '') return { ...position, reason: oneLine(error) };
  if (image.trim() === '') return { ...position, reason: `unexpected ${image.includes('\n') ? 'line break' : 'white space'}` };
  return { ...position, reason: `unexpected ${JSON.stringify(image)}` };
}

/** A model's properties; the parser leaves holes where it recovered from a malformed one (`code= Boolean`). */
const propertiesOf = <T>(block: { properties: readonly T[] }): T[] => block.properties.filter((property) => typeof property === 'object' && property !== null);

/** An attribute's arguments; the parser leaves them out of a malformed one (`@@unique@@unique(…)`). */
const argumentsOf = (attribute: { args?: readonly { value: unknown }[] }): readonly { value: unknown }[] =>
  attribute.args instanceof Array ? attribute.args : [];

/** The field names of `@@unique([a, b])` or `@@unique(fields: [a, b(sort: Desc)])`. */
function fieldList(args: readonly { value: unknown }[]): string[] {
  for (const { value } of args) {
    const list = isKeyValue(value) ? (value.key === 'fields' ? value.value : undefined) : value;
    if (isArray(list)) {
      return list.args.flatMap((item) => {
        if (typeof item === 'string') return [item];
        if (isNamed(item)) return [item.name];
        return [];
      });
    }
  }
  return [];
}

function unquote(value: unknown): string | undefined {
  return typeof value === 'string' ? value.replace(/^"(.*)"$/, '$1') : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isKeyValue = (value: unknown): value is { key: string; value: unknown } =>
  isObject(value) && value.type === 'keyValue' && typeof value.key === 'string';
const isArray = (value: unknown): value is { args: unknown[] } =>
  isObject(value) && value.type === 'array' && Array.isArray(value.args);
const isNamed = (value: unknown): value is { name: string } => isObject(value) && typeof value.name === 'string';
