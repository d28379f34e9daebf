import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind, Field, Isolation, TransactionScope } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter, AtomicCreate, Rewrite, StaleWrite } from './types.js';
import type { RelativeChange } from '../analysis/changes.js';
import {
  calleeName,
  findVariable,
  isFunction,
  isResultUnused,
  memberName,
  objectFields,
  originOf,
  property,
  propertyKey,
  resolveObject,
  rowFields,
  staticString,
  unwrap,
} from '../utils/ast.js';
import { heldRecord, onlyRelativeChanges, type RecordReader } from './held-record.js';
import { setProperty, statementOf } from '../utils/fixes.js';

const library = 'sequelize';
const packages = ['sequelize', 'sequelize-typescript', '@sequelize/core'];

const finders: Readonly<Record<string, 'read' | 'exists'>> = {
  findOne: 'read',
  findAll: 'read',
  findAndCountAll: 'read',
  findByPk: 'read',
  count: 'exists',
};
const writers: Readonly<Record<string, AccessKind>> = {
  create: 'create',
  bulkCreate: 'create',
  findOrCreate: 'upsert',
  findCreateFind: 'upsert',
  upsert: 'upsert',
  update: 'update',
  increment: 'atomic-update',
  decrement: 'atomic-update',
  destroy: 'delete',
};
/** Statics no other supported library has: one call on a receiver shows it is a model. */
const sequelizeOnly = new Set([
  'findByPk',
  'findAll',
  'findAndCountAll',
  'findOrCreate',
  'findCreateFind',
  'bulkCreate',
  'destroy',
  'hasMany',
  'hasOne',
  'belongsTo',
  'belongsToMany',
]);
/** Writes an instance makes to its own row. */
const instanceWrites = new Set(['update', 'increment', 'decrement']);
/** Statics that show a model when their options carry `where`. */
const whereStatics = new Set(['findOne', 'count', 'update', 'increment', 'decrement']);
const isolationLevels: Readonly<Record<string, Isolation>> = {
  SERIALIZABLE: 'serializable',
  REPEATABLE_READ: 'repeatable-read',
  READ_COMMITTED: 'read-committed',
  READ_UNCOMMITTED: 'read-uncommitted',
};

type Written = ReturnType<typeof objectFields>;
const nothing: Written = { fields: [], opaque: [] };

const importsSequelize = (file: FileFacts): boolean => packages.some((name) => file.imports(name));

/** The last name of an identifier or member expression: `db.Patron` gives `Patron`. */
function tailName(node: TSESTree.Node): string | undefined {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  return target.type === AST_NODE_TYPES.MemberExpression ? memberName(target) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Models and instances

/**
 * The model a receiver stands for, by evidence: `sequelize.models.Patron`, a value bound to
 * `sequelize.define(…)` or typed `typeof Patron` (as `@InjectModel(Patron)` fields are), or a
 * PascalCase model (`Patron`, `db.Patron`) in a file that imports Sequelize or calls a
 * Sequelize-only static on it. A file that imports TypeORM is not read by the shape of its
 * calls: its Active Record entities have `findOne({ where })` too.
 */
function modelName(node: TSESTree.Node, file: FileFacts, depth = 0): string | undefined {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.MemberExpression && target.object.type === AST_NODE_TYPES.MemberExpression) {
    if (memberName(target.object) === 'models') return memberName(target);
  }
  const origin = originOf(target, file.sourceCode);
  const value = origin.init && unwrap(origin.init);
  if (value?.type === AST_NODE_TYPES.CallExpression && isDefine(value, file)) return tailName(target);
  if (value?.type === AST_NODE_TYPES.MemberExpression && depth < 2) return modelName(value, file, depth + 1);
  const typed = origin.type?.type === AST_NODE_TYPES.TSTypeQuery ? origin.type.exprName : undefined;
  if (typed?.type === AST_NODE_TYPES.Identifier && (importsSequelize(file) || file.imports('@nestjs/sequelize'))) {
    return typed.name;
  }
  const receiver = boundReceiver(target, file);
  const name = receiver && tailName(receiver);
  if (!receiver || name === undefined || !/^[A-Z]/.test(name)) return undefined;
  if (importsSequelize(file)) return name;
  return !file.imports('typeorm') && isShownAsModel(receiver, file) ? name : undefined;
}

