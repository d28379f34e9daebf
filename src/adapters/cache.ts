import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, AccessKind } from '../analysis/access.js';
import { isReference, type MissPath } from '../analysis/cache-fills.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter, Rewrite } from './types.js';
import { isCacheFill, keyName } from './key-value.js';
import { addProperty } from '../utils/fixes.js';
import { enclosingFunction, findVariable, isFunction, memberName, normalizedText, originOf, property, resolveObject, unwrap } from '../utils/ast.js';

/*
 * Cache libraries: keyv, cache-manager (also injected by NestJS), lru-cache, node-cache, and `Map`
 * objects kept for the life of the process. A lookup (`get`, `has`) is a read of its key; a `set`
 * of a key that the code read before and whose value it uses is a fill, the only write recognised:
 * an in-process cache is written without waiting, and a cache write outside a miss path (warming,
 * invalidation) is not a race the rules report.
 */

type Family = 'keyv' | 'cache-manager' | 'lru-cache' | 'node-cache' | 'map';

/** Caches held in this process: their calls return at once, with no promise. */
const inProcess: ReadonlySet<Family> = new Set(['lru-cache', 'node-cache', 'map']);

const lookups: ReadonlyMap<string, AccessKind> = new Map([
  ['get', 'read'],
  ['has', 'exists'],
]);

function packageFamily(source: string | undefined): Family | undefined {
  if (source === 'keyv' || source?.startsWith('@keyv/')) return 'keyv';
  if (source === 'cache-manager' || source === '@nestjs/cache-manager') return 'cache-manager';
  if (source === 'lru-cache' || source === 'node-cache') return source;
  return undefined;
}

/** The cache packages the file imports. */
const importedFamilies = (file: FileFacts): Family[] =>
  (['keyv', 'cache-manager', 'lru-cache', 'node-cache'] as const).filter((name) => file.imports(name));

/**
 * The cache library `receiver` belongs to, or undefined when nothing shows it is a cache.
 * Evidence: made by a cache package's constructor or factory, typed with one of its types, or
 * imported from one; named like a cache in a file that imports exactly one cache package; or,
 * with type information, its type. A `Map` counts only when it lives as long as the process.
 */
function familyOf(receiver: TSESTree.Node, file: FileFacts): Family | undefined {
  const origin = originOf(receiver, file.sourceCode);
  const made = origin.init ? createdFamily(origin.init, file) : undefined;
  const typed = origin.type ? typeFamily(file.sourceCode.getText(origin.type), file) : undefined;
  const family = packageFamily(origin.importSource) ?? made ?? typed ?? checkedFamily(receiver, file) ?? namedFamily(receiver, file);
  return family === 'map' && !livesWithProcess(receiver, file) ? undefined : family;
}

