import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { parse, simpleTraverse } from '@typescript-eslint/typescript-estree';
import { calleeName, chainOf, memberName, staticString, unwrap } from '../utils/ast.js';
import { emptyFacts, type ResourceDeclaration, type SchemaFacts, type UniqueConstraint } from './types.js';

/**
 * Unique constraints declared in TypeScript or JavaScript model files: TypeORM entities and
 * `EntitySchema`s, Mongoose schemas (also `@nestjs/mongoose` classes), Drizzle table builders
 * and Sequelize `init`/`define`/`sequelize-typescript` models. A library is recognised by what
 * the file imports; a file that imports none of them yields `emptyFacts`.
 *
 * Fields are the names code queries by: entity property names, schema paths, Drizzle column
 * keys, Sequelize attribute names. A column renamed in the database (`@Column({ name })`,
 * `text('email_address')`, `field:`) is still recorded under its property name.
 */
export function readTypeScriptSchema(program: TSESTree.Program, source: string): SchemaFacts {
  try {
    const file = indexFile(program);
    const libraries = new Set([...file.imports.values()].map((binding) => binding.library));
    if (libraries.size === 0) return emptyFacts;
    const facts = new FactsBuilder(source);
    if (libraries.has('typeorm')) readTypeOrm(file, facts);
    if (libraries.has('mongoose')) readMongoose(file, facts);
    if (libraries.has('drizzle')) readDrizzle(file, facts);
    if (libraries.has('sequelize')) readSequelize(file, facts);
    return facts.build();
  } catch {
    return emptyFacts;
  }
}

