import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind, Field } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter, AtomicCreate } from './types.js';
import { isCacheFill, keyName } from './key-value.js';
import { amountText, quote, signedAmount } from './rewrites.js';
import {
  enclosingFunction,
  isFunction,
  memberName,
  originOf,
  propertyKey,
  resolveObject,
  staticString,
  unwrap,
} from '../utils/ast.js';

/** How a client spells SET options: ioredis `'NX'` arguments, node-redis `{ NX: true }`, Upstash `{ nx: true }`. */
type Flavour = 'ioredis' | 'node-redis' | 'upstash' | 'unknown';

const packages: Readonly<Record<string, Flavour>> = {
  ioredis: 'ioredis',
  redis: 'node-redis',
  '@redis/client': 'node-redis',
  '@upstash/redis': 'upstash',
  '@vercel/kv': 'upstash',
};

/** Which arguments name what: one key, keys, a hash field, set members, or hash field/value pairs. */
type Shape = 'key' | 'keys' | 'field' | 'members' | 'hash';

/**
 * Commands by lower-case name: ioredis and Upstash spell them so, node-redis `hSetNX` or `HSETNX`.
 * `value` is the position of the value written (a new value, or the amount of a change).
 */
const commands: Readonly<Record<string, { kind: AccessKind; shape: Shape; value?: number }>> = {
  get: { kind: 'read', shape: 'key' },
  hgetall: { kind: 'read', shape: 'key' },
  hget: { kind: 'read', shape: 'field' },
  exists: { kind: 'exists', shape: 'keys' },
  hexists: { kind: 'exists', shape: 'field' },
  sismember: { kind: 'exists', shape: 'field' },
  set: { kind: 'create', shape: 'key', value: 1 },
  setex: { kind: 'create', shape: 'key', value: 2 },
  psetex: { kind: 'create', shape: 'key', value: 2 },
  setnx: { kind: 'upsert', shape: 'key', value: 1 },
  hset: { kind: 'create', shape: 'hash' },
  hmset: { kind: 'create', shape: 'hash' },
  hsetnx: { kind: 'upsert', shape: 'field', value: 2 },
  sadd: { kind: 'create', shape: 'members' },
  incr: { kind: 'atomic-update', shape: 'key' },
  incrby: { kind: 'atomic-update', shape: 'key', value: 1 },
  incrbyfloat: { kind: 'atomic-update', shape: 'key', value: 1 },
  decr: { kind: 'atomic-update', shape: 'key' },
  decrby: { kind: 'atomic-update', shape: 'key', value: 1 },
  hincrby: { kind: 'atomic-update', shape: 'field', value: 2 },
  hincrbyfloat: { kind: 'atomic-update', shape: 'field', value: 2 },
  del: { kind: 'delete', shape: 'keys' },
  unlink: { kind: 'delete', shape: 'keys' },
  hdel: { kind: 'delete', shape: 'members' },
  srem: { kind: 'delete', shape: 'members' },
};
const camelCase: Readonly<Record<string, string>> = {
  hgetall: 'hGetAll', hget: 'hGet', hexists: 'hExists', sismember: 'sIsMember', setex: 'setEx', psetex: 'pSetEx',
  setnx: 'setNX', hset: 'hSet', hmset: 'hmSet', hsetnx: 'hSetNX', sadd: 'sAdd', incrby: 'incrBy',
  incrbyfloat: 'incrByFloat', decrby: 'decrBy', hincrby: 'hIncrBy', hincrbyfloat: 'hIncrByFloat', hdel: 'hDel', srem: 'sRem',
};
const redlockCalls = ['acquire', 'lock', 'using'];
const watchCalls = ['watch', 'WATCH'];

const lockKey = /lock|mutex/i;

function packageFlavour(source: string | undefined): Flavour | undefined {
  if (source === undefined) return undefined;
  const name = Object.keys(packages).find((pkg) => source === pkg || source.startsWith(`${pkg}/`));
  return name === undefined ? undefined : packages[name];
}

