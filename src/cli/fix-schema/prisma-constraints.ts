import { getSchema, printSchema, type Field, type Model, type Schema } from '@mrleebo/prisma-ast';
import { normalizeName, sameResource } from '../../utils/names.js';
import { InputError } from '../errors.js';
import { oneLine } from '../../utils/messages.js';
import type { MissingConstraint } from '../missing-constraint.js';

export interface SchemaEdit {
  readonly text: string;
  /** Constraints added, as written: `@unique on Coupon.code`. */
  readonly added: readonly string[];
  /** Constraints that could not be added, with the reason. */
  readonly skipped: readonly string[];
}

/**
 * The schema with `@unique` (one field) or `@@unique([...])` (several) added to the models that
 * lack them. Only the edited models are reprinted, so the rest of the file keeps its layout.
 */
export function addPrismaConstraints(text: string, file: string, wanted: readonly MissingConstraint[]): SchemaEdit {
  const schema = parsePrisma(text, file);
  const models = schema.list.filter((block): block is Model => block.type === 'model');
  const edited = new Set<Model>();
  const added: string[] = [];
  const skipped: string[] = [];
  for (const { resource, fields } of wanted) {
    const model = models.find((candidate) => modelNames(candidate).some((name) => sameResource(name, resource)));
    if (!model) {
      skipped.push(`${resource} (${fields.join(', ')}): no model ${resource} in ${file}`);
      continue;
    }
    const modelFields = fields.map((field) => fieldOf(model, field));
    const unknown = fields.filter((_, i) => modelFields[i] === undefined);
    if (unknown.length > 0) {
      skipped.push(`${model.name} (${fields.join(', ')}): ${model.name} has no field ${unknown.join(', ')}`);
      continue;
    }
    added.push(addUnique(model, modelFields as Field[]));
    edited.add(model);
  }
  let result = text;
  for (const model of edited) result = replaceBlock(result, model, file);
  return { text: result, added, skipped };
}

/** The schema's syntax tree, or an input error naming the file and the line where parsing stopped. */
export function parsePrisma(text: string, file: string): Schema {
  try {
    return getSchema(text);
  } catch (error) {
    const { token } = error as { token?: { startLine?: number; image?: string } };
    const at = token?.startLine === undefined ? '' : `:${token.startLine}`;
    const found = token?.image ? `unexpected "${token.image}"` : oneLine(error);
    throw new InputError(`cannot parse ${file}${at}: ${found}`);
  }
}

function addUnique(model: Model, fields: readonly Field[]): string {
  const [only] = fields;
  if (only && fields.length === 1) {
    only.attributes = [...(only.attributes ?? []), { type: 'attribute', kind: 'field', name: 'unique' }];
    return `@unique on ${model.name}.${only.name}`;
  }
  const names = fields.map((field) => field.name);
  model.properties.push({
    type: 'attribute',
    kind: 'object',
    name: 'unique',
    args: [{ type: 'attributeArgument', value: { type: 'array', args: names } }],
  });
  return `@@unique([${names.join(', ')}]) on ${model.name}`;
}

/** The model's name and the table name its `@@map` gives. */
function modelNames(model: Model): string[] {
  const mapped = model.properties.flatMap((property) =>
    property.type === 'attribute' && property.name === 'map' && typeof property.args[0]?.value === 'string'
      ? [property.args[0].value.replace(/^"(.*)"$/, '$1')]
      : [],
  );
  return [model.name, ...mapped];
}

function fieldOf(model: Model, name: string): Field | undefined {
  return model.properties.find(
    (property): property is Field => property.type === 'field' && normalizeName(property.name) === normalizeName(name),
  );
}

/** The text with the model's block, from `model Name {` to the `}` that starts a line, reprinted. */
function replaceBlock(text: string, model: Model, file: string): string {
  const start = new RegExp(`^model\\s+${model.name}\\s*\\{`, 'm').exec(text);
  const end = start ? /^\}/m.exec(text.slice(start.index)) : null;
  if (!start || !end) throw new InputError(`cannot find model ${model.name} in ${file}`);
  const printed = printSchema({ type: 'schema', list: [model] }).trim();
  return text.slice(0, start.index) + printed + text.slice(start.index + end.index + 1);
}