/** `sequelize.define('Stamp', attributes)`. */
function isDefine(call: TSESTree.CallExpression, file: FileFacts): boolean {
  const [name, attributes] = call.arguments;
  if (calleeName(call) !== 'define' || staticString(name) === undefined || !attributes) return false;
  return resolveObject(attributes, file.sourceCode) !== undefined || attributes.type === AST_NODE_TYPES.Identifier;
}

/** `Patron` or `db.Patron` with `Patron`/`db` bound in the file: a global such as `Object` is no model. */
function boundReceiver(
  target: TSESTree.Node,
  file: FileFacts,
): TSESTree.Identifier | TSESTree.MemberExpression | undefined {
  const receiver =
    target.type === AST_NODE_TYPES.Identifier ||
    (target.type === AST_NODE_TYPES.MemberExpression && target.object.type === AST_NODE_TYPES.Identifier)
      ? target
      : undefined;
  const base = receiver?.type === AST_NODE_TYPES.MemberExpression ? receiver.object : receiver;
  const bound = base?.type === AST_NODE_TYPES.Identifier && (findVariable(file.sourceCode, base)?.defs.length ?? 0) > 0;
  return bound ? receiver : undefined;
}

/** Another call in the file uses the receiver as only a Sequelize model is used. */
function isShownAsModel(target: TSESTree.Identifier | TSESTree.MemberExpression, file: FileFacts): boolean {
  return occurrences(target, file).some((occurrence) => {
    const member = occurrence.parent;
    const call = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== occurrence) return false;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return false;
    const method = memberName(member) ?? '';
    if (sequelizeOnly.has(method)) return true;
    const options = call.arguments[method === 'findOne' || method === 'count' ? 0 : 1];
    return whereStatics.has(method) && property(resolveObject(options, file.sourceCode), 'where') !== undefined;
  });
}

/** Where `Patron` (or `db.Patron`) appears in the file, found through the scope, not a walk. */
function occurrences(target: TSESTree.Identifier | TSESTree.MemberExpression, file: FileFacts): TSESTree.Node[] {
  const base = target.type === AST_NODE_TYPES.Identifier ? target : target.object;
  if (base.type !== AST_NODE_TYPES.Identifier) return [];
  const identifiers = (findVariable(file.sourceCode, base)?.references ?? []).map((reference) => reference.identifier);
  if (target.type === AST_NODE_TYPES.Identifier) return identifiers;
  const name = memberName(target);
  return identifiers.flatMap((identifier) => {
    const parent = identifier.parent;
    return parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier && memberName(parent) === name ? [parent] : [];
  });
}

/**
 * `Patron.build({ … })` is a new record, `Patron.findOne(…)` one loaded by a finder; `x.set('views', n)`
 * and `x.set({ views: n })` set fields that the next `save()` writes.
 */
const instances: RecordReader = {
  classify(node, file) {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = memberName(node.callee);
    const resource = modelName(node.callee.object, file);
    if (resource === undefined || (method !== 'build' && !(method !== undefined && method in finders))) return undefined;
    if (method !== 'build') return { kind: 'update', resource, written: nothing };
    return { kind: 'create', resource, written: objectFields(node.arguments[0], file.sourceCode), builtAt: node };
  },
  setBy: (call, file) => (calleeName(call) === 'set' ? instanceValues(call.arguments, file) : undefined),
};

/** The values of `set`/`update` on an instance: `('views', n)` or `({ views: n })`. */
function instanceValues(args: readonly TSESTree.CallExpressionArgument[], file: FileFacts): Written {
  const [first, second] = args;
  const name = staticString(first);
  return name === undefined ? rowFields(first, file.sourceCode) : { fields: [{ name, ...(second ? { value: second } : {}) }], opaque: [] };
}