function importedFlavour(file: FileFacts): Flavour | undefined {
  const name = Object.keys(packages).find((pkg) => file.imports(pkg));
  return name === undefined ? undefined : packages[name];
}

const looksLikeRedis = (receiver: TSESTree.Node, file: FileFacts): boolean =>
  /redis|(?:^|\.)kv$/i.test(file.sourceCode.getText(receiver));

/**
 * The flavour of the Redis client `receiver` is, or undefined when nothing shows it is one. Evidence:
 * created by a Redis package's constructor, typed with one of its types, imported from it; or named
 * like Redis in a file that imports a Redis package or from a module named like Redis.
 */
function clientFlavour(receiver: TSESTree.Node, file: FileFacts): Flavour | undefined {
  const origin = originOf(receiver, file.sourceCode);
  const named = looksLikeRedis(receiver, file);
  if (origin.importSource !== undefined) {
    const local = named && (/redis|kv/i.test(origin.importSource) || importedFlavour(file) !== undefined);
    return packageFlavour(origin.importSource) ?? (local ? (importedFlavour(file) ?? 'unknown') : undefined);
  }
  const created = origin.init ? createdFlavour(origin.init, file) : undefined;
  if (created !== undefined) return created || undefined;
  const typed = origin.type ? typeFlavour(file.sourceCode.getText(origin.type), file) : undefined;
  if (typed) return typed;
  if (named && importedFlavour(file)) return importedFlavour(file);
  const type = file.typeText(receiver);
  return type !== undefined && /\b(?:I?Redis\w*|VercelKV)\b/.test(type) && !/^(?:Map|Set|WeakMap)</.test(type)
    ? (importedFlavour(file) ?? 'unknown')
    : undefined;
}

/**
 * `new Redis()`, `new IORedis.Cluster()`, `createClient()` (also `.on(…)`/`.connect()` chained),
 * `Redis.fromEnv()`; false for any other construction (`new Map()`), which rules Redis out.
 */
function createdFlavour(init: TSESTree.Expression, file: FileFacts): Flavour | false | undefined {
  let node: TSESTree.Node = unwrap(init);
  while (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    [AST_NODE_TYPES.CallExpression, AST_NODE_TYPES.NewExpression].includes(unwrap(node.callee.object).type)
  ) {
    node = unwrap(node.callee.object);
  }
  if (node.type !== AST_NODE_TYPES.NewExpression && node.type !== AST_NODE_TYPES.CallExpression) {
    return node.type === AST_NODE_TYPES.ObjectExpression || node.type === AST_NODE_TYPES.ArrayExpression ? false : undefined;
  }
  let constructor: TSESTree.Node = node.callee;
  while (constructor.type === AST_NODE_TYPES.MemberExpression) constructor = constructor.object;
  const flavour = constructor.type === AST_NODE_TYPES.Identifier ? packageFlavour(file.importSourceOf(constructor.name)) : undefined;
  if (flavour) return flavour;
  return node.type === AST_NODE_TYPES.NewExpression ? false : undefined;
}

/** A type that names something imported from a Redis package: `Redis`, `RedisClientType`, `ReturnType<typeof createClient>`. */
function typeFlavour(typeText: string, file: FileFacts): Flavour | undefined {
  for (const [name] of typeText.matchAll(/[A-Za-z_$][\w$]*/g)) {
    const flavour = packageFlavour(file.importSourceOf(name));
    if (flavour) return flavour;
  }
  return undefined;
}

function isRedlock(receiver: TSESTree.Node, file: FileFacts): boolean {
  const origin = originOf(receiver, file.sourceCode);
  const init = origin.init && unwrap(origin.init);
  if (init?.type === AST_NODE_TYPES.NewExpression && init.callee.type === AST_NODE_TYPES.Identifier) {
    return file.importSourceOf(init.callee.name) === 'redlock';
  }
  if (origin.type && /[A-Za-z_$][\w$]*/.exec(file.sourceCode.getText(origin.type))?.[0] === 'Redlock') return file.imports('redlock');
  return file.imports('redlock') && /redlock/i.test(file.sourceCode.getText(receiver));
}

