import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind, Field } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter } from './types.js';
import {
  calleeName,
  chainOf,
  findVariable,
  isChainEnd,
  isFunction,
  memberName,
  objectFields,
  property,
  resolveObject,
  staticString,
  unwrap,
  type ChainLink,
} from '../utils/ast.js';
import { heldRecord, type RecordReader } from './held-record.js';

const library = 'mongoose';

/** Model statics by what they do; `upsert: true` and update operators refine the update kinds. */
const staticKinds: Readonly<Record<string, AccessKind>> = {
  findOne: 'read',
  findById: 'read',
  find: 'read',
  exists: 'exists',
  countDocuments: 'exists',
  create: 'create',
  insertMany: 'create',
  updateOne: 'update',
  updateMany: 'update',
  findOneAndUpdate: 'update',
  findByIdAndUpdate: 'update',
  replaceOne: 'update',
  findOneAndReplace: 'update',
  deleteOne: 'delete',
  deleteMany: 'delete',
  findOneAndDelete: 'delete',
  findByIdAndDelete: 'delete',
};
const byIdStatics = new Set(['findById', 'findByIdAndUpdate', 'findByIdAndDelete']);
/** Query helpers that may follow a static without changing what it does to the collection. */
const queryModifiers = new Set([
  'lean',
  'exec',
  'session',
  'select',
  'populate',
  'sort',
  'limit',
  'skip',
  'orFail',
  'setOptions',
  'collation',
  'hint',
  'maxTimeMS',
  'comment',
]);
/** Update operators that change a value relative to itself. */
const relativeOperators = new Set(['$inc', '$mul', '$min', '$max', '$push', '$addToSet', '$pull', '$pullAll', '$pop']);

type Written = ReturnType<typeof objectFields>;
const nothingWritten: Written = { fields: [], opaque: [] };

const importsMongoose = (file: FileFacts): boolean => file.imports('mongoose') || file.imports('@nestjs/mongoose');

/** `CustomerModel` and `this.customerModel` name the `Customer`/`customer` model. */
const withoutModelSuffix = (name: string): string => name.replace(/(?<=.)Model$/, '');

/** The initialiser of a variable that is bound once and never reassigned, without `await`. */
function singleValue(variable: TSESLint.Scope.Variable): TSESTree.Node | undefined {
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) {
    return undefined;
  }
  if (variable.references.filter((reference) => reference.isWrite()).length > 1) return undefined;
  return unwrap(def.node.init);
}

/** `model('Customer', schema)`, `conn.model(…)`, `models.Customer || model(…)`: the model's name. */
function definedModelName(value: TSESTree.Node, file: FileFacts): string | undefined {
  if (value.type === AST_NODE_TYPES.LogicalExpression) {
    return definedModelName(unwrap(value.right), file) ?? definedModelName(unwrap(value.left), file);
  }
  if (value.type !== AST_NODE_TYPES.CallExpression || calleeName(value) !== 'model' || value.arguments.length < 2) {
    return undefined;
  }
  // `mongoose.model`/`connection.model` with a schema, or `model` imported from mongoose.
  const isMongoose =
    value.callee.type === AST_NODE_TYPES.MemberExpression ||
    (value.callee.type === AST_NODE_TYPES.Identifier && file.importSourceOf(value.callee.name) === 'mongoose');
  return isMongoose ? staticString(value.arguments[0]) : undefined;
}

/**
 * A model the schema index read from a Mongoose schema: only those have the implicit `_id` key.
 * Matching normalises `_id` to `id`, so the field must be `_id` as written, not a primary key `id`.
 */
const isDeclaredModel = (name: string, file: FileFacts): boolean =>
  file.schema().uniqueFor(name, ['_id'])?.fields.includes('_id') === true;

/**
 * The model a receiver stands for, by evidence: defined with `model()` in this file, declared
 * by a Mongoose schema, typed as `Model<…>`, or model-like in a file that imports mongoose.
 * Globals such as `Object` never are.
 */