/** Parses a model file for `readTypeScriptSchema`; `undefined` when it does not parse. */
export function parseTypeScriptFile(text: string, source: string): TSESTree.Program | undefined {
  try {
    return parse(text, { jsx: !/\.[cm]?ts$/i.test(source), range: true, loc: false, comment: false });
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Output

class FactsBuilder {
  private readonly constraints = new Map<string, UniqueConstraint>();
  private readonly declarations = new Map<string, ResourceDeclaration>();

  constructor(private readonly source: string) {}

  declare(resources: readonly string[]): void {
    const names = unique(resources);
    if (names.length > 0) this.declarations.set(JSON.stringify(names), { resources: names, source: this.source });
  }

  add(resources: readonly string[], fields: readonly string[], description: string, partial = false): void {
    const names = unique(resources);
    const columns = unique(fields);
    if (names.length === 0 || columns.length === 0) return;
    const constraint: UniqueConstraint = {
      resources: names,
      fields: columns,
      source: this.source,
      description,
      ...(partial ? { partial: true } : {}),
    };
    this.constraints.set(JSON.stringify([names, columns, description, partial]), constraint);
  }

  build(): SchemaFacts {
    if (this.declarations.size === 0 && this.constraints.size === 0) return emptyFacts;
    return {
      constraints: [...this.constraints.values()],
      declarations: [...this.declarations.values()],
      files: [this.source],
    };
  }
}

// ---------------------------------------------------------------------------------------------
// What the file imports, binds and calls

type Library = 'typeorm' | 'mongoose' | 'drizzle' | 'sequelize';

interface ImportBinding {
  readonly library: Library;
  readonly source: string;
  /** The exported name, or `*` for a namespace or default import. */
  readonly name: string;
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

interface FileIndex {
  readonly imports: Map<string, ImportBinding>;
  /** `const name = init`: the (unwrapped) initialiser by name, and the name by initialiser. */
  readonly initOf: Map<string, TSESTree.Node>;
  readonly nameOf: Map<TSESTree.Node, string>;
  readonly classes: ClassNode[];
  readonly calls: (TSESTree.CallExpression | TSESTree.NewExpression)[];
}

function libraryOf(source: string): Library | undefined {
  if (source === 'typeorm' || source.startsWith('typeorm/')) return 'typeorm';
  if (source === 'mongoose' || source === '@nestjs/mongoose') return 'mongoose';
  if (source === 'drizzle-orm' || source.startsWith('drizzle-orm/')) return 'drizzle';
  if (source === 'sequelize' || source === 'sequelize-typescript' || source === '@sequelize/core') return 'sequelize';
  return undefined;
}

function indexFile(program: TSESTree.Program): FileIndex {
  const file: FileIndex = { imports: new Map(), initOf: new Map(), nameOf: new Map(), classes: [], calls: [] };
  simpleTraverse(program, {
    enter(node) {
      switch (node.type) {
        case AST_NODE_TYPES.ImportDeclaration:
          recordImport(node, file.imports);
          break;
        case AST_NODE_TYPES.VariableDeclarator:
          recordVariable(node, file);
          break;
        case AST_NODE_TYPES.ClassDeclaration:
        case AST_NODE_TYPES.ClassExpression:
          file.classes.push(node);
          break;
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          file.calls.push(node);
          break;
        default:
          break;
      }
    },
  });
  return file;
}

function recordImport(node: TSESTree.ImportDeclaration, imports: Map<string, ImportBinding>): void {
  const source = node.source.value;
  const library = libraryOf(source);
  if (!library) return;
  for (const specifier of node.specifiers) {
    const name =
      specifier.type === AST_NODE_TYPES.ImportSpecifier
        ? specifier.imported.type === AST_NODE_TYPES.Identifier
          ? specifier.imported.name
          : specifier.imported.value
        : '*';
    imports.set(specifier.local.name, { library, source, name });
  }
}

/**
 * Records `const x = init`, and treats `require('mongoose')`, `const { Schema } = mongoose` and
 * `const Schema = mongoose.Schema` as imports.
 */
function recordVariable(node: TSESTree.VariableDeclarator, file: FileIndex): void {
  if (!node.init) return;
  const init = unwrap(node.init);
  if (node.id.type === AST_NODE_TYPES.Identifier) {
    if (!file.initOf.has(node.id.name)) file.initOf.set(node.id.name, init);
    file.nameOf.set(init, node.id.name);
  }
  const required = requiredSource(init);
  const requiredLibrary = required === undefined ? undefined : libraryOf(required);
  const namespace =
    required !== undefined && requiredLibrary
      ? { library: requiredLibrary, source: required }
      : init.type === AST_NODE_TYPES.Identifier
        ? namespaceBinding(init.name, file.imports)
        : undefined;
  if (namespace && node.id.type === AST_NODE_TYPES.Identifier) {
    file.imports.set(node.id.name, { ...namespace, name: '*' });
  } else if (namespace && node.id.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of node.id.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.value.type !== AST_NODE_TYPES.Identifier) continue;
      const name = propertyName(property);
      if (name !== undefined) file.imports.set(property.value.name, { ...namespace, name });
    }
  } else if (node.id.type === AST_NODE_TYPES.Identifier) {
    const imported = resolveImport(init, file.imports);
    if (imported && imported.name !== '*') file.imports.set(node.id.name, imported);
  }
}

function requiredSource(node: TSESTree.Node): string | undefined {
  if (
    node.type !== AST_NODE_TYPES.CallExpression ||
    node.callee.type !== AST_NODE_TYPES.Identifier ||
    node.callee.name !== 'require'
  ) {
    return undefined;
  }
  return staticString(node.arguments[0]);
}

function namespaceBinding(
  name: string,
  imports: Map<string, ImportBinding>,
): { library: Library; source: string } | undefined {
  const binding = imports.get(name);
  return binding?.name === '*' ? { library: binding.library, source: binding.source } : undefined;
}

/** What an identifier or `namespace.member` refers to among the file's library imports. */
function resolveImport(node: TSESTree.Node, imports: Map<string, ImportBinding>): ImportBinding | undefined {
  const bare = unwrap(node);
  if (bare.type === AST_NODE_TYPES.Identifier) return imports.get(bare.name);
  if (bare.type !== AST_NODE_TYPES.MemberExpression || bare.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const namespace = namespaceBinding(bare.object.name, imports);
  const name = memberName(bare);
  return namespace && name !== undefined ? { ...namespace, name } : undefined;
}

function isImported(
  node: TSESTree.Node,
  file: FileIndex,
  library: Library,
  names: readonly string[],
): boolean {
  const binding = resolveImport(node, file.imports);
  return binding?.library === library && names.includes(binding.name);
}

// ---------------------------------------------------------------------------------------------
// Small AST helpers

interface DecoratorCall {
  readonly binding: ImportBinding;
  readonly args: readonly TSESTree.Node[];
}

/** `@Name`, `@Name(args)` or `@ns.Name(args)`, resolved through the file's imports. */
function decoratorCall(decorator: TSESTree.Decorator, file: FileIndex): DecoratorCall | undefined {
  const expression = decorator.expression;
  const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
  const binding = resolveImport(callee, file.imports);
  if (!binding) return undefined;
  return { binding, args: expression.type === AST_NODE_TYPES.CallExpression ? expression.arguments : [] };
}

function decoratorsOf(
  node: ClassNode | TSESTree.PropertyDefinition,
  file: FileIndex,
  library: Library,
): DecoratorCall[] {
  return node.decorators.flatMap((decorator) => {
    const call = decoratorCall(decorator, file);
    return call?.binding.library === library ? [call] : [];
  });
}

function propertyName(node: TSESTree.Property | TSESTree.PropertyDefinition): string | undefined {
  if (node.key.type === AST_NODE_TYPES.Identifier && !node.computed) return node.key.name;
  if (node.key.type === AST_NODE_TYPES.Literal) return String(node.key.value);
  return staticString(node.key);
}

function properties(node: TSESTree.Node | undefined): TSESTree.Property[] {
  const object = node && unwrap(node);
  if (object?.type !== AST_NODE_TYPES.ObjectExpression) return [];
  return object.properties.filter((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property);
}

function property(node: TSESTree.Node | undefined, name: string): TSESTree.Node | undefined {
  return properties(node).findLast((p) => propertyName(p) === name)?.value;
}

function isObject(node: TSESTree.Node | undefined): boolean {
  return node !== undefined && unwrap(node).type === AST_NODE_TYPES.ObjectExpression;
}

function isTrue(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Literal && node.value === true;
}

function isFalse(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Literal && node.value === false;
}

/** `['a', 'b']` → `['a', 'b']`; `undefined` unless every element is a string. */
function stringArray(node: TSESTree.Node | undefined): string[] | undefined {
  const array = node && unwrap(node);
  if (array?.type !== AST_NODE_TYPES.ArrayExpression || array.elements.length === 0) return undefined;
  const names = array.elements.map((element) => staticString(element ?? undefined));
  return names.every((name): name is string => name !== undefined) ? names : undefined;
}

/** The expression a function returns: `(t) => x`, `(t) => { return x; }`. */
function returnedExpression(node: TSESTree.Node | undefined): TSESTree.Node | undefined {
  const fn = node && unwrap(node);
  if (fn?.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn?.type !== AST_NODE_TYPES.FunctionExpression) {
    return undefined;
  }
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return unwrap(fn.body);
  const statement = fn.body.body.find((s) => s.type === AST_NODE_TYPES.ReturnStatement);
  return statement?.argument ? unwrap(statement.argument) : undefined;
}

function firstParameterName(node: TSESTree.Node | undefined): string | undefined {
  const fn = node && unwrap(node);
  if (fn?.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn?.type !== AST_NODE_TYPES.FunctionExpression) {
    return undefined;
  }
  const [parameter] = fn.params;
  return parameter?.type === AST_NODE_TYPES.Identifier ? parameter.name : undefined;
}

/** Properties read from `parameter` anywhere inside the nodes, in order: `t.email`, `sql\`lower(${t.email})\``. */
function parameterMembers(nodes: readonly TSESTree.Node[], parameter: string): string[] {
  const names: string[] = [];
  for (const node of nodes) {
    simpleTraverse(node, {
      enter(child) {
        if (
          child.type === AST_NODE_TYPES.MemberExpression &&
          child.object.type === AST_NODE_TYPES.Identifier &&
          child.object.name === parameter
        ) {
          const name = memberName(child);
          if (name !== undefined) names.push(name);
        }
      },
    });
  }
  return names;
}

/** `(e) => [e.a, e.b]` → `['a', 'b']`, as TypeORM and some index options accept. */
function fieldsFromArrow(node: TSESTree.Node | undefined): string[] | undefined {
  const parameter = firstParameterName(node);
  const returned = returnedExpression(node);
  if (parameter === undefined || returned?.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const names = parameterMembers(
    returned.elements.filter((element) => element !== null),
    parameter,
  );
  return names.length === returned.elements.length ? names : undefined;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function list(fields: readonly string[]): string {
  return fields.join(', ');
}

/** TypeORM's default table name: `UserProfile` → `user_profile`. */
function snakeCase(name: string): string {
  return name
    .replace(/([A-Z])([A-Z])([a-z])/g, '$1_$2$3')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** A simple English plural, as Mongoose and Sequelize name collections and tables by default. */
function plural(name: string): string {
  if (/(?:s|x|z|ch|sh)$/i.test(name)) return `${name}es`;
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  return `${name}s`;
}

function className(node: ClassNode, file: FileIndex): string | undefined {
  return node.id?.name ?? file.nameOf.get(node);
}

// ---------------------------------------------------------------------------------------------
// TypeORM

const TYPEORM_PRIMARY = ['PrimaryColumn', 'PrimaryGeneratedColumn', 'ObjectIdColumn'];

function readTypeOrm(file: FileIndex, facts: FactsBuilder): void {
  for (const node of file.classes) {
    const entity = decoratorsOf(node, file, 'typeorm').find((d) => d.binding.name === 'Entity');
    const name = className(node, file);
    if (entity && name !== undefined) readEntityClass(node, name, entity, file, facts);
  }
  for (const call of file.calls) {
    if (call.type === AST_NODE_TYPES.NewExpression && isImported(call.callee, file, 'typeorm', ['EntitySchema'])) {
      readEntitySchema(call.arguments[0], facts);
    }
  }
}

function readEntityClass(
  node: ClassNode,
  name: string,
  entity: DecoratorCall,
  file: FileIndex,
  facts: FactsBuilder,
): void {
  const [first, second] = entity.args;
  const table = staticString(first) ?? staticString(property(first, 'name')) ?? staticString(property(second, 'name'));
  const resources = [name, table ?? snakeCase(name)];
  facts.declare(resources);

  const primary: { field: string; decorator: string }[] = [];
  for (const member of node.body.body) {
    if (member.type !== AST_NODE_TYPES.PropertyDefinition) continue;
    const field = propertyName(member);
    if (field === undefined) continue;
    for (const decorator of decoratorsOf(member, file, 'typeorm')) {
      const kind = decorator.binding.name;
      if (TYPEORM_PRIMARY.includes(kind)) primary.push({ field, decorator: kind });
      else readTypeOrmPropertyDecorator(decorator, `${name}.${field}`, resources, field, facts);
    }
  }
  // Several primary columns form one composite key.
  const [only] = primary;
  if (primary.length === 1 && only) facts.add(resources, [only.field], `@${only.decorator}() on ${name}.${only.field}`);
  if (primary.length > 1) {
    const fields = primary.map((p) => p.field);
    facts.add(resources, fields, `primary key (${list(fields)}) on ${name}`);
  }

  for (const decorator of decoratorsOf(node, file, 'typeorm')) {
    readTypeOrmClassDecorator(decorator, name, resources, facts);
  }
}

function readTypeOrmPropertyDecorator(
  decorator: DecoratorCall,
  target: string,
  resources: readonly string[],
  field: string,
  facts: FactsBuilder,
): void {
  const options = decorator.args.find(isObject);
  const label = staticString(decorator.args[0]);
  switch (decorator.binding.name) {
    case 'Column':
      if (isTrue(property(options, 'unique'))) facts.add(resources, [field], `@Column({ unique: true }) on ${target}`);
      break;
    case 'Index':
      if (isTrue(property(options, 'unique'))) {
        const description = `@Index(${label ? `'${label}', ` : ''}{ unique: true }) on ${target}`;
        facts.add(resources, [field], description, property(options, 'where') !== undefined);
      }
      break;
    case 'Unique':
      facts.add(resources, [field], label ? `@Unique('${label}') on ${target}` : `@Unique() on ${target}`);
      break;
    default:
      break;
  }
}

/** `@Index(['a', 'b'], { unique: true })`, `@Index('name', fields, options)`, `@Unique('name', fields)`. */
function readTypeOrmClassDecorator(
  decorator: DecoratorCall,
  name: string,
  resources: readonly string[],
  facts: FactsBuilder,
): void {
  const kind = decorator.binding.name;
  if (kind !== 'Index' && kind !== 'Unique') return;
  const label = staticString(decorator.args[0]);
  const args = label === undefined ? decorator.args : decorator.args.slice(1);
  const fields = stringArray(args[0]) ?? fieldsFromArrow(args[0]);
  const options = args.find(isObject);
  if (!fields || (kind === 'Index' && !isTrue(property(options, 'unique')))) return;
  const description = `@${kind}${label ? `('${label}')` : ''} on ${name}(${list(fields)})`;
  facts.add(resources, fields, description, property(options, 'where') !== undefined);
}

/** `new EntitySchema({ name, tableName, columns: { email: { unique: true } }, indices, uniques })`. */
function readEntitySchema(options: TSESTree.Node | undefined, facts: FactsBuilder): void {
  const name = staticString(property(options, 'name'));
  if (name === undefined) return;
  const resources = [name, staticString(property(options, 'tableName')) ?? snakeCase(name)];
  facts.declare(resources);
  const primary: string[] = [];
  for (const column of properties(property(options, 'columns'))) {
    const field = propertyName(column);
    if (field === undefined) continue;
    if (isTrue(property(column.value, 'primary'))) primary.push(field);
    if (isTrue(property(column.value, 'unique'))) facts.add(resources, [field], `unique: true on ${name}.${field}`);
  }
  const [onlyPrimary] = primary;
  if (primary.length === 1 && onlyPrimary) facts.add(resources, primary, `primary: true on ${name}.${onlyPrimary}`);
  if (primary.length > 1) facts.add(resources, primary, `primary key (${list(primary)}) on ${name}`);
  for (const key of ['indices', 'uniques']) {
    const entries = property(options, key);
    if (entries?.type !== AST_NODE_TYPES.ArrayExpression) continue;
    for (const entry of entries.elements) {
      if (!entry || (key === 'indices' && !isTrue(property(entry, 'unique')))) continue;
      const fields = stringArray(property(entry, 'columns')) ?? fieldsFromArrow(property(entry, 'columns'));
      if (!fields) continue;
      const label = staticString(property(entry, 'name')) ?? `${key} on ${name}(${list(fields)})`;
      facts.add(resources, fields, label, property(entry, 'where') !== undefined);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Mongoose

interface MongooseSchema {
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

function readMongoose(file: FileIndex, facts: FactsBuilder): void {
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
    facts.declare(resources);
    for (const constraint of schema.constraints) {
      facts.add(resources, constraint.fields, constraint.describe(owner), constraint.partial);
    }
  }
}

function schemaFromDefinition(call: TSESTree.NewExpression, file: FileIndex): MongooseSchema {
  const [definition, options] = call.arguments;
  const schema: MongooseSchema = {
    variable: file.nameOf.get(call),
    collection: staticString(property(options, 'collection')),
    names: [],
    constraints: isFalse(property(options, '_id')) ? [] : [idConstraint],
  };
  readSchemaPaths(definition, '', schema);
  return schema;
}

/** Schema paths, nested objects included: `{ profile: { handle: { type: String, unique: true } } }`. */
function readSchemaPaths(definition: TSESTree.Node | undefined, prefix: string, schema: MongooseSchema): void {
  for (const entry of properties(definition)) {
    const key = propertyName(entry);
    if (key === undefined || !isObject(entry.value)) continue;
    const path = `${prefix}${key}`;
    // An object without `type` is a nested path, not a path's options.
    if (property(entry.value, 'type') === undefined) {
      readSchemaPaths(entry.value, `${path}.`, schema);
      continue;
    }
    const constraint = pathConstraint(entry.value);
    if (constraint) {
      schema.constraints.push({
        fields: [path],
        describe: (owner) => `${constraint.label} on ${owner}.${path}`,
        partial: constraint.partial,
      });
    }
  }
}

/** `unique: true` (also `unique: [true, message]`) or `index: { unique: true }` among a path's options. */
function pathConstraint(options: TSESTree.Node): { label: string; partial: boolean } | undefined {
  const uniqueOption = property(options, 'unique');
  const uniqueValue = uniqueOption?.type === AST_NODE_TYPES.ArrayExpression ? uniqueOption.elements[0] : uniqueOption;
  if (isTrue(uniqueValue ?? undefined)) return { label: 'unique: true', partial: false };
  const index = property(options, 'index');
  if (isTrue(property(index, 'unique'))) {
    return { label: 'index: { unique: true }', partial: property(index, 'partialFilterExpression') !== undefined };
  }
  return undefined;
}

/** `userSchema.index({ orgId: 1, email: 1 }, { unique: true })`. */
function readSchemaIndex(call: TSESTree.CallExpression, byVariable: Map<string, MongooseSchema>): void {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return;
  const variable = callee.object.name;
  const schema = byVariable.get(variable);
  const [keys, options] = call.arguments;
  if (!schema || !isTrue(property(options, 'unique'))) return;
  const fields = properties(keys).map(propertyName);
  if (fields.length === 0 || !fields.every((field): field is string => field !== undefined)) return;
  schema.constraints.push({
    fields,
    describe: () => `${variable}.index({ ${list(fields)} }, { unique: true })`,
    partial: property(options, 'partialFilterExpression') !== undefined,
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
  const collection = staticString(property(decorator.args[0], 'collection'));
  const schema: MongooseSchema = {
    variable: undefined,
    collection,
    names: [name, collection ?? plural(name.toLowerCase())],
    constraints: [idConstraint],
  };
  for (const member of node.body.body) {
    if (member.type !== AST_NODE_TYPES.PropertyDefinition) continue;
    const field = propertyName(member);
    const prop = decoratorsOf(member, file, 'mongoose').find((d) => d.binding.name === 'Prop');
    const constraint = prop?.args[0] && pathConstraint(prop.args[0]);
    if (field !== undefined && constraint) {
      schema.constraints.push({
        fields: [field],
        describe: (owner) => `@Prop({ ${constraint.label} }) on ${owner}.${field}`,
        partial: constraint.partial,
      });
    }
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

// ---------------------------------------------------------------------------------------------
// Drizzle

const DRIZZLE_TABLES = ['pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable', 'gelTable'];
const DRIZZLE_TABLE_CREATORS = DRIZZLE_TABLES.map((name) => `${name}Creator`);
const DRIZZLE_SCHEMAS = ['pgSchema', 'mysqlSchema', 'singlestoreSchema', 'gelSchema'];
const DRIZZLE_CONSTRAINTS = ['unique', 'uniqueIndex', 'primaryKey'];

function readDrizzle(file: FileIndex, facts: FactsBuilder): void {
  for (const call of file.calls) {
    if (call.type === AST_NODE_TYPES.CallExpression && isDrizzleTableBuilder(call.callee, file)) {
      readDrizzleTable(call, file, facts);
    }
  }
}

/** `pgTable`, a `pgTableCreator(…)` result, or `.table` of a `pgSchema(…)` result. */
function isDrizzleTableBuilder(callee: TSESTree.Node, file: FileIndex): boolean {
  if (isImported(callee, file, 'drizzle', DRIZZLE_TABLES)) return true;
  const [factory, names] =
    callee.type === AST_NODE_TYPES.Identifier
      ? [file.initOf.get(callee.name), DRIZZLE_TABLE_CREATORS]
      : callee.type === AST_NODE_TYPES.MemberExpression &&
          memberName(callee) === 'table' &&
          callee.object.type === AST_NODE_TYPES.Identifier
        ? [file.initOf.get(callee.object.name), DRIZZLE_SCHEMAS]
        : [undefined, []];
  return factory?.type === AST_NODE_TYPES.CallExpression && isImported(factory.callee, file, 'drizzle', names);
}

function readDrizzleTable(call: TSESTree.CallExpression, file: FileIndex, facts: FactsBuilder): void {
  const [nameArg, columnsArg, extraConfig] = call.arguments;
  const variable = file.nameOf.get(call);
  const table = staticString(nameArg);
  const owner = variable ?? table;
  if (owner === undefined) return;
  const resources = [variable, table].filter((name): name is string => name !== undefined);
  facts.declare(resources);
  // Columns are an object, or since drizzle 0.36 may come from `(t) => ({ id: t.serial() })`.
  const columns = isObject(columnsArg) ? columnsArg : returnedExpression(columnsArg);
  for (const column of properties(columns)) {
    const field = propertyName(column);
    const value = unwrap(column.value);
    if (field === undefined || value.type !== AST_NODE_TYPES.CallExpression) continue;
    for (const link of chainOf(value).links) {
      if (link.name !== 'primaryKey' && link.name !== 'unique') continue;
      const name = link.name === 'unique' ? staticString(link.call.arguments[0]) : undefined;
      facts.add(resources, [field], `.${link.name}(${name ? `'${name}'` : ''}) on ${owner}.${field}`);
    }
  }
  readDrizzleExtraConfig(extraConfig, resources, owner, file, facts);
}

/** `(t) => [unique().on(t.a, t.b), …]`, or the older `(t) => ({ name: uniqueIndex('x').on(t.a) })`. */
function readDrizzleExtraConfig(
  config: TSESTree.Node | undefined,
  resources: readonly string[],
  owner: string,
  file: FileIndex,
  facts: FactsBuilder,
): void {
  const parameter = firstParameterName(config);
  const returned = returnedExpression(config);
  if (parameter === undefined || !returned) return;
  const entries =
    returned.type === AST_NODE_TYPES.ArrayExpression
      ? returned.elements
      : properties(returned).map((entry) => entry.value);
  for (const entry of entries) {
    const node = entry && unwrap(entry);
    if (node?.type !== AST_NODE_TYPES.CallExpression) continue;
    const [builder, ...rest] = chainOf(node).links;
    const kind = builder && resolveImport(builder.call.callee, file.imports);
    if (!builder || kind?.library !== 'drizzle' || !DRIZZLE_CONSTRAINTS.includes(kind.name)) continue;
    const [firstArg] = builder.call.arguments;
    const isPrimary = kind.name === 'primaryKey';
    // `primaryKey({ name, columns: [t.a, t.b] })` or the older `primaryKey(t.a, t.b)`.
    const columnNodes = isPrimary
      ? [property(firstArg, 'columns') ?? builder.call.arguments].flat()
      : rest.filter((link) => ['on', 'onOnly', 'using'].includes(link.name)).flatMap((link) => link.call.arguments);
    const fields = parameterMembers(columnNodes, parameter);
    const name = isPrimary ? staticString(property(firstArg, 'name')) : staticString(firstArg);
    const description = name ? `${kind.name}('${name}')` : `${kind.name}() on ${owner}(${list(fields)})`;
    facts.add(resources, fields, description, rest.some((link) => link.name === 'where'));
  }
}

// ---------------------------------------------------------------------------------------------
// Sequelize

/** One attribute's part in a key; attributes sharing a `group` name form one composite key. */
interface SequelizeKey {
  readonly field: string;
  readonly kind: 'primary' | 'unique';
  readonly label: string;
  readonly group?: string;
}

function readSequelize(file: FileIndex, facts: FactsBuilder): void {
  for (const call of file.calls) {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const method = memberName(call.callee);
    const [first, second, third] = call.arguments;
    // `User.init(attributes, { sequelize, … })`: the `sequelize` option is required by init.
    if (method === 'init' && call.callee.object.type === AST_NODE_TYPES.Identifier && isObject(first)) {
      if (property(second, 'sequelize') === undefined) continue;
      const model = call.callee.object.name;
      const modelName = staticString(property(second, 'modelName')) ?? model;
      readSequelizeModel([model, modelName], modelName, attributeKeys(first), second, facts);
    }
    // `sequelize.define('User', attributes, options)`.
    const defined = method === 'define' ? staticString(first) : undefined;
    if (defined !== undefined && isObject(second)) {
      const variable = file.nameOf.get(call);
      const names = variable === undefined ? [defined] : [defined, variable];
      readSequelizeModel(names, defined, attributeKeys(second), third, facts);
    }
  }
  for (const node of file.classes) readSequelizeTypescriptClass(node, file, facts);
}

function readSequelizeModel(
  names: readonly string[],
  owner: string,
  keys: readonly SequelizeKey[],
  options: TSESTree.Node | undefined,
  facts: FactsBuilder,
): void {
  const defaultTable = isTrue(property(options, 'freezeTableName')) ? owner : plural(owner);
  const resources = [...names, staticString(property(options, 'tableName')) ?? defaultTable];
  facts.declare(resources);
  addSequelizeKeys(keys, resources, owner, facts);
  readSequelizeIndexes(property(options, 'indexes'), resources, owner, facts);
}

function attributeKeys(attributes: TSESTree.Node | undefined): SequelizeKey[] {
  return properties(attributes).flatMap((attribute) => {
    const field = propertyName(attribute);
    return field === undefined ? [] : optionKeys(field, attribute.value, (option) => option);
  });
}

/** Keys from `{ primaryKey: true, unique: true | 'group' | { name } }`, labelled by `label`. */
function optionKeys(
  field: string,
  options: TSESTree.Node | undefined,
  label: (option: string) => string,
): SequelizeKey[] {
  const keys: SequelizeKey[] = [];
  if (isTrue(property(options, 'primaryKey'))) keys.push({ field, kind: 'primary', label: label('primaryKey: true') });
  const uniqueOption = property(options, 'unique');
  const group = staticString(uniqueOption) ?? staticString(property(uniqueOption, 'name'));
  if (group !== undefined) keys.push({ field, kind: 'unique', label: label(`unique: '${group}'`), group });
  else if (isTrue(uniqueOption) || isObject(uniqueOption)) {
    keys.push({ field, kind: 'unique', label: label('unique: true') });
  }
  return keys;
}

function addSequelizeKeys(
  keys: readonly SequelizeKey[],
  resources: readonly string[],
  owner: string,
  facts: FactsBuilder,
): void {
  const primary = keys.filter((key) => key.kind === 'primary');
  const primaryFields = primary.map((key) => key.field);
  const [onlyPrimary] = primary;
  // Sequelize adds an `id` primary key to a model that declares none.
  if (!onlyPrimary) facts.add(resources, ['id'], `default id primary key on ${owner}`);
  else if (primary.length === 1) {
    facts.add(resources, primaryFields, `${onlyPrimary.label} on ${owner}.${onlyPrimary.field}`);
  }
  else facts.add(resources, primaryFields, `primary key (${list(primaryFields)}) on ${owner}`);

  const groups = new Map<string, SequelizeKey[]>();
  for (const key of keys) {
    if (key.kind !== 'unique') continue;
    if (key.group === undefined) facts.add(resources, [key.field], `${key.label} on ${owner}.${key.field}`);
    else groups.set(key.group, [...(groups.get(key.group) ?? []), key]);
  }
  for (const members of groups.values()) {
    const fields = members.map((key) => key.field);
    facts.add(resources, fields, `${members[0]?.label ?? 'unique'} on ${owner}(${list(fields)})`);
  }
}

/** `indexes: [{ unique: true, fields: ['a', { name: 'b' }], name?, where? }]`. */
function readSequelizeIndexes(
  indexes: TSESTree.Node | undefined,
  resources: readonly string[],
  owner: string,
  facts: FactsBuilder,
): void {
  if (indexes?.type !== AST_NODE_TYPES.ArrayExpression) return;
  for (const index of indexes.elements) {
    if (!index || !isTrue(property(index, 'unique'))) continue;
    const entries = property(index, 'fields');
    if (entries?.type !== AST_NODE_TYPES.ArrayExpression || entries.elements.length === 0) continue;
    const fields = entries.elements.map(
      (entry) =>
        staticString(entry ?? undefined) ??
        staticString(property(entry ?? undefined, 'name')) ??
        staticString(property(entry ?? undefined, 'attribute')),
    );
    // An expression field (`sequelize.fn('lower', …)`) leaves the key unknown: skip the index.
    if (!fields.every((field): field is string => field !== undefined)) continue;
    const name = staticString(property(index, 'name'));
    const description = name ? `unique index ${name}` : `unique index on ${owner}(${list(fields)})`;
    facts.add(resources, fields, description, property(index, 'where') !== undefined);
  }
}

/** sequelize-typescript: `@Table class User extends Model { @Unique @Column email: string }`. */
function readSequelizeTypescriptClass(node: ClassNode, file: FileIndex, facts: FactsBuilder): void {
  const table = decoratorsOf(node, file, 'sequelize').find((d) => d.binding.name === 'Table');
  const name = className(node, file);
  if (!table || name === undefined) return;
  const [options] = table.args;
  const modelName = staticString(property(options, 'modelName')) ?? name;
  const keys = node.body.body.flatMap((member) => {
    const field = member.type === AST_NODE_TYPES.PropertyDefinition ? propertyName(member) : undefined;
    if (member.type !== AST_NODE_TYPES.PropertyDefinition || field === undefined) return [];
    return decoratorsOf(member, file, 'sequelize').flatMap((decorator) => decoratorKeys(field, decorator));
  });
  readSequelizeModel(unique([name, modelName]), modelName, keys, options, facts);
}

function decoratorKeys(field: string, decorator: DecoratorCall): SequelizeKey[] {
  const [first] = decorator.args;
  switch (decorator.binding.name) {
    case 'PrimaryKey':
      return [{ field, kind: 'primary', label: '@PrimaryKey' }];
    case 'Unique': {
      const group = staticString(first) ?? staticString(property(first, 'name'));
      if (isFalse(first)) return [];
      return [
        group === undefined
          ? { field, kind: 'unique', label: '@Unique' }
          : { field, kind: 'unique', label: `@Unique('${group}')`, group },
      ];
    }
    case 'Column':
      return optionKeys(field, decorator.args.find(isObject), (option) => `@Column({ ${option} })`);
    case 'Index': {
      if (!isTrue(property(first, 'unique'))) return [];
      const group = staticString(property(first, 'name'));
      return [
        group === undefined
          ? { field, kind: 'unique', label: '@Index({ unique: true })' }
          : { field, kind: 'unique', label: `@Index('${group}')`, group },
      ];
    }
    default:
      return [];
  }
}