/** `const patron = Patron.build({ … }); patron.name = n; await patron.save()` creates a record. */
function instanceSave(call: TSESTree.CallExpression, receiver: TSESTree.Node, file: FileFacts): Access | undefined {
  const target = unwrap(receiver);
  const held = target.type === AST_NODE_TYPES.Identifier ? heldRecord(target, call, file, instances) : undefined;
  if (!held) return undefined;
  return {
    kind: held.kind,
    library,
    resource: held.resource,
    keys: [],
    data: held.written.fields,
    opaqueData: held.written.opaque,
    node: call,
    label: file.sourceCode.getText(call.callee),
    ...(held.builtAt ? { builtAt: held.builtAt } : {}),
  };
}

/**
 * `post.update({ views: post.views + 1 })` and `post.increment('views')` on a loaded record. An
 * update saves what was set on the instance before it too.
 */
function instanceWrite(call: TSESTree.CallExpression, method: string, receiver: TSESTree.Node, file: FileFacts): Access | undefined {
  const target = unwrap(receiver);
  const held = target.type === AST_NODE_TYPES.Identifier ? heldRecord(target, call, file, instances) : undefined;
  if (held?.kind !== 'update') return undefined;
  const given = method === 'update' ? instanceValues(call.arguments, file) : incrementedFields(call.arguments[0], file);
  const data = method === 'update' ? { fields: [...held.written.fields, ...given.fields], opaque: [...held.written.opaque, ...given.opaque] } : given;
  return {
    kind: method === 'update' && !isComputed(data) ? 'update' : 'atomic-update',
    library,
    resource: held.resource,
    keys: [],
    data: data.fields,
    opaqueData: data.opaque,
    node: call,
    label: file.sourceCode.getText(call.callee),
  };
}

// ---------------------------------------------------------------------------------------------
// Options

/**
 * The keys of a `where` object. Operator keys (`[Op.or]`) and spreads filter on more than can be
 * named, and read as no keys rather than fewer; `deletedAt: null` matches every new record.
 */
function whereKeys(where: TSESTree.Node | undefined, file: FileFacts): Field[] {
  const object = resolveObject(where, file.sourceCode);
  if (!object || object.properties.some((prop) => prop.type === AST_NODE_TYPES.SpreadElement || prop.computed)) return [];
  return objectFields(object, file.sourceCode).fields.filter((field) => {
    const value = field.value && unwrap(field.value);
    return !(value?.type === AST_NODE_TYPES.Literal && value.value === null);
  });
}

/** `lock: true`, `lock: t.LOCK.UPDATE`, `lock: { level: Transaction.LOCK.UPDATE, of: Patron }`. */
function isUpdateLock(options: TSESTree.ObjectExpression | undefined, file: FileFacts): boolean {
  const lock = property(options, 'lock');
  const level = property(resolveObject(lock, file.sourceCode), 'level') ?? lock;
  if (!level) return false;
  if (level.type === AST_NODE_TYPES.Literal) return level.value === true || level.value === 'UPDATE';
  return /\bLOCK\.(?:NO_KEY_)?UPDATE$/.test(file.sourceCode.getText(level));
}

/** `increment('uses')`, `increment(['uses', 'hits'])`, `increment({ uses: 2 })`. */
function incrementedFields(node: TSESTree.Node | undefined, file: FileFacts): Written {
  const name = staticString(node);
  if (name !== undefined) return { fields: [{ name }], opaque: [] };
  const list = node && unwrap(node);
  if (list?.type !== AST_NODE_TYPES.ArrayExpression) return objectFields(node, file.sourceCode);
  return { fields: list.elements.flatMap((element) => staticString(element ?? undefined) ?? []).map((field) => ({ name: field })), opaque: [] };
}

/** `update({ uses: sequelize.literal('uses + 1') })` computes the value in the database. */
function isComputed(data: Written): boolean {
  return data.fields.some((field) => {
    const value = field.value && unwrap(field.value);
    return value?.type === AST_NODE_TYPES.CallExpression && ['literal', 'col', 'fn'].includes(calleeName(value) ?? '');
  });
}

// ---------------------------------------------------------------------------------------------
// Accesses