function modelResource(node: TSESTree.Node, file: FileFacts): string | undefined {
  const target = unwrap(node);
  let name: string | undefined;
  if (target.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(file.sourceCode, target);
    if (!variable || variable.defs.length === 0) return undefined;
    const value = singleValue(variable);
    const defined = value && definedModelName(value, file);
    if (defined !== undefined) return defined;
    name = target.name;
  } else if (target.type === AST_NODE_TYPES.MemberExpression && target.object.type === AST_NODE_TYPES.ThisExpression) {
    name = memberName(target);
  }
  if (name === undefined) return undefined;
  const bare = withoutModelSuffix(name);
  const declared = [name, bare].find((candidate) => isDeclaredModel(candidate, file));
  if (declared !== undefined) return declared;
  if (file.typeText(target)?.startsWith('Model<')) return bare;
  const looksLikeModel = target.type === AST_NODE_TYPES.Identifier ? /^[A-Z]|.Model$/.test(name) : /.Model$/.test(name);
  return looksLikeModel && importsMongoose(file) ? bare : undefined;
}

/** Top-level equality conditions of a filter: `{ email, orgId: { $eq: id } }`, not `$or` or `$in`. */
function filterKeys(filter: TSESTree.Node | undefined, file: FileFacts): Field[] {
  return objectFields(filter, file.sourceCode).fields.flatMap((field) => {
    if (field.name.startsWith('$') || !field.value) return [];
    const value = unwrap(field.value);
    if (value.type === AST_NODE_TYPES.Literal && 'regex' in value) return [];
    if (value.type !== AST_NODE_TYPES.ObjectExpression) return [field];
    const equal = property(value, '$eq');
    return equal && value.properties.length === 1 ? [{ name: field.name, value: equal }] : [];
  });
}

/** Fields of a document or of each document in an array of them. */
function documentFields(node: TSESTree.Node | undefined, file: FileFacts): Written {
  const bare = node && unwrap(node);
  if (bare?.type !== AST_NODE_TYPES.ArrayExpression) return objectFields(node, file.sourceCode);
  const each = bare.elements.map((element) => (element ? documentFields(element, file) : nothingWritten));
  return { fields: each.flatMap((d) => d.fields), opaque: each.flatMap((d) => d.opaque) };
}

/** Fields an update writes: inside its operators (`$set`, `$inc`, …) or at the top level. */
function updateFields(update: TSESTree.Node | undefined, file: FileFacts): Written {
  const { fields, opaque } = objectFields(update, file.sourceCode);
  const inner = fields.map((field) =>
    field.name.startsWith('$') ? objectFields(field.value, file.sourceCode) : { fields: [field], opaque: [] },
  );
  return { fields: inner.flatMap((w) => w.fields), opaque: [...opaque, ...inner.flatMap((w) => w.opaque)] };
}

function updateKind(
  update: TSESTree.Node | undefined,
  options: TSESTree.Node | undefined,
  file: FileFacts,
): AccessKind {
  const upsert = property(resolveObject(options, file.sourceCode), 'upsert');
  if (upsert?.type === AST_NODE_TYPES.Literal && upsert.value === true) return 'upsert';
  const operators = objectFields(update, file.sourceCode).fields.map((field) => field.name);
  return operators.some((name) => relativeOperators.has(name)) ? 'atomic-update' : 'update';
}