const fieldName = (key: string, field: string): string => `${key}[${field}]`;

/** A hash field or set member as it is named: `'views'` as an argument and `views` as a property are one field. */
const memberKey = (node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string =>
  staticString(node) ?? keyName(node, sourceCode);

/** A field a command addresses: its name, the argument that names it, and the value written to it. */
interface Target {
  readonly name: string;
  readonly at: TSESTree.Node;
  readonly written?: TSESTree.Node | undefined;
}

/** The fields a command addresses: the key, or `key[field]` for a hash field or set member. */
function targets(
  shape: Shape,
  args: readonly TSESTree.CallExpressionArgument[],
  key: string,
  value: TSESTree.Node | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): Target[] {
  const member = (node: TSESTree.Node, written: TSESTree.Node | undefined): Target => ({
    name: fieldName(key, memberKey(node, sourceCode)),
    at: node,
    written,
  });
  switch (shape) {
    case 'key':
      return args[0] ? [{ name: key, at: args[0], written: value }] : [];
    case 'keys':
      return args.map((arg) => ({ name: keyName(arg, sourceCode), at: arg }));
    case 'field':
      return args[1] ? [member(args[1], value)] : [];
    case 'members':
      return args.slice(1).map((node) => member(node, node));
    case 'hash': {
      const object = args.length === 2 ? resolveObject(args[1], sourceCode) : undefined;
      if (object) {
        return object.properties.flatMap((prop) => {
          if (prop.type !== AST_NODE_TYPES.Property) return [];
          const name = prop.computed ? memberKey(prop.key, sourceCode) : propertyKey(prop);
          return name === undefined ? [] : [{ name: fieldName(key, name), at: prop.key, written: prop.value }];
        });
      }
      return args.flatMap((node, index) => (index % 2 === 1 ? [member(node, args[index + 1])] : []));
    }
  }
}

/** `'NX'`/`'XX'` arguments (ioredis), `{ NX: true }` (node-redis), `{ nx: true }` (Upstash), `{ condition: 'NX' }` (node-redis 5). */
function setCondition(args: readonly TSESTree.CallExpressionArgument[], sourceCode: Readonly<TSESLint.SourceCode>): 'NX' | 'XX' | undefined {
  for (const arg of args.slice(2)) {
    const word = staticString(arg)?.toUpperCase();
    if (word === 'NX' || word === 'XX') return word;
    for (const prop of resolveObject(arg, sourceCode)?.properties ?? []) {
      if (prop.type !== AST_NODE_TYPES.Property) continue;
      const name = propertyKey(prop)?.toUpperCase();
      const value = prop.value.type === AST_NODE_TYPES.Literal ? prop.value.value : undefined;
      if ((name === 'NX' || name === 'XX') && value === true) return name;
      if (name === 'CONDITION' && (value === 'NX' || value === 'XX')) return value;
    }
  }
  return undefined;
}

/** The call's result is used (assigned, tested, returned) rather than dropped. */
function resultUsed(call: TSESTree.Node): boolean {
  let node = call;
  while (node.parent && unwrap(node.parent) === node) node = node.parent;
  return node.parent?.type !== AST_NODE_TYPES.ExpressionStatement;
}

function commandAccess(call: TSESTree.CallExpression, method: string, file: FileFacts): Access | undefined {
  const command = commands[method.toLowerCase()];
  const [first] = call.arguments;
  if (!command || !first || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (clientFlavour(call.callee.object, file) === undefined) return undefined;
  const sourceCode = file.sourceCode;
  const lower = method.toLowerCase();
  const key = keyName(first, sourceCode);
  let kind = command.kind;
  if (lower === 'set') {
    const condition = setCondition(call.arguments, sourceCode);
    if (condition) kind = condition === 'NX' ? 'upsert' : 'update';
  }
  if (kind === 'upsert' && command.shape === 'key' && lockKey.test(key) && resultUsed(call)) kind = 'lock';
  const value = command.value === undefined ? undefined : call.arguments[command.value];
  if (kind === 'create' && command.shape !== 'members' && isCacheFill(call, key, value, ['get', 'hget', 'hgetall'], sourceCode)) kind = 'update';
  const addressed = targets(command.shape, call.arguments, key, value, sourceCode);
  const address = (list: readonly Target[]): Field[] => list.map((target) => ({ name: target.name, value: target.at }));
  const written = addressed.map((target) => ({ name: target.name, value: target.written }));
  const namesKey = addressed.some((target) => target.name === key);
  const creates = kind === 'create' || kind === 'upsert' || kind === 'lock';
  const writes = creates || kind === 'update' || kind === 'atomic-update';
  return {
    kind,
    library: 'redis',
    resource: 'redis',
    schemaless: true,
    // A write is addressed by its key and by the hash fields it writes: a read of either pairs with it.
    keys: writes ? [{ name: key, value: first }, ...address(namesKey ? [] : addressed)] : address(addressed),
    // A create names its key among the fields it writes, so that a check of the key pairs with it.
    data: !writes ? [] : creates && !namesKey ? [{ name: key }, ...written] : written,
    node: call,
    label: sourceCode.getText(call.callee),
  };
}

/** An explicit lock on keys, taken by `call`. */
function lockAccess(call: TSESTree.CallExpression, keys: readonly TSESTree.Node[], file: FileFacts): Access {
  return {
    kind: 'lock',
    library: 'redis',
    resource: 'redis',
    schemaless: true,
    keys: keys.map((node) => ({ name: keyName(node, file.sourceCode), value: node })),
    data: [],
    node: call,
    label: file.sourceCode.getText(call.callee),
  };
}

/** `redlock.acquire([key], ttl)` and Redlock 4's `redlock.lock(key, ttl)` take a lock across processes. */
function redlockAccess(call: TSESTree.CallExpression, file: FileFacts): Access | undefined {
  const [resources] = call.arguments;
  if (!resources || call.callee.type !== AST_NODE_TYPES.MemberExpression || !isRedlock(call.callee.object, file)) return undefined;
  const list = unwrap(resources);
  return lockAccess(call, list.type === AST_NODE_TYPES.ArrayExpression ? list.elements.filter((e) => e !== null) : [resources], file);
}

/**
 * `WATCH key` makes the `EXEC` of a later `MULTI` fail (ioredis resolves null, node-redis throws
 * `WatchError`) when the key changed since: what the function reads after it and the writes it
 * queues apply as one, as under a lock. A WATCH that no `EXEC` follows protects nothing.
 */
function watchAccess(call: TSESTree.CallExpression, file: FileFacts): Access | undefined {
  if (call.arguments.length === 0 || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (clientFlavour(call.callee.object, file) === undefined || !execFollows(call)) return undefined;
  return lockAccess(call, call.arguments, file);
}

function execFollows(watch: TSESTree.CallExpression): boolean {
  let found = false;
  simpleTraverse(enclosingFunction(watch), {
    enter: (node) => {
      found ||=
        node.type === AST_NODE_TYPES.CallExpression &&
        node.range[0] > watch.range[1] &&
        node.callee.type === AST_NODE_TYPES.MemberExpression &&
        memberName(node.callee)?.toLowerCase() === 'exec';
    },
  });
  return found;
}

export const redis: Adapter = {
  library: 'redis',
  callNames: new Set([
    ...Object.keys(commands).flatMap((name) => [name, name.toUpperCase()]),
    ...Object.values(camelCase),
    ...redlockCalls,
    ...watchCalls,
  ]),
  conflictMarkers: [],

  access(call, file) {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = memberName(call.callee);
    if (method === undefined) return undefined;
    if (method === 'acquire' || method === 'lock') return redlockAccess(call, file);
    return watchCalls.includes(method) ? watchAccess(call, file) : commandAccess(call, method, file);
  },

  transaction(call, file) {
    const callback = call.arguments.at(-1);
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression || memberName(call.callee) !== 'using') return undefined;
    if (!callback || !isFunction(callback) || !isRedlock(call.callee.object, file)) return undefined;
    // The vocabulary has no scope that is held under a lock: `redlock.using` serialises its callback
    // against every other holder of the key, which is what a serializable scope promises.
    return { callback, library: 'redis', isolation: 'serializable' };
  },

  atomicCreate(_check, create, file) {
    const call = create.node;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = memberName(call.callee) ?? '';
    const lower = method.toLowerCase();
    const flavour = clientFlavour(call.callee.object, file);
    if (lower === 'hset' && call.arguments.length === 3) {
      return { form: '`HSETNX`, which returns 0 when the field already exists', node: call.callee.property, text: spelled('hsetnx', method, flavour) };
    }
    if (lower !== 'set' && lower !== 'setex' && lower !== 'psetex') return undefined;
    const style = optionStyle(call, flavour, file.sourceCode);
    const rewrite = style && setNx(call, lower, method === method.toUpperCase() ? 'SET' : 'set', style, file.sourceCode);
    return rewrite && { form: '`SET … NX`, which returns null when the key already exists', ...rewrite };
  },

  /** `SET webhook:<key> 1 EX <a week> NX` (or the key the code keeps): null when the key is taken; it expires after the sender's last retry. */
  claim(near, key, record, file) {
    const call = near.node;
    if (near.library !== 'redis' || call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const style = optionStyle(call, clientFlavour(call.callee.object, file), file.sourceCode);
    if (!style) return undefined;
    const week = '60 * 60 * 24 * 7';
    const options = style === 'arguments' ? `'EX', ${week}, 'NX'` : style === 'NX' ? `{ EX: ${week}, NX: true }` : `{ ex: ${week}, nx: true }`;
    const client = file.sourceCode.getText(call.callee.object);
    const written = record?.field ?? `\`webhook:\${${key}}\``;
    return { form: '`SET … NX` with an expiry of a week', taken: `(await ${client}.set(${written}, '1', ${options})) === null` };
  },

  atomicUpdate(stale, file) {
    const call = stale.write.node;
    const [change] = stale.changes;
    if (!change || stale.changes.length !== 1 || call.type !== AST_NODE_TYPES.CallExpression) return undefined;
    if (call.callee.type !== AST_NODE_TYPES.MemberExpression || !isQueuedOrDropped(call)) return undefined;
    const method = memberName(call.callee) ?? '';
    const lower = method.toLowerCase();
    const [key] = call.arguments;
    const text = (node: TSESTree.Node): string => file.sourceCode.getText(node);
    // Options (an expiry, a condition) have no INCRBY spelling: only a plain SET or HSET of one field.
    const field = lower === 'hset' ? singleHashField(call.arguments, file.sourceCode) : undefined;
    if (!key || (lower === 'set' ? call.arguments.length !== 2 : field === undefined)) return undefined;
    const float = change.amount !== undefined && isFraction(change.amount);
    const negative = change.operator === '-';
    const command =
      lower === 'set'
        ? float ? 'incrbyfloat' : negative ? 'decrby' : 'incrby'
        : float ? 'hincrbyfloat' : 'hincrby';
    // DECRBY takes the amount as it is; the others add it, so a decrease is a negative amount.
    const amount = command === 'decrby' ? amountText(change, file) : signedAmount(change, file);
    const name = spelled(command, method, clientFlavour(call.callee.object, file));
    const args = field === undefined ? [text(key), amount] : [text(key), field, amount];
    return {
      form: `\`${name}\``,
      edits: [{ range: [call.callee.property.range[0], call.range[1]], text: `${name}(${args.join(', ')})` }],
    };
  },
};

/**
 * A command's name as this call's client spells it: `INCRBY` where the call is upper case,
 * node-redis `incrBy`, ioredis and Upstash `incrby`.
 */
function spelled(command: string, method: string, flavour: Flavour | undefined): string {
  if (method === method.toUpperCase()) return command.toUpperCase();
  const camel = flavour === 'node-redis' || method !== method.toLowerCase();
  return camel ? (camelCase[command] ?? command) : command;
}

/** The field an HSET of one field writes, as text: `hset(key, field, value)` or `hset(key, { field: value })`. */
function singleHashField(args: readonly TSESTree.CallExpressionArgument[], sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const [, field] = args;
  if (args.length === 3 && field) return sourceCode.getText(field);
  const object = args.length === 2 ? resolveObject(field, sourceCode) : undefined;
  const prop = object?.properties.length === 1 ? object.properties[0] : undefined;
  if (prop?.type !== AST_NODE_TYPES.Property) return undefined;
  const name = propertyKey(prop);
  return prop.computed || name === undefined ? sourceCode.getText(prop.key) : quote(name);
}

/** SET returns `OK`, INCRBY the new value: a rewrite fits a call whose result is dropped or queued in a MULTI. */
const isQueuedOrDropped = (call: TSESTree.CallExpression): boolean =>
  !resultUsed(call) || (call.parent.type === AST_NODE_TYPES.MemberExpression && call.parent.object === call);

const isFraction = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.Literal && typeof node.value === 'number' && !Number.isInteger(node.value);

type OptionStyle = 'arguments' | 'NX' | 'nx';

/** How this call spells SET options: by the client's package, or else by the options it already passes. */
function optionStyle(call: TSESTree.CallExpression, flavour: Flavour | undefined, sourceCode: Readonly<TSESLint.SourceCode>): OptionStyle | undefined {
  if (flavour === 'ioredis') return 'arguments';
  if (flavour === 'node-redis') return 'NX';
  if (flavour === 'upstash') return 'nx';
  const options = call.arguments.slice(2);
  if (options.some((arg) => staticString(arg) !== undefined)) return 'arguments';
  const key = resolveObject(options[0], sourceCode)?.properties.find((prop) => prop.type === AST_NODE_TYPES.Property);
  const name = key?.type === AST_NODE_TYPES.Property ? propertyKey(key) : undefined;
  if (name === undefined) return undefined;
  return name === name.toUpperCase() ? 'NX' : 'nx';
}

/**
 * `set(key, value[, options])` gains the NX condition; `setex(key, ttl, value)` becomes
 * `set(key, value, 'EX', ttl, 'NX')` or its options-object spelling.
 */
function setNx(
  call: TSESTree.CallExpression,
  method: string,
  set: string,
  style: OptionStyle,
  sourceCode: Readonly<TSESLint.SourceCode>,
): Omit<AtomicCreate, 'form'> | undefined {
  const text = (node: TSESTree.Node): string => sourceCode.getText(node);
  const nx = style === 'arguments' ? "'NX'" : `${style}: true`;
  if (method !== 'set') {
    const [key, ttl, value] = call.arguments;
    if (!key || !ttl || !value || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const unit = method === 'psetex' ? 'PX' : 'EX';
    const expiry = style === 'arguments' ? `'${unit}', ${text(ttl)}, ${nx}` : `{ ${style === 'nx' ? unit.toLowerCase() : unit}: ${text(ttl)}, ${nx} }`;
    return { node: call, text: `${text(call.callee.object)}.${set}(${text(key)}, ${text(value)}, ${expiry})` };
  }
  const last = call.arguments.at(-1);
  const options = call.arguments[2];
  if (!last || call.arguments.length < 2) return undefined;
  if (style === 'arguments' || !options) {
    return { node: last, text: `${text(last)}, ${style === 'arguments' ? nx : `{ ${nx} }`}` };
  }
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return { node: options, text: `{ ...${text(options)}, ${nx} }` };
  const lastOption = options.properties.at(-1);
  return lastOption ? { node: lastOption, text: `${text(lastOption)}, ${nx}` } : { node: options, text: `{ ${nx} }` };
}