function staticAccess(call: TSESTree.CallExpression, method: string, model: string, file: FileFacts): Access | undefined {
  const [first, second] = call.arguments;
  const base = { library, resource: model, node: call, label: file.sourceCode.getText(call.callee) };
  const finder = finders[method];
  if (finder) {
    const options = resolveObject(method === 'findByPk' ? second : first, file.sourceCode);
    const keys = method === 'findByPk' ? (first ? [{ name: 'id', value: first }] : []) : whereKeys(property(options, 'where'), file);
    return {
      ...base,
      kind: finder,
      keys,
      data: [],
      ...(method === 'findByPk' ? { keysAreUnique: true } : {}),
      ...(isUpdateLock(options, file) ? { locks: true } : {}),
    };
  }
  const kind = writers[method];
  if (kind === undefined) return undefined;
  const options = resolveObject(method === 'destroy' ? first : second, file.sourceCode);
  let data = nothing;
  let keys = whereKeys(property(options, 'where'), file);
  let effective = kind;
  switch (method) {
    case 'findOrCreate':
    case 'findCreateFind': {
      const args = resolveObject(first, file.sourceCode);
      keys = whereKeys(property(args, 'where'), file);
      const defaults = objectFields(property(args, 'defaults'), file.sourceCode);
      data = { fields: [...keys, ...defaults.fields], opaque: defaults.opaque };
      break;
    }
    case 'bulkCreate':
      data = rowFields(first, file.sourceCode);
      if (property(options, 'ignoreDuplicates') !== undefined || property(options, 'updateOnDuplicate') !== undefined) {
        effective = 'upsert';
      }
      break;
    case 'increment':
    case 'decrement':
      data = incrementedFields(first, file);
      break;
    case 'destroy':
      break;
    default:
      data = rowFields(first, file.sourceCode);
      if (method === 'update' && isComputed(data)) effective = 'atomic-update';
  }
  return { ...base, kind: effective, keys, data: data.fields, opaqueData: data.opaque };
}

/**
 * TypeORM's Active Record `User.create({ … })` only builds an entity: it is assigned without
 * `await` or chained into `.save()`. A Sequelize `create` is a promise that is awaited or passed on.
 */
function isBuiltEntity(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator) return true;
  if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== call) return false;
  return !['then', 'catch', 'finally'].includes(memberName(parent) ?? '');
}

// ---------------------------------------------------------------------------------------------
// Transactions

/** `sequelize`, `db.sequelize`, `Patron.sequelize!`, `new Sequelize(…)`, or any instance in a Sequelize file. */
function isSequelizeInstance(node: TSESTree.Node, file: FileFacts): boolean {
  if (/sequelize$/i.test(tailName(node) ?? '') || importsSequelize(file)) return true;
  const origin = originOf(node, file.sourceCode);
  const init = origin.init && unwrap(origin.init);
  const type = origin.type?.type === AST_NODE_TYPES.TSTypeReference ? origin.type.typeName : undefined;
  return (
    (init?.type === AST_NODE_TYPES.NewExpression && tailName(init.callee) === 'Sequelize') ||
    (type?.type === AST_NODE_TYPES.Identifier && type.name === 'Sequelize') ||
    file.typeText(node) === 'Sequelize'
  );
}

/** `Transaction.ISOLATION_LEVELS.SERIALIZABLE`, `IsolationLevel.SERIALIZABLE` or `'SERIALIZABLE'`. */
function isolationOf(options: TSESTree.ObjectExpression | undefined, file: FileFacts): Isolation {
  const level = property(options, 'isolationLevel');
  const name = level && (staticString(level) ?? file.sourceCode.getText(level).split('.').pop());
  return (name === undefined ? undefined : isolationLevels[name.toUpperCase().replace(/\s+/g, '_')]) ?? 'unknown';
}