/** `new Keyv()`, `createCache()`, `await caching('memory')`, `new LRUCache()`, `new NodeCache()`, `new Map()`. */
function createdFamily(init: TSESTree.Expression, file: FileFacts): Family | undefined {
  const node = unwrap(init);
  if (node.type !== AST_NODE_TYPES.NewExpression && node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  let callee: TSESTree.Node = node.callee;
  while (callee.type === AST_NODE_TYPES.MemberExpression) callee = callee.object;
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const source = file.importSourceOf(callee.name);
  if (source !== undefined) return packageFamily(source);
  return node.type === AST_NODE_TYPES.NewExpression && callee.name === 'Map' ? 'map' : undefined;
}

/** A declared type that names something imported from a cache package (`Cache`, `LRUCache<K, V>`), or `Map<K, V>`. */
function typeFamily(typeText: string, file: FileFacts): Family | undefined {
  const names = [...typeText.matchAll(/[A-Za-z_$][\w$]*/g)].map(([name]) => name);
  if (names[0] === 'Map' && file.importSourceOf('Map') === undefined) return 'map';
  return names.map((name) => packageFamily(file.importSourceOf(name))).find((family) => family !== undefined);
}

/** With type information: the type the checker gives the receiver. */
function checkedFamily(receiver: TSESTree.Node, file: FileFacts): Family | undefined {
  const type = file.typeText(receiver);
  if (type === undefined) return undefined;
  if (/^Keyv\b/.test(type)) return 'keyv';
  if (/^LRUCache\b/.test(type)) return 'lru-cache';
  if (/^NodeCache\b/.test(type)) return 'node-cache';
  return /^(?:Cache|MemoryCache|MultiCache)$/.test(type) && file.imports('cache-manager') ? 'cache-manager' : undefined;
}

/** `cache`, `this.userCache`, `productsCache` in a file that imports one cache package. */
function namedFamily(receiver: TSESTree.Node, file: FileFacts): Family | undefined {
  const families = importedFamilies(file);
  return families.length === 1 && /cache$/i.test(file.sourceCode.getText(receiver)) ? families[0] : undefined;
}

const isModuleLevel = (variable: TSESLint.Scope.Variable | undefined): boolean =>
  variable?.scope.type === TSESLint.Scope.ScopeType.module || variable?.scope.type === TSESLint.Scope.ScopeType.global;

/** Class names of objects that are made once and serve every request. */
const serviceName = /(?:Service|Repository|Provider|Registry)$/;

/**
 * A `Map` that outlives a request: declared at module scope, or a field of a service (a class
 * that a decorator registers with a container, named like a service, or made once at module scope).
 */
function livesWithProcess(receiver: TSESTree.Node, file: FileFacts): boolean {
  const bare = unwrap(receiver);
  if (bare.type === AST_NODE_TYPES.Identifier) {
    return isModuleLevel(findVariable(file.sourceCode, bare));
  }
  let owner: TSESTree.Node | undefined = bare.parent;
  while (owner && owner.type !== AST_NODE_TYPES.ClassDeclaration && owner.type !== AST_NODE_TYPES.ClassExpression) owner = owner.parent;
  if (!owner || bare.type !== AST_NODE_TYPES.MemberExpression || bare.object.type !== AST_NODE_TYPES.ThisExpression) return false;
  if (owner.decorators.length > 0 || (owner.id && serviceName.test(owner.id.name))) return true;
  const variable = owner.id ? findVariable(file.sourceCode, owner.id) : undefined;
  return (variable?.references ?? []).some((reference) => {
    const made = reference.identifier.parent;
    return made.type === AST_NODE_TYPES.NewExpression && made.callee === reference.identifier && enclosingFunction(made).type === AST_NODE_TYPES.Program;
  });
}

export const cache: Adapter = {
  library: 'cache',
  callNames: new Set(['get', 'has', 'set']),
  conflictMarkers: [],

  access(call, file) {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = memberName(call.callee);
    const [key, value] = call.arguments;
    if (method === undefined || !key || key.type === AST_NODE_TYPES.SpreadElement || value?.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const receiver = call.callee.object;
    const family = familyOf(receiver, file);
    if (family === undefined) return undefined;
    const sourceCode = file.sourceCode;
    const name = keyName(key, sourceCode);
    const fills = method === 'set' && value !== undefined && isCacheFill(call, name, value, ['get'], sourceCode);
    const kind = fills ? 'update' : lookups.get(method);
    if (kind === undefined) return undefined;
    const access: Access = {
      kind,
      library: 'cache',
      resource: normalizedText(sourceCode, receiver),
      schemaless: true,
      keys: [{ name, value: key }],
      data: fills ? [{ name, value }] : [],
      node: call,
      label: sourceCode.getText(call.callee),
    };
    return inProcess.has(family) ? { ...access, synchronous: true } : access;
  },

  readThrough(miss, file) {
    const fill = miss.fill.node;
    if (fill.type !== AST_NODE_TYPES.CallExpression || fill.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const family = familyOf(fill.callee.object, file);
    if (family === 'cache-manager') return wrapped(miss, fill, file.sourceCode);
    return family === 'lru-cache' ? fetched(miss, fill, file) : undefined;
  },
};

/** The range of a miss path's statements, replaced by `text`. */
const replacing = (miss: MissPath, text: string): Rewrite['edits'][number] => ({
  range: [miss.statements[0].range[0], miss.statements[1].range[1]],
  text,
});

/** cache-manager: `return cache.wrap(key, () => load(), ttl);` — `wrap` runs one load per key for concurrent callers. */
function wrapped(miss: MissPath, fill: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): Rewrite | undefined {
  const [key, , ttl, ...rest] = fill.arguments;
  if (!key || rest.length > 0 || fill.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const text = (node: TSESTree.Node): string => sourceCode.getText(node);
  const call = `${text(fill.callee.object)}.wrap(${[text(key), `() => ${text(miss.load)}`, ...(ttl ? [text(ttl)] : [])].join(', ')})`;
  return {
    form: '`wrap()`, which loads a missing key once and hands the value to every caller waiting for it',
    edits: [replacing(miss, `return ${call};`)],
  };
}

/**
 * lru-cache: the load becomes the cache's `fetchMethod` and the miss path `return cache.fetch(key)`.
 * Only where the load needs nothing but the key, the cache is made in this file without a
 * `fetchMethod`, this is its only fill, and the function declares no return type (`fetch` may
 * resolve to undefined).
 */
function fetched(miss: MissPath, fill: TSESTree.CallExpression, file: FileFacts): Rewrite | undefined {
  const sourceCode = file.sourceCode;
  const key = fill.arguments[0] && unwrap(fill.arguments[0]);
  const fn = enclosingFunction(fill);
  if (key?.type !== AST_NODE_TYPES.Identifier || !isFunction(fn) || fn.returnType || fill.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const receiver = fill.callee.object;
  const init = originOf(receiver, sourceCode).init;
  const made = init && unwrap(init);
  const options = made?.type === AST_NODE_TYPES.NewExpression ? resolveObject(made.arguments[0], sourceCode) : undefined;
  if (!options || property(options, 'fetchMethod') !== undefined) return undefined;
  if (!needsOnly(miss.load, key, sourceCode) || fillsOf(receiver, sourceCode) !== 1) return undefined;
  const method = `fetchMethod: async (${key.name}) => ${sourceCode.getText(miss.load)}`;
  return {
    form: '`fetch()` with the load as the cache\'s `fetchMethod`, which loads a missing key once for every caller waiting for it',
    edits: [addProperty(options, method, sourceCode), replacing(miss, `return ${sourceCode.getText(receiver)}.fetch(${key.name});`)],
  };
}

/** The load refers to no local but the key: it can run from the cache's options, given the key. */
function needsOnly(load: TSESTree.Node, key: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let outside = true;
  simpleTraverse(load, {
    enter: (node) => {
      if (node.type === AST_NODE_TYPES.ThisExpression) outside = false;
      if (node.type !== AST_NODE_TYPES.Identifier || node.name === key.name) return;
      const variable = findVariable(sourceCode, node);
      if (variable && !isModuleLevel(variable) && isReference(node)) outside = false;
    },
  });
  return outside;
}

/** How many `set` calls the file makes on this receiver. */
function fillsOf(receiver: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): number {
  const text = normalizedText(sourceCode, receiver);
  let count = 0;
  simpleTraverse(sourceCode.ast, {
    enter: (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
      if (memberName(node.callee) === 'set' && normalizedText(sourceCode, node.callee.object) === text) count += 1;
    },
  });
  return count;
}
