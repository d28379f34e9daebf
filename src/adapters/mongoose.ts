import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind, Field } from '../analysis/access.js';
import type { Comparison } from '../analysis/changes.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter, Rewrite, StaleWrite } from './types.js';
import {
  calleeName,
  chainOf,
  findVariable,
  isChainEnd,
  isFunction,
  isResultUnused,
  memberName,
  objectFields,
  property,
  propertyKey,
  resolveObject,
  staticString,
  unwrap,
  type ChainLink,
} from '../utils/ast.js';
import { addProperty, textWithEdits } from '../utils/fixes.js';
import { heldRecord, type RecordReader } from './held-record.js';
import { checkedWrite, quote, signedAmount } from './rewrites.js';

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
/**
 * Update operators that change a value relative to itself, so that two calls change it twice.
 * `$addToSet`, `$pull`, `$min` and `$max` applied twice change it once: like a plain `$set`, a
 * check of the value they write is not made stale by a concurrent repeat.
 */
const relativeOperators = new Set(['$inc', '$mul', '$push', '$pop']);
/** Filter operators a document must still meet for a write to match it: a condition, not a lookup. */
const comparisonOperators = new Set(['$gte', '$gt', '$lte', '$lt', '$ne']);
const filterOperators: Readonly<Record<Comparison, string>> = { '>=': '$gte', '>': '$gt', '<=': '$lte', '<': '$lt' };
/** Statics whose update a rewrite can apply with `$inc`, and whose filter can carry a condition. */
const updateStatics = new Set(['updateOne', 'updateMany', 'findOneAndUpdate', 'findByIdAndUpdate']);

type Edit = Rewrite['edits'][number];

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

/**
 * Top-level equality conditions of a filter: `{ email, orgId: { $eq: id } }`, not `$or` or `$in`.
 * A write's filter also names the fields a comparison requires (`stock: { $gte: qty }`): they
 * make the write conditional, with no value to look the document up by.
 */
function filterKeys(filter: TSESTree.Node | undefined, file: FileFacts, write = false): Field[] {
  return objectFields(filter, file.sourceCode).fields.flatMap((field) => {
    if (field.name.startsWith('$') || !field.value) return [];
    const value = unwrap(field.value);
    if (value.type === AST_NODE_TYPES.Literal && 'regex' in value) return [];
    if (value.type !== AST_NODE_TYPES.ObjectExpression) return [field];
    const equal = property(value, '$eq');
    if (equal && value.properties.length === 1) return [{ name: field.name, value: equal }];
    return write && isComparison(value) ? [{ name: field.name }] : [];
  });
}

const isComparison = (value: TSESTree.ObjectExpression): boolean =>
  value.properties.length > 0 &&
  value.properties.every((prop) => prop.type === AST_NODE_TYPES.Property && comparisonOperators.has(propertyKey(prop) ?? ''));

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

/**
 * `Customer.findOne(filter)`, `Customer.create(doc)`, `Customer.updateOne(filter, update, options)`, …;
 * `orFail` among the query helpers makes a write throw when its filter matches nothing.
 */