/** Options first, callback last: `sequelize.transaction({ isolationLevel }, async (t) => …)`. */
function transactionScope(call: TSESTree.CallExpression, file: FileFacts): TransactionScope | undefined {
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression || memberName(call.callee) !== 'transaction') return undefined;
  const [first, second] = call.arguments;
  const callback = second ?? first;
  if (!callback || !isFunction(callback) || (second && !resolveObject(first, file.sourceCode))) return undefined;
  const options = second ? resolveObject(first, file.sourceCode) : undefined;
  if (!isSequelizeInstance(call.callee.object, file)) return undefined;
  return { callback, library, isolation: isolationOf(options, file) };
}

/** `const t = await sequelize.transaction({ isolationLevel })`: an unmanaged transaction begins. */
function beginAccess(call: TSESTree.CallExpression, receiver: TSESTree.Node, file: FileFacts): Access | undefined {
  const [options] = call.arguments;
  if ((options && isFunction(options)) || !isSequelizeInstance(receiver, file)) return undefined;
  return {
    kind: 'begin',
    library,
    resource: undefined,
    keys: [],
    data: [],
    node: call,
    label: file.sourceCode.getText(call.callee),
    isolation: isolationOf(resolveObject(options, file.sourceCode), file),
  };
}

// ---------------------------------------------------------------------------------------------
// Rewrites

/** Options `increment` takes as well as `save` and `update` do: others are not carried over. */
const incrementOptions = new Set(['where', 'transaction', 'logging', 'benchmark', 'silent', 'searchPath']);

/** The options of `save(options)`, `update(values, options)` and `update('field', value, options)`. */
function writeOptions(call: TSESTree.CallExpression, method: 'save' | 'update'): TSESTree.Node | undefined {
  const [first, second, third] = call.arguments;
  if (method === 'save') return first;
  return staticString(first) === undefined ? second : third;
}

/** The properties of a write's options, as text, when `increment` takes each of them. */
function carriedOptions(options: TSESTree.Node | undefined, file: FileFacts): string[] | undefined {
  if (!options) return [];
  const object = unwrap(options);
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const carried = object.properties.map((prop) =>
    prop.type === AST_NODE_TYPES.Property && incrementOptions.has(propertyKey(prop) ?? '') ? file.sourceCode.getText(prop) : undefined,
  );
  return carried.every((prop) => prop !== undefined) ? carried : undefined;
}

const amountOf = (change: RelativeChange, file: FileFacts): string => (change.amount ? file.sourceCode.getText(change.amount) : '1');

/** `-amount`, with parentheses where the amount is more than a name or a number. */
function negative(change: RelativeChange, file: FileFacts): string {
  const amount = change.amount && unwrap(change.amount);
  const simple = !amount || [AST_NODE_TYPES.Identifier, AST_NODE_TYPES.Literal, AST_NODE_TYPES.MemberExpression].includes(amount.type);
  return simple ? `-${amountOf(change, file)}` : `-(${amountOf(change, file)})`;
}

const objectKey = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);

/**
 * `increment('views', { by })`, `decrement('credits', { by: cost })`, or, for several fields,
 * `increment({ credits: -cost, spent: cost })`, with the write's options carried over.
 */
function incrementCall(receiver: string, changes: readonly RelativeChange[], options: readonly string[], file: FileFacts): string {
  const [only] = changes;
  const method = incrementMethod(changes);
  if (changes.length === 1 && only) {
    const amount = amountOf(only, file);
    const settings = [...(amount === '1' ? [] : [`by: ${amount}`]), ...options];
    return `${receiver}.${method}('${only.field}'${settings.length > 0 ? `, { ${settings.join(', ')} }` : ''})`;
  }
  const amounts = changes.map((change) => `${objectKey(change.field)}: ${change.operator === '+' ? amountOf(change, file) : negative(change, file)}`);
  return `${receiver}.${method}({ ${amounts.join(', ')} }${options.length > 0 ? `, { ${options.join(', ')} }` : ''})`;
}

/** Several fields go in one `increment` with signed amounts. */
const incrementMethod = (changes: readonly RelativeChange[]): string =>
  changes.length === 1 && changes[0]?.operator === '-' ? 'decrement' : 'increment';

