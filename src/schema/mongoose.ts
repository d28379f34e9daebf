import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, isFalse, isTrue, staticString, unwrap } from '../utils/ast.js';
import { decoratedFields, decoratorsOf } from './decorators.js';
import { plural } from './default-names.js';
import { fieldList, type FactsBuilder } from './facts-builder.js';
import { className, isImported, type ClassNode, type FileIndex } from './source-file.js';
import { isObject, objectProperties, propertyName, propertyValue } from './static-values.js';

interface MongooseSchema {
  /** `new Schema(…)`, or the `@Schema()` class. */
  readonly node: TSESTree.Node;
  readonly variable: string | undefined;
  /** The `collection` schema option. */
  readonly collection: string | undefined;
  /** Model and collection names from the `model()` calls that use the schema, or its class's. */
  readonly names: string[];
  readonly constraints: MongooseConstraint[];
}

interface MongooseConstraint {
  readonly fields: string[];
  readonly describe: (owner: string) => string;
  readonly partial: boolean;
}

const idConstraint: MongooseConstraint = { fields: ['_id'], describe: (owner) => `_id on ${owner}`, partial: false };

/** `new Schema({ … })` with its `index()` and `model()` calls, and `@nestjs/mongoose` `@Schema()` classes. */
export function readMongoose(file: FileIndex, facts: FactsBuilder): void {
  const schemas: MongooseSchema[] = [];
  const byNode = new Map<TSESTree.Node, MongooseSchema>();
  const byVariable = new Map<string, MongooseSchema>();
  const byClass = new Map<string, MongooseSchema>();
  for (const call of file.calls) {
    if (call.type !== AST_NODE_TYPES.NewExpression || !isImported(call.callee, file, 'mongoose', ['Schema'])) continue;
    const schema = schemaFromDefinition(call, file);
    schemas.push(schema);
    byNode.set(call, schema);
    if (schema.variable !== undefined) byVariable.set(schema.variable, schema);
  }
  for (const node of file.classes) {
    const name = className(node, file);
    const schema = name === undefined ? undefined : nestSchemaClass(node, name, file);
    if (schema && name !== undefined) {
      schemas.push(schema);
      byClass.set(name, schema);
    }
  }
  const calls = file.calls.filter(
    (call): call is TSESTree.CallExpression => call.type === AST_NODE_TYPES.CallExpression,
  );
  for (const call of calls) {
    if (calleeName(call) === 'createForClass') linkCreateForClass(call, file, byClass, byVariable);
  }
  for (const call of calls) {
    const method = calleeName(call);
    if (method === 'index') readSchemaIndex(call, byVariable);
    else if (method === 'model') linkModel(call, byNode, byVariable);
  }
  for (const schema of schemas) {
    const names = schema.names.length > 0 ? schema.names : fallbackSchemaName(schema);
    const resources = schema.collection === undefined ? names : [...names, schema.collection];
    const [owner] = resources;
    if (owner === undefined) continue;
    facts.declare(resources, { library: 'mongoose', range: schema.node.range });
    for (const constraint of schema.constraints) {
      facts.add(resources, constraint.fields, constraint.describe(owner), constraint.partial);
    }
  }
}

function schemaFromDefinition(call: TSESTree.NewExpression, file: FileIndex): MongooseSchema {
  const [definition, options] = call.arguments;
  const schema: MongooseSchema = {
    node: call,
    variable: file.nameOf.get(call),
    collection: staticString(propertyValue(options, 'collection')),
    names: [],
    constraints: isFalse(propertyValue(options, '_id')) ? [] : [idConstraint],
  };
  readSchemaPaths(definition, '', schema);
  return schema;
}

/** Schema paths, nested objects included: `{ profile: { handle: { type: String, unique: true } } }`. */
function readSchemaPaths(definition: TSESTree.Node | undefined, prefix: string, schema: MongooseSchema): void {
  for (const entry of objectProperties(definition)) {
    const key = propertyName(entry);
    if (key === undefined || !isObject(entry.value)) continue;
    const path = `${prefix}${key}`;
    // An object without `type` is a nested path, not a path's options.
    if (propertyValue(entry.value, 'type') === undefined) {
      readSchemaPaths(entry.value, `${path}.`, schema);
      continue;
    }
    const constraint = pathConstraint(entry.value);
    if (constraint) schema.constraints.push(uniquePath(path, constraint.label, constraint.partial));
  }
}