/** `Customer.findOne(filter)`, `Customer.create(doc)`, `Customer.updateOne(filter, update, options)`, … */
function staticAccess(
  link: ChainLink,
  model: TSESTree.Node,
  call: TSESTree.CallExpression,
  file: FileFacts,
): Access | undefined {
  const base = staticKinds[link.name];
  const [first, second, third] = link.call.arguments;
  // `{ where }` is how TypeORM and Sequelize filter: their statics share these names.
  if (base === undefined || property(resolveObject(first, file.sourceCode), 'where')) return undefined;
  if (base === 'create' && !first) return undefined;
  const resource = modelResource(model, file);
  if (resource === undefined) return undefined;
  const byId = byIdStatics.has(link.name);
  const keys = base === 'create' ? [] : byId ? (first ? [{ name: '_id', value: first }] : []) : filterKeys(first, file);
  const written =
    base === 'create' ? documentFields(first, file) : base === 'update' ? updateFields(second, file) : nothingWritten;
  return {
    kind: base === 'update' ? updateKind(second, third, file) : base,
    library,
    resource,
    keys,
    data: written.fields,
    opaqueData: written.opaque,
    node: call,
    label: `${file.sourceCode.getText(model)}.${link.name}`,
    ...(byId ? { keysAreUnique: true } : {}),
  };
}

/** `new Customer(doc)` is a new document; `Customer.findOne(…)` (with query helpers) a loaded one. */
const documents: RecordReader = {
  classify(node, file) {
    if (node.type === AST_NODE_TYPES.NewExpression) {
      const resource = modelResource(node.callee, file);
      const written = documentFields(node.arguments[0], file);
      return resource === undefined ? undefined : { kind: 'create', resource, written, builtAt: node };
    }
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const { root, links } = chainOf(node);
    const loadedBy = links[0]?.name;
    const resource = (loadedBy === 'findOne' || loadedBy === 'findById') && modelResource(root, file);
    return resource ? { kind: 'update', resource, written: nothingWritten } : undefined;
  },
};

/**
 * `new Customer(doc).save()` and `const c = new Customer(doc); …; await c.save()` insert;
 * `save()` on a document loaded with `findOne`/`findById` updates it.
 */
function saveAccess(receiver: TSESTree.Node, call: TSESTree.CallExpression, file: FileFacts): Access | undefined {
  const target = unwrap(receiver);
  const held = heldRecord(target, call, file, documents);
  if (!held) return undefined;
  const label =
    target.type === AST_NODE_TYPES.NewExpression
      ? `new ${file.sourceCode.getText(target.callee)}(…).save`
      : file.sourceCode.getText(call.callee);
  const { kind, resource, written, builtAt } = held;
  if (kind === 'update') return { kind, library, resource, keys: [{ name: '_id' }], data: written.fields, node: call, label };
  return { kind, library, resource, keys: [], data: written.fields, opaqueData: written.opaque, node: call, label, ...(builtAt ? { builtAt } : {}) };
}

/** A ClientSession: in a file that uses mongoose or the driver, or bound to `startSession()`. */
function isSession(node: TSESTree.Node, file: FileFacts): boolean {
  if (importsMongoose(file) || file.imports('mongodb')) return true;
  const target = unwrap(node);
  const variable = target.type === AST_NODE_TYPES.Identifier ? findVariable(file.sourceCode, target) : undefined;
  const value = variable && singleValue(variable);
  return value?.type === AST_NODE_TYPES.CallExpression && calleeName(value) === 'startSession';
}

/** `mongoose.connection`, `connection` imported from mongoose, or a `createConnection()` result. */
function isConnection(node: TSESTree.Node, file: FileFacts): boolean {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    return (
      memberName(target) === 'connection' &&
      target.object.type === AST_NODE_TYPES.Identifier &&
      file.importSourceOf(target.object.name) === 'mongoose'
    );
  }
  if (target.type !== AST_NODE_TYPES.Identifier) return false;
  if (file.importSourceOf(target.name) === 'mongoose') return true;
  const variable = findVariable(file.sourceCode, target);
  const value = variable && singleValue(variable);
  return (
    value?.type === AST_NODE_TYPES.CallExpression &&
    importsMongoose(file) &&
    chainOf(value).links.some((link) => link.name === 'createConnection')
  );
}