/**
 * The increment in place of `user.save()`, `post.update({ … })` or `Post.update({ … }, { where })`
 * when every field they write is a relative change. The instance methods resolve to the instance
 * either way; the static ones do not return the same, so they are replaced only when unused.
 */
function incrementInstead(stale: StaleWrite, file: FileFacts): Rewrite | undefined {
  const call = stale.write.node;
  if (stale.write.library !== library || !onlyRelativeChanges(stale)) return undefined;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(call.callee);
  const receiver = call.callee.object;
  if (method !== 'save' && method !== 'update') return undefined;
  if (modelName(receiver, file) !== undefined && !isResultUnused(call)) return undefined;
  const options = carriedOptions(writeOptions(call, method), file);
  if (!options) return undefined;
  const text = incrementCall(file.sourceCode.getText(receiver), stale.changes, options, file);
  return { form: `\`${incrementMethod(stale.changes)}\` in place of \`${method}\``, edits: [{ range: call.range, text }] };
}

/**
 * The transaction a read can lock in: the one its options pass (`{ transaction: t }`), else the
 * parameter of the Sequelize transaction callback it runs in, which the read must then be given.
 */
function visibleTransaction(call: TSESTree.CallExpression, options: TSESTree.ObjectExpression | undefined, file: FileFacts): { name: string; given: boolean } | undefined {
  const given = property(options, 'transaction');
  if (given) return given.type === AST_NODE_TYPES.Identifier ? { name: given.name, given: true } : undefined;
  for (let node: TSESTree.Node | undefined = call.parent; node; node = node.parent) {
    const owner: TSESTree.Node | undefined = node.parent;
    if (!isFunction(node) || owner?.type !== AST_NODE_TYPES.CallExpression || transactionScope(owner, file)?.callback !== node) continue;
    const [parameter] = node.params;
    return parameter?.type === AST_NODE_TYPES.Identifier && declaredBy(parameter.name, call, file) === node
      ? { name: parameter.name, given: false }
      : undefined;
  }
  return undefined;
}

/** The node that declares what a name means at a node: a shadowing declaration hides the outer one. */
function declaredBy(name: string, at: TSESTree.Node, file: FileFacts): TSESTree.Node | undefined {
  for (let scope: TSESLint.Scope.Scope | null = file.sourceCode.getScope(at); scope; scope = scope.upper) {
    const variable = scope.set.get(name);
    if (variable) return variable.defs[0]?.node;
  }
  return undefined;
}