/** `unique: true` (also `unique: [true, message]`) or `index: { unique: true }` among a path's options. */
function pathConstraint(options: TSESTree.Node): { label: string; partial: boolean } | undefined {
  const uniqueOption = propertyValue(options, 'unique');
  const uniqueValue = uniqueOption?.type === AST_NODE_TYPES.ArrayExpression ? uniqueOption.elements[0] : uniqueOption;
  if (isTrue(uniqueValue ?? undefined)) return { label: 'unique: true', partial: false };
  const index = propertyValue(options, 'index');
  if (isTrue(propertyValue(index, 'unique'))) {
    return { label: 'index: { unique: true }', partial: propertyValue(index, 'partialFilterExpression') !== undefined };
  }
  return undefined;
}

/** One unique path, described as `<label> on <owner>.<path>`. */
function uniquePath(path: string, label: string, partial: boolean): MongooseConstraint {
  return { fields: [path], describe: (owner) => `${label} on ${owner}.${path}`, partial };
}

/** `userSchema.index({ orgId: 1, email: 1 }, { unique: true })`. */
function readSchemaIndex(call: TSESTree.CallExpression, byVariable: Map<string, MongooseSchema>): void {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return;
  const variable = callee.object.name;
  const schema = byVariable.get(variable);
  const [keys, options] = call.arguments;
  if (!schema || !isTrue(propertyValue(options, 'unique'))) return;
  const fields = objectProperties(keys).map(propertyName);
  if (fields.length === 0 || !fields.every((field): field is string => field !== undefined)) return;
  schema.constraints.push({
    fields,
    describe: () => `${variable}.index({ ${fieldList(fields)} }, { unique: true })`,
    partial: propertyValue(options, 'partialFilterExpression') !== undefined,
  });
}

/** `model('User', userSchema)`, `mongoose.model<IUser>('User', schema, 'people')`, `conn.model(…)`. */
function linkModel(
  call: TSESTree.CallExpression,
  byNode: Map<TSESTree.Node, MongooseSchema>,
  byVariable: Map<string, MongooseSchema>,
): void {
  const [nameArg, schemaArg, collectionArg] = call.arguments;
  const name = staticString(nameArg);
  if (name === undefined || !schemaArg) return;
  const bare = unwrap(schemaArg);
  const schema = bare.type === AST_NODE_TYPES.Identifier ? byVariable.get(bare.name) : byNode.get(bare);
  if (!schema) return;
  // Mongoose's default collection is the lower-cased plural of the model name.
  const collection = staticString(collectionArg) ?? schema.collection ?? plural(name.toLowerCase());
  for (const resource of [name, collection]) {
    if (!schema.names.includes(resource)) schema.names.push(resource);
  }
}

/** A schema not passed to `model()` in its file is named after its variable: `userSchema` → `user`. */
function fallbackSchemaName(schema: MongooseSchema): string[] {
  const name = schema.variable?.replace(/Schema$/, '');
  return name ? [name] : [];
}

/** `@Schema() class User { @Prop({ unique: true }) email: string }` from `@nestjs/mongoose`. */
function nestSchemaClass(node: ClassNode, name: string, file: FileIndex): MongooseSchema | undefined {
  const decorator = decoratorsOf(node, file, 'mongoose').find(
    (d) => d.binding.name === 'Schema' && d.binding.source === '@nestjs/mongoose',
  );
  if (!decorator) return undefined;
  const collection = staticString(propertyValue(decorator.args[0], 'collection'));
  const schema: MongooseSchema = {
    node,
    variable: undefined,
    collection,
    names: [name, collection ?? plural(name.toLowerCase())],
    constraints: [idConstraint],
  };
  for (const { field, decorators } of decoratedFields(node, file, 'mongoose')) {
    const prop = decorators.find((d) => d.binding.name === 'Prop');
    const constraint = prop?.args[0] && pathConstraint(prop.args[0]);
    if (constraint) schema.constraints.push(uniquePath(field, `@Prop({ ${constraint.label} })`, constraint.partial));
  }
  return schema;
}

/** `export const UserSchema = SchemaFactory.createForClass(User)` gives the class's schema a variable. */
function linkCreateForClass(
  call: TSESTree.CallExpression,
  file: FileIndex,
  byClass: Map<string, MongooseSchema>,
  byVariable: Map<string, MongooseSchema>,
): void {
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return;
  if (!isImported(call.callee.object, file, 'mongoose', ['SchemaFactory'])) return;
  const [target] = call.arguments;
  const schema = target?.type === AST_NODE_TYPES.Identifier ? byClass.get(target.name) : undefined;
  const variable = file.nameOf.get(call);
  if (schema && variable !== undefined) byVariable.set(variable, schema);
}