function staticAccess(
  link: ChainLink,
  model: TSESTree.Node,
  call: TSESTree.CallExpression,
  file: FileFacts,
  orFail: boolean,
): Access | undefined {
  const base = staticKinds[link.name];
  const [first, second, third] = link.call.arguments;
  // `{ where }` is how TypeORM and Sequelize filter: their statics share these names.
  if (base === undefined || property(resolveObject(first, file.sourceCode), 'where')) return undefined;
  if (base === 'create' && !first) return undefined;
  const resource = modelResource(model, file);
  if (resource === undefined) return undefined;
  const byId = byIdStatics.has(link.name);
  const keys = base === 'create' ? [] : byId ? (first ? [{ name: '_id', value: first }] : []) : filterKeys(first, file, base === 'update');
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
    ...(orFail && base === 'update' ? { failsWithoutMatch: true } : {}),
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
  // `doc.set('credits', n)` and `doc.set({ credits: n })` assign as `doc.credits = n` does.
  setBy(call, file) {
    const [path, value] = call.arguments;
    if (calleeName(call) !== 'set') return undefined;
    if (!value) return objectFields(path, file.sourceCode);
    const name = staticString(path);
    // A path not written out names no field that can be listed.
    return name === undefined ? { fields: [], opaque: [value] } : { fields: [{ name, value }], opaque: [] };
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
  // Saving a document that is gone throws `DocumentNotFoundError`.
  const data = { data: written.fields, opaqueData: written.opaque };
  if (kind === 'update') return { kind, library, resource, keys: [{ name: '_id' }], ...data, node: call, label, failsWithoutMatch: true };
  return { kind, library, resource, keys: [], ...data, node: call, label, ...(builtAt ? { builtAt } : {}) };
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
  transactionHandles: ['ClientSession'],
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
    return staticAccess(first, root, call, file, rest.some((link) => link.name === 'orFail'));
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

  atomicUpdate(stale, file) {
    const write = atomicWrite(stale, undefined, file);
    return write && { form: write.form, edits: [{ range: stale.write.node.range, text: write.text }] };
  },

  conditionalUpdate(stale, file) {
    const { condition } = stale;
    // A write of values other than relative changes would still write what the stale read computed.
    if (stale.changes.length === 0 && stale.write.kind !== 'atomic-update') return undefined;
    const filter = `${condition.field}: { ${filterOperators[condition.operator]}: ${file.sourceCode.getText(condition.value)} }`;
    const write = atomicWrite(stale, filter, file);
    if (!write) return undefined;
    const returnsDocument = write.method === 'findOneAndUpdate';
    const edit = returnsDocument
      ? checkedWrite(stale.write, 'updated', write.text, '!updated', condition, file)
      : checkedWrite(stale.write, '{ matchedCount }', write.text, 'matchedCount === 0', condition, file);
    const exit = returnsDocument ? 'returns null' : 'matches no document';
    return edit && { form: `\`${write.method}\` with \`${filter}\` in its filter${write.changed}, exiting when it ${exit}`, edits: [edit] };
  },
};

/** A write rewritten as one update: its text, the method it calls, and how it is described. */
interface AtomicWrite {
  readonly text: string;
  readonly method: string;
  readonly form: string;
  /** ` and \`$inc: { … }\``, when the rewrite applies relative changes. */
  readonly changed: string;
}

/**
 * The write as one update that applies each relative change with `$inc` and, with `condition`,
 * matches only a document that still meets it: `doc.save()` becomes `Model.updateOne(…)`, an
 * update static keeps its method (`findByIdAndUpdate` becomes `findOneAndUpdate` to take a filter).
 */
function atomicWrite(stale: StaleWrite, condition: string | undefined, file: FileFacts): AtomicWrite | undefined {
  const call = stale.write.node;
  if (stale.write.library !== library || call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const { root, links } = chainOf(call);
  const [first] = links;
  if (first?.name === 'save') return saveAsUpdate(stale, root, first.call, condition, file);
  return first && updateStatics.has(first.name) ? staticUpdate(stale, first, condition, file) : undefined;
}

const incForm = (entries: readonly string[]): string => (entries.length > 0 ? `\`$inc: { ${entries.join(', ')} }\`` : '');

/** `doc.credits -= cost; await doc.save()` as `await User.updateOne({ _id: doc._id }, { $inc: { credits: -cost } })`. */
function saveAsUpdate(
  stale: StaleWrite,
  receiver: TSESTree.Node,
  save: TSESTree.CallExpression,
  condition: string | undefined,
  file: FileFacts,
): AtomicWrite | undefined {
  const document = unwrap(receiver);
  const model = modelAt(stale.read, save, file);
  const [options] = save.arguments;
  // `save({ session })` runs in a transaction that `updateOne` takes the same way; other save options do not carry over.
  const session = options && sessionOnly(options) ? `, ${file.sourceCode.getText(options)}` : '';
  if (document.type !== AST_NODE_TYPES.Identifier || model === undefined || !isResultUnused(save) || (options && !session)) return undefined;
  if ((stale.write.opaqueData ?? []).length > 0 || !changesAreVisible(document, stale.read.node, save, file)) return undefined;
  const increments: string[] = [];
  const sets: string[] = [];
  for (const field of stale.write.data) {
    const change = stale.changes.find((candidate) => candidate.field === field.name);
    // A field assigned from elsewhere keeps the value the code gave the document.
    if (change) increments.push(`${keyText(field.name)}: ${signedAmount(change, file)}`);
    else if (isIdentifierName(field.name)) sets.push(`${field.name}: ${document.name}.${field.name}`);
    else return undefined;
  }
  if (increments.length === 0) return undefined;
  const filter = `{ _id: ${document.name}._id${condition ? `, ${condition}` : ''} }`;
  const update = [`$inc: { ${increments.join(', ')} }`, ...(sets.length > 0 ? [`$set: { ${sets.join(', ')} }`] : [])];
  return {
    text: `${model}.updateOne(${filter}, { ${update.join(', ')} }${session})`,
    method: 'updateOne',
    form: `\`${model}.updateOne\` with ${incForm(increments)} in place of \`save()\``,
    changed: ` and ${incForm(increments)}`,
  };
}

/** `Model.updateOne(filter, { $set: { stock: p.stock - qty } })` with `$inc: { stock: -qty }`, and the condition in its filter. */
function staticUpdate(stale: StaleWrite, link: ChainLink, condition: string | undefined, file: FileFacts): AtomicWrite | undefined {
  const [filter, update] = link.call.arguments;
  if (update?.type !== AST_NODE_TYPES.ObjectExpression || !filter) return undefined;
  const increments = incrementEdits(update, stale, file);
  if (!increments) return undefined;
  const edits = [...increments.edits];
  let method = link.name;
  if (condition) {
    const filterEdits = conditionEdits(link, filter, condition, file);
    if (!filterEdits) return undefined;
    edits.push(...filterEdits.edits);
    method = filterEdits.method;
  }
  return {
    text: textWithEdits(stale.write.node, edits, file.sourceCode),
    method,
    form: incForm(increments.entries),
    changed: increments.entries.length > 0 ? ` and ${incForm(increments.entries)}` : '',
  };
}

/** The condition added to an update's filter; `findByIdAndUpdate(id, …)` becomes `findOneAndUpdate({ _id: id, … }, …)`. */
function conditionEdits(
  link: ChainLink,
  filter: TSESTree.Node,
  condition: string,
  file: FileFacts,
): { edits: Edit[]; method: string } | undefined {
  if (link.name !== 'findByIdAndUpdate') {
    return filter.type === AST_NODE_TYPES.ObjectExpression ? { edits: [addProperty(filter, condition, file.sourceCode)], method: link.name } : undefined;
  }
  const callee = link.call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return {
    edits: [
      { range: callee.property.range, text: 'findOneAndUpdate' },
      { range: filter.range, text: `{ _id: ${file.sourceCode.getText(filter)}, ${condition} }` },
    ],
    method: 'findOneAndUpdate',
  };
}

/**
 * Edits of an update object that move each relative change out of `$set` (or the top level, which
 * Mongoose treats as `$set`) into `$inc`, with the `$inc` entries they add.
 */
function incrementEdits(update: TSESTree.ObjectExpression, stale: StaleWrite, file: FileFacts): { edits: Edit[]; entries: string[] } | undefined {
  const entries: string[] = [];
  const removed = new Map<TSESTree.ObjectExpression, Set<TSESTree.Node>>();
  for (const change of stale.changes) {
    const holder = stale.write.data.find((field) => field.name === change.field)?.value?.parent;
    const container = holder?.parent;
    if (holder?.type !== AST_NODE_TYPES.Property || container?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    if (container !== update && !isSetOf(container, update)) return undefined;
    const key = file.sourceCode.getText(holder.key);
    entries.push(`${holder.computed ? `[${key}]` : key}: ${signedAmount(change, file)}`);
    removed.set(container, (removed.get(container) ?? new Set()).add(holder));
  }
  if (entries.length === 0) return { edits: [], entries };
  const fromUpdate = new Set(removed.get(update));
  const edits: Edit[] = [];
  for (const [container, holders] of removed) {
    if (container === update) continue;
    const kept = withoutProperties(container, holders);
    // A `$set` left empty goes as a whole.
    if (kept) edits.push(...kept);
    else fromUpdate.add(container.parent);
  }
  const inc = property(update, '$inc');
  const added = entries.join(', ');
  if (inc && inc.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const rest = withoutProperties(update, fromUpdate);
  if (!rest) return { edits: [{ range: update.range, text: `{ $inc: { ${added} } }` }], entries };
  edits.push(...rest, inc ? addProperty(inc, added, file.sourceCode) : addProperty(update, `$inc: { ${added} }`, file.sourceCode));
  return { edits, entries };
}

/** `{ $set: <object> }` in the update. */
const isSetOf = (object: TSESTree.ObjectExpression, update: TSESTree.ObjectExpression): boolean =>
  object.parent.type === AST_NODE_TYPES.Property && object.parent.parent === update && propertyKey(object.parent) === '$set';

/**
 * Edits that remove properties from an object literal with the commas between them; undefined
 * when none would be left.
 */
function withoutProperties(object: TSESTree.ObjectExpression, removed: ReadonlySet<TSESTree.Node>): Edit[] | undefined {
  const all = object.properties;
  if (all.every((prop) => removed.has(prop))) return undefined;
  const edits: Edit[] = [];
  for (let start = 0; start < all.length; start += 1) {
    const first = all[start];
    if (!first || !removed.has(first)) continue;
    let end = start;
    while (all[end + 1] && removed.has(all[end + 1] as TSESTree.Node)) end += 1;
    const last = all[end] ?? first;
    const next = all[end + 1];
    const previous = all[start - 1];
    // A run is removed up to the next property kept, or, at the end, from the last one kept.
    if (next) edits.push({ range: [first.range[0], next.range[0]], text: '' });
    else if (previous) edits.push({ range: [previous.range[1], last.range[1]], text: '' });
    start = end;
  }
  return edits;
}


const sessionOnly = (options: TSESTree.Node): boolean =>
  options.type === AST_NODE_TYPES.ObjectExpression &&
  options.properties.every((prop) => prop.type === AST_NODE_TYPES.Property && propertyKey(prop) === 'session');

const isIdentifierName = (name: string): boolean => /^[A-Za-z_$][\w$]*$/.test(name);
const keyText = (name: string): string => (isIdentifierName(name) ? name : quote(name));

/**
 * The model a document was loaded from, as text that names it where `at` is: the same variable,
 * or `this.<model>` in the method that loaded it.
 */
function modelAt(read: Access, at: TSESTree.Node, file: FileFacts): string | undefined {
  const call = read.summarized?.node ?? read.node;
  if (read.library !== library || call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const model = unwrap(chainOf(call).root);
  if (model.type === AST_NODE_TYPES.MemberExpression) {
    return model.object.type === AST_NODE_TYPES.ThisExpression && !read.summarized ? file.sourceCode.getText(model) : undefined;
  }
  if (model.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariable(file.sourceCode, model);
  return variable && visibleVariable(model.name, at, file.sourceCode) === variable ? model.name : undefined;
}

function visibleVariable(name: string, at: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Variable | undefined {
  for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(at); scope; scope = scope.upper) {
    const found = scope.set.get(name);
    if (found) return found;
  }
  return undefined;
}

/**
 * Every use of the document between its load and its save is one its save data accounts for: a
 * field assigned or read, `doc.set(…)`, or a test of the document itself. A document passed on or
 * changed through a method or a nested path (`doc.items.push(x)`) may hold changes that an update
 * built from the data would drop.
 */
function changesAreVisible(document: TSESTree.Identifier, from: TSESTree.Node, to: TSESTree.Node, file: FileFacts): boolean {
  const references = findVariable(file.sourceCode, document)?.references ?? [];
  return references.every((reference) => {
    const node = reference.identifier;
    if (node.range[0] < from.range[1] || node.range[1] > to.range[0] || reference.isWrite()) return true;
    const parent = node.parent;
    if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== node) return isPresenceTest(node);
    const use = parent.parent;
    const called = use.type === AST_NODE_TYPES.CallExpression && use.callee === parent;
    const nested = use.type === AST_NODE_TYPES.MemberExpression && use.object === parent;
    return called ? memberName(parent) === 'set' : !nested && memberName(parent) !== undefined;
  });
}

/** `!doc`, `doc === null`, `if (doc)`, `doc && …`: a test of whether the document was found. */
function isPresenceTest(node: TSESTree.Node): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!';
    case AST_NODE_TYPES.BinaryExpression:
      return ['===', '!==', '==', '!='].includes(parent.operator);
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === node;
    case AST_NODE_TYPES.LogicalExpression:
      return parent.left === node;
    default:
      return false;
  }
}