/** `findByPk(id, { transaction: t, lock: t.LOCK.UPDATE })`. */
function lockedRead(read: Access, file: FileFacts): Rewrite | undefined {
  const call = read.node;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(call.callee) ?? '';
  if (finders[method] !== 'read') return undefined;
  const index = method === 'findByPk' ? 1 : 0;
  const options = call.arguments[index];
  const object = options && unwrap(options);
  if (object && object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const transaction = visibleTransaction(call, object, file);
  if (!transaction) return undefined;
  const lock = `lock: ${transaction.name}.LOCK.UPDATE`;
  const settings = [...(transaction.given ? [] : [`transaction: ${transaction.name}`]), lock].join(', ');
  const form = `\`${lock}\``;
  if (object) return { form, edits: [setProperty(object, 'lock', settings, file.sourceCode)] };
  // `findByPk(id)` is given options; a bare `findOne()` filters on nothing worth a lock.
  const [key] = call.arguments;
  return index === 1 && key ? { form, edits: [{ range: [key.range[1], key.range[1]], text: `, { ${settings} }` }] } : undefined;
}

/**
 * `Transaction.ISOLATION_LEVELS.SERIALIZABLE` where the file imports `Transaction` as a value; the
 * level's name in JavaScript, which the enum's type does not accept in TypeScript.
 */
function serializableLevel(file: FileFacts): string | undefined {
  const source = file.importSourceOf('Transaction');
  if (source !== undefined && packages.includes(source) && !isTypeOnlyImport('Transaction', file)) return 'Transaction.ISOLATION_LEVELS.SERIALIZABLE';
  return /\.[cm]?jsx?$/.test(file.filename) ? "'SERIALIZABLE'" : undefined;
}

function isTypeOnlyImport(name: string, file: FileFacts): boolean {
  return file.sourceCode.ast.body.some(
    (statement) =>
      statement.type === AST_NODE_TYPES.ImportDeclaration &&
      statement.specifiers.some(
        (specifier) =>
          specifier.local.name === name &&
          (statement.importKind === 'type' || (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type')),
      ),
  );
}

/** `sequelize.transaction({ isolationLevel: … SERIALIZABLE }, callback)`. */
function serializableTransaction(scope: TransactionScope, file: FileFacts): Rewrite | undefined {
  const call = scope.callback.parent;
  const level = serializableLevel(file);
  if (call?.type !== AST_NODE_TYPES.CallExpression || level === undefined) return undefined;
  const setting = `isolationLevel: ${level}`;
  const form = `\`${setting}\``;
  const [first] = call.arguments;
  if (first === scope.callback) return { form, edits: [{ range: [first.range[0], first.range[0]], text: `{ ${setting} }, ` }] };
  const options = first && unwrap(first);
  return options?.type === AST_NODE_TYPES.ObjectExpression ? { form, edits: [setProperty(options, 'isolationLevel', setting, file.sourceCode)] } : undefined;
}

/** The create's options kept beside `where` and `defaults`: `transaction: t` above all. */
function keptOptions(options: TSESTree.Node | undefined, file: FileFacts): string {
  if (!options) return '';
  const object = resolveObject(options, file.sourceCode);
  if (object !== unwrap(options)) return `, ...${file.sourceCode.getText(options)}`;
  return object.properties.map((prop) => `, ${file.sourceCode.getText(prop)}`).join('');
}

function findOrCreate(check: Access, create: Access, file: FileFacts): AtomicCreate | undefined {
  const call = create.node;
  if (check.library !== library || check.node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const where = property(resolveObject(check.node.arguments[0], file.sourceCode), 'where');
  const [values, options] = call.arguments;
  if (!where || !values || memberName(call.callee) !== 'create') return undefined;
  const text = (node: TSESTree.Node): string => file.sourceCode.getText(node);
  const found = `${text(call.callee.object)}.findOrCreate({ where: ${text(where)}, defaults: ${text(values)}${keptOptions(options, file)} })`;
  // findOrCreate resolves to [record, created]: keep the record where the create's value is used.
  const used = statementOf(call)?.type !== AST_NODE_TYPES.ExpressionStatement;
  const keys = check.keys.map((key) => key.name);
  const unique = check.keysAreUnique || (create.resource !== undefined && file.schema().uniqueFor(create.resource, keys));
  return {
    form: `\`findOrCreate\`${unique ? '' : `, after adding a unique constraint on ${create.resource ?? 'the model'} (${keys.join(', ')})`}`,
    node: call,
    text: used ? `${found}.then(([record]) => record)` : found,
  };
}

export const sequelize: Adapter = {
  library,
  transactionHandles: ['Transaction'],
  callNames: new Set([...Object.keys(finders), ...Object.keys(writers), 'save', 'transaction']),
  conflictMarkers: ['UniqueConstraintError', 'SequelizeUniqueConstraintError'],
  conflictTest: (error) => `${error} instanceof Object && 'name' in ${error} && ${error}.name === 'SequelizeUniqueConstraintError'`,

  access(call, file) {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = memberName(call.callee);
    const receiver = call.callee.object;
    if (method === 'transaction') return beginAccess(call, receiver, file);
    if (method === 'save') return instanceSave(call, receiver, file);
    if (method === undefined || !(method in finders || method in writers)) return undefined;
    if (method === 'create' && isBuiltEntity(call)) return undefined;
    const model = modelName(receiver, file);
    if (model !== undefined) return staticAccess(call, method, model, file);
    return instanceWrites.has(method) ? instanceWrite(call, method, receiver, file) : undefined;
  },

  transaction: transactionScope,
  atomicCreate: findOrCreate,
  atomicUpdate: incrementInstead,
  lockRead: lockedRead,
  serializable: serializableTransaction,
};
