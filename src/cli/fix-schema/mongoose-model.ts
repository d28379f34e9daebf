import { Node, SyntaxKind, type ClassDeclaration, type ClassExpression, type NewExpression, type PropertyAssignment } from 'ts-morph';
import { normalizeName } from '../../utils/names.js';
import type { MissingConstraint } from '../missing-constraint.js';
import { resolveClassFields, skipAll, skipReason, type ModelOutcome } from './model-outcome.js';
import {
  decoratorNamed,
  keyOf,
  lastName,
  markUnique,
  propertyAssignments,
  propertyKey,
  propertyValue,
  setDecoratorOption,
  withoutParentheses,
  type SourceEdits,
} from './source-edits.js';

/**
 * Mongoose: `unique: true` on the path of a single field, `schema.index({ a: 1, b: 1 }, { unique:
 * true })` after the schema's declaration for several. `@nestjs/mongoose` classes: `unique: true`
 * in the field's `@Prop()`, or the index on the schema `SchemaFactory.createForClass` makes.
 */
export function addMongooseConstraints(node: Node, wanted: readonly MissingConstraint[], edits: SourceEdits): ModelOutcome {
  if (Node.isNewExpression(node)) return addToSchema(node, wanted, edits);
  if (Node.isClassDeclaration(node) || Node.isClassExpression(node)) return addToSchemaClass(node, wanted, edits);
  return skipAll(wanted, 'its declaration is neither new Schema(…) nor a @Schema() class');
}

interface SchemaPath {
  readonly path: string;
  readonly property: PropertyAssignment;
}

function addToSchema(node: NewExpression, wanted: readonly MissingConstraint[], edits: SourceEdits): ModelOutcome {
  const [definition] = node.getArguments();
  if (!Node.isObjectLiteralExpression(definition)) return skipAll(wanted, 'its schema definition is not an object literal');
  const variable = node.getParentIfKind(SyntaxKind.VariableDeclaration);
  const outcome: ModelOutcome = { added: [], skipped: [] };
  for (const constraint of wanted) {
    const paths = constraint.fields.map((field) => schemaPath(definition, field));
    const missing = constraint.fields.filter((_, i) => paths[i] === undefined);
    if (missing.length > 0) {
      outcome.skipped.push(skipReason(constraint, `the schema of ${constraint.resource} has no path ${missing.join(', ')}`));
      continue;
    }
    const found = paths as SchemaPath[];
    const [only] = found;
    if (only && found.length === 1) {
      const value = withoutParentheses(only.property.getInitializerOrThrow());
      // An object without `type` holds nested paths.
      if (Node.isObjectLiteralExpression(value) && propertyValue(value, 'type') === undefined) {
        outcome.skipped.push(skipReason(constraint, `${only.path} is a nested object, not a path`));
      } else if (markUnique(only.property, edits, isSchemaType)) {
        outcome.added.push(`unique: true on ${constraint.resource}.${only.path}`);
      } else {
        outcome.skipped.push(skipReason(constraint, `${only.path} is neither a schema type nor an object of options`));
      }
      continue;
    }
    const statement = variable?.getVariableStatement();
    if (!variable || !statement) {
      outcome.skipped.push(skipReason(constraint, `the schema of ${constraint.resource} is not kept in a variable to index`));
      continue;
    }
    outcome.added.push(addSchemaIndex(statement, variable.getName(), found.map(({ path }) => path), edits));
  }
  return outcome;
}

/** The schema types a path names bare: `String`, `[String]`, `Schema.Types.ObjectId`. */
const schemaTypes = new Set(['String', 'Number', 'Date', 'Boolean', 'Buffer', 'Map', 'BigInt', 'ObjectId', 'Decimal128', 'UUID', 'Mixed']);
const isSchemaType = (value: Node): boolean => Node.isArrayLiteralExpression(value) || schemaTypes.has(lastName(value) ?? '');

/** The schema definition's property for a path, nested ones (`profile.handle`) included. */
function schemaPath(definition: Node | undefined, field: string, prefix = ''): SchemaPath | undefined {
  for (const property of propertyAssignments(definition)) {
    const key = keyOf(property);
    if (normalizeName(key) === normalizeName(field)) return { path: `${prefix}${key}`, property };
    const value = withoutParentheses(property.getInitializerOrThrow());
    if (field.startsWith(`${key}.`) && Node.isObjectLiteralExpression(value) && propertyValue(value, 'type') === undefined) {
      return schemaPath(value, field.slice(key.length + 1), `${prefix}${key}.`);
    }
  }
  return undefined;
}

function addToSchemaClass(node: ClassDeclaration | ClassExpression, wanted: readonly MissingConstraint[], edits: SourceEdits): ModelOutcome {
  const model = node.getName() ?? 'the schema class';
  const schema = node.getName() === undefined ? undefined : schemaOfClass(node, model);
  const { resolved, outcome } = resolveClassFields(node, wanted, model);
  for (const { constraint, members } of resolved) {
    const [only] = members;
    const prop = members.length === 1 ? decoratorNamed(only.getDecorators(), edits, '@nestjs/mongoose', 'Prop') : undefined;
    if (prop && setDecoratorOption(prop, edits, 'unique', 'true')) {
      outcome.added.push(`@Prop({ unique: true }) on ${model}.${only.getName()}`);
    } else if (schema) {
      outcome.added.push(addSchemaIndex(schema.statement, schema.name, members.map((property) => property.getName()), edits));
    } else {
      outcome.skipped.push(skipReason(constraint, `no SchemaFactory.createForClass(${model}) kept in a variable to index`));
    }
  }
  return outcome;
}

/** `export const UserSchema = SchemaFactory.createForClass(User)`: the variable and its statement. */
function schemaOfClass(node: Node, model: string): { name: string; statement: Node } | undefined {
  for (const call of node.getSourceFile().getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'createForClass') continue;
    if (call.getArguments()[0]?.getText() !== model) continue;
    const variable = call.getParentIfKind(SyntaxKind.VariableDeclaration);
    const statement = variable?.getVariableStatement();
    if (variable && statement) return { name: variable.getName(), statement };
  }
  return undefined;
}

/** `schema.index({ a: 1, b: 1 }, { unique: true });` on the line after the schema's statement. */
function addSchemaIndex(statement: Node, schema: string, paths: readonly string[], edits: SourceEdits): string {
  const keys = paths.map((path) => `${propertyKey(path, edits)}: 1`).join(', ');
  const call = `${schema}.index({ ${keys} }, { unique: true })`;
  edits.insertLineAfter(statement, `${call}${statement.getText().endsWith(';') ? ';' : ''}`);
  return call;
}