/** The filter a check ran with, as text to reuse in the upsert. */
function checkFilter(check: TSESTree.Node, file: FileFacts): string | undefined {
  if (check.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const [link] = chainOf(check).links;
  const filter = link?.call.arguments[0];
  if (!link || !filter) return undefined;
  if (byIdStatics.has(link.name)) return `{ _id: ${file.sourceCode.getText(filter)} }`;
  return resolveObject(filter, file.sourceCode) ? file.sourceCode.getText(filter) : undefined;
}

/** `Customer.create(doc, options)` or `new Customer(doc).save(options)`: model, document, options. */
function insertParts(
  create: TSESTree.Node,
): { model: TSESTree.Node; document: TSESTree.Node; options: TSESTree.Node | undefined } | undefined {
  if (create.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const { root, links } = chainOf(create);
  const [link] = links;
  if (links.length !== 1 || !link) return undefined;
  const [first, second] = link.call.arguments;
  const target = unwrap(root);
  if (link.name === 'create' && first && unwrap(first).type !== AST_NODE_TYPES.ArrayExpression) {
    return { model: root, document: first, options: second };
  }
  const document = target.type === AST_NODE_TYPES.NewExpression ? target.arguments[0] : undefined;
  if (link.name === 'save' && target.type === AST_NODE_TYPES.NewExpression && document) {
    return { model: target.callee, document, options: first };
  }
  return undefined;
}

/** Options of the create, kept, plus those that make `findOneAndUpdate` insert when nothing matches. */
function upsertOptions(options: TSESTree.Node | undefined, file: FileFacts): string {
  // `returnDocument: 'after'` (Mongoose 6+) replaces the deprecated `new: true`: the created document comes back.
  const upsert = "upsert: true, returnDocument: 'after'";
  if (!options) return `{ ${upsert} }`;
  const object = unwrap(options);
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return `{ ...${file.sourceCode.getText(options)}, ${upsert} }`;
  return `{ ${[...object.properties.map((prop) => file.sourceCode.getText(prop)), upsert].join(', ')} }`;
}

export const mongoose: Adapter = {
  library,
  callNames: new Set([...Object.keys(staticKinds), ...queryModifiers, 'save', 'withTransaction', 'transaction']),
  conflictMarkers: ['11000', 'E11000'],
  conflictTest: (error) => `${error} instanceof Object && 'code' in ${error} && ${error}.code === 11000`,

  access(call, file) {
    if (call.type !== AST_NODE_TYPES.CallExpression || !isChainEnd(call)) return undefined;
    const { root, links } = chainOf(call);
    const [first, ...rest] = links;
    if (!first) return undefined;
    if (first.name === 'save') return rest.length === 0 ? saveAccess(root, first.call, file) : undefined;
    if (!rest.every((link) => queryModifiers.has(link.name))) return undefined;
    return staticAccess(first, root, call, file);
  },

  transaction(call, file) {
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const [callback] = call.arguments;
    const method = memberName(call.callee);
    const owner = call.callee.object;
    if (!callback || !isFunction(callback)) return undefined;
    const opens =
      (method === 'withTransaction' && isSession(owner, file)) ||
      (method === 'transaction' && isConnection(owner, file));
    // MongoDB transactions read a snapshot: neither sees the other's insert, so both insert.
    return opens ? { callback, isolation: 'repeatable-read', library } : undefined;
  },

  atomicCreate(check, create, file) {
    const filter = check.library === library ? checkFilter(check.node, file) : undefined;
    const insert = insertParts(create.node);
    if (filter === undefined || !insert) return undefined;
    const text = (node: TSESTree.Node): string => file.sourceCode.getText(node);
    const keys = check.keys.map((key) => key.name);
    const unique =
      check.keysAreUnique || (create.resource !== undefined && file.schema().uniqueFor(create.resource, keys));
    return {
      form:
        '`findOneAndUpdate` with `$setOnInsert` and `upsert: true`' +
        (unique ? '' : `, backed by a unique index on ${create.resource ?? 'the model'} (${keys.join(', ')})`),
      node: create.node,
      text:
        `${text(insert.model)}.findOneAndUpdate(${filter}, { $setOnInsert: ${text(insert.document)} }, ` +
        `${upsertOptions(insert.options, file)})`,
    };
  },
};
