import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Field } from './access.js';
import { isErrorHandled } from './errors.js';
import { floatingPromise, type FloatingPromise } from './floating.js';
import { decidingGuard, resultReferences } from './guards.js';
import { contains, enclosingFunction, findVariable, isFunction, memberName, unwrap, valueBefore, type FunctionNode } from '../utils/ast.js';

/*
 * The miss path of a cache: a lookup of a key whose miss lets a fill of the same key run, the
 * value loaded for it, and whether the fill is left running.
 */

/** A fill of a cache key that a miss of an earlier lookup of the key lets run. */
export interface CacheMiss {
  /** The lookup: a read of the key, or a check that it exists. */
  readonly lookup: Access;
  readonly fill: Access;
  /** The promise calls whose callbacks make the fill (`load().then((v) => set(k, v))`), innermost first. */
  readonly continuations: readonly TSESTree.CallExpression[];
}

/** A miss path written as one block: read the key, return a hit, load, fill, return what was loaded. */
export interface MissPath {
  readonly lookup: Access;
  readonly fill: Access;
  /** The call that loads the value on a miss, awaited: `db.user.findUnique(…)`. */
  readonly load: TSESTree.CallExpression;
  /** The block's first and last statements, which a read-through form replaces. */
  readonly statements: readonly [TSESTree.Statement, TSESTree.Statement];
}

/** How a fill is left running: the promise, and whether a `.catch()` on it handles its failure. */
export interface RunningFill {
  readonly promise: FloatingPromise;
  readonly handled: boolean;
}

const isContinuation = (name: string | undefined): boolean => name === 'then' || name === 'catch' || name === 'finally';

/** The `.then`/`.catch`/`.finally` call a function is handed to as its callback. */
function continuedBy(fn: FunctionNode | TSESTree.Program): TSESTree.CallExpression | undefined {
  const call = isFunction(fn) ? fn.parent : undefined;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return call.arguments.includes(fn as TSESTree.CallExpressionArgument) && isContinuation(memberName(call.callee)) ? call : undefined;
}

/**
 * The function a node runs in, followed out of promise callbacks: in `load().then((v) => set(k, v))`
 * the write continues the function that calls `load`.
 */
export function continuationScope(node: TSESTree.Node): FunctionNode | TSESTree.Program {
  let fn = enclosingFunction(node);
  for (let call = continuedBy(fn); call; call = continuedBy(fn)) fn = enclosingFunction(call);
  return fn;
}

/** The promise calls between a node and the function `scope` that it continues, innermost first. */
function continuationsUpTo(node: TSESTree.Node, scope: TSESTree.Node): TSESTree.CallExpression[] | undefined {
  const calls: TSESTree.CallExpression[] = [];
  for (let fn = enclosingFunction(node); fn !== scope; ) {
    const call = continuedBy(fn);
    if (!call) return undefined;
    calls.push(call);
    fn = enclosingFunction(call);
  }
  return calls;
}

const isFill = (access: Access): boolean => access.kind === 'update' && access.schemaless === true && !access.summarized && !access.fileSystem;

const isLookupOf = (lookup: Access, fill: Access): boolean =>
  (lookup.kind === 'read' || lookup.kind === 'exists') &&
  !lookup.summarized &&
  lookup.library === fill.library &&
  lookup.resource === fill.resource &&
  lookup.node.range[1] <= fill.node.range[0] &&
  lookup.keys.some((key) => fill.keys.some((other) => other.name === key.name && !isSpread(key) && !isSpread(other)));

/** A key passed as `...args` names no key that can be compared. */
const isSpread = (field: Field): boolean => field.value?.type === AST_NODE_TYPES.SpreadElement;

/**
 * Every fill that the miss of an earlier lookup of its key decides, paired with the nearest such
 * lookup. A write whose value comes from the lookup itself changes the cached value rather than
 * filling a miss.
 */
export function cacheMisses(accesses: readonly Access[], sourceCode: Readonly<TSESLint.SourceCode>): CacheMiss[] {
  const misses: CacheMiss[] = [];
  for (const fill of accesses.filter(isFill)) {
    for (const lookup of accesses.filter((access) => isLookupOf(access, fill)).toReversed()) {
      const continuations = continuationsUpTo(fill.node, enclosingFunction(lookup.node));
      if (!continuations) continue;
      const references = lookupReferences(lookup, sourceCode);
      if (writesLookedUp(fill, lookup, references, sourceCode)) break;
      if (![fill.node, ...continuations].some((target) => decidingGuard(target, references))) continue;
      misses.push({ lookup, fill, continuations });
      break;
    }
  }
  return misses;
}

/** The nodes that carry a lookup's result: through variables, or the `.then` callback that receives it. */
function lookupReferences(lookup: Access, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  const references = resultReferences(lookup, sourceCode);
  const member = lookup.node.parent;
  const call = member?.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || memberName(member) !== 'then' || call?.type !== AST_NODE_TYPES.CallExpression) return references;
  const callback = call.arguments[0] && unwrap(call.arguments[0]);
  const parameter = callback && isFunction(callback) ? callback.params[0] : undefined;
  const received = parameter?.type === AST_NODE_TYPES.Identifier ? findVariable(sourceCode, parameter) : undefined;
  return [...references, ...(received?.references ?? []).filter((reference) => reference.isRead()).map((reference) => reference.identifier)];
}

/**
 * The fill writes what the lookup returned (`set(key, [...cart, item])`): a variable that holds the
 * lookup's result, unless it was given another value since (`posts = await load()`).
 */
function writesLookedUp(fill: Access, lookup: Access, references: readonly TSESTree.Node[], sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const written = fill.data.flatMap((field) => (field.value ? [field.value] : []));
  return references.some((reference) => {
    if (!written.some((value) => contains(value, reference))) return false;
    if (reference.type !== AST_NODE_TYPES.Identifier) return true;
    const value = valueBefore(reference, fill.node, sourceCode)?.value;
    return !value || value.range[0] < lookup.node.range[1] || contains(value, lookup.node);
  });
}

/**
 * The promise that leaves a fill running, if one does: the fill itself, unawaited, or the promise
 * chain whose callback makes it. Handled when a `.catch()` on that promise handles the failure.
 */
export function runningFill(miss: CacheMiss, sourceCode: Readonly<TSESLint.SourceCode>): RunningFill | undefined {
  const starts = [...(miss.fill.synchronous ? [] : [miss.fill.node]), ...miss.continuations];
  for (const start of starts) {
    const promise = floatingPromise(start, sourceCode);
    if (promise && !promise.settledAt) return { promise, handled: catches(start, promise) && isErrorHandled(start, [], sourceCode) };
  }
  return undefined;
}

/** A `.catch(handler)` links the promise chain from `start` to the floating expression. */
function catches(start: TSESTree.Node, promise: FloatingPromise): boolean {
  for (let node = start; node !== promise.expression && node.parent; node = node.parent) {
    const parent = node.parent;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node && memberName(parent) === 'catch') return true;
  }
  return false;
}

/** How far a value is followed back through the variables that hold it. */
const maxSteps = 3;

/**
 * The call that loads the value a fill stores, after the lookup: awaited (`const user = await
 * find(id)`, also through the variables holding it) or continued (`find(id).then((user) => …)`).
 * Undefined when the value is computed without waiting, or awaited from a promise held elsewhere
 * (`await pending`), which may be shared by concurrent callers.
 */
export function loadOf(miss: CacheMiss, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.CallExpression | undefined {
  const after = miss.lookup.node.range[1];
  const visited = new Set<TSESTree.Node>();
  const search = (node: TSESTree.Node, steps: number): TSESTree.CallExpression | undefined => {
    if (visited.has(node) || steps > maxSteps) return undefined;
    visited.add(node);
    let found: TSESTree.CallExpression | undefined;
    const sources: Source[] = [];
    simpleTraverse(node, {
      enter: (inner) => {
        if (found || inner.range[0] < after) return;
        if (inner.type === AST_NODE_TYPES.AwaitExpression) {
          const awaited = unwrap(inner.argument);
          if (awaited.type === AST_NODE_TYPES.CallExpression) found = awaited;
        } else if (inner.type === AST_NODE_TYPES.Identifier && isReference(inner)) {
          const source = sourceOf(inner, miss, sourceCode);
          if (source) sources.push(source);
        }
      },
    });
    for (const source of found ? [] : sources) {
      found ??= 'load' in source ? source.load : search(source.value, steps + 1);
    }
    return found;
  };
  for (const field of miss.fill.data) {
    const load = field.value && search(field.value, 0);
    if (load) return load;
  }
  return undefined;
}

/** An identifier that names a variable, not a property: `user` in `user.id`, not `id`. */
export function isReference(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression) return parent.object === identifier || parent.computed;
  if (parent.type === AST_NODE_TYPES.Property) return parent.value === identifier || parent.computed;
  return true;
}

/** Where a value comes from: a call whose result a promise callback receives, or an expression. */
type Source = { readonly load: TSESTree.CallExpression } | { readonly value: TSESTree.Node };

/**
 * Where the value of an identifier read in a fill comes from: for the parameter of the `.then`
 * callback that makes the fill, the call it continues; else the last value written to it before.
 */
function sourceOf(identifier: TSESTree.Identifier, miss: CacheMiss, sourceCode: Readonly<TSESLint.SourceCode>): Source | undefined {
  const def = findVariable(sourceCode, identifier)?.defs[0];
  if (def && isFunction(def.node)) {
    const callback = def.node;
    const call = miss.continuations.find((candidate) => candidate.arguments[0] === callback);
    if (!call || callback.params[0] !== def.name || call.callee.type !== AST_NODE_TYPES.MemberExpression || memberName(call.callee) !== 'then') {
      return undefined;
    }
    const promise = unwrap(call.callee.object);
    return promise.type === AST_NODE_TYPES.CallExpression ? { load: promise } : undefined;
  }
  const value = valueBefore(identifier, miss.fill.node, sourceCode)?.value;
  return value ? { value } : undefined;
}

/**
 * The miss path as one block of consecutive statements, when it is written so:
 * `const hit = await get(key); if (hit) return hit; const value = await load(); await set(key, value); return value;`.
 */
export function missPath(miss: CacheMiss, load: TSESTree.CallExpression): MissPath | undefined {
  const { lookup, fill } = miss;
  const declaration = declarationOf(lookup.node);
  const block = declaration?.parent;
  if (!declaration || miss.continuations.length > 0 || lookup.kind !== 'read' || block?.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  const start = block.body.indexOf(declaration);
  const [, check, loading, filling, returning] = block.body.slice(start, start + 5);
  const hit = declaredName(declaration);
  const value = loading?.type === AST_NODE_TYPES.VariableDeclaration ? declaredName(loading) : undefined;
  const returned = (statement: TSESTree.Node | undefined): string | undefined => {
    const bare = statement?.type === AST_NODE_TYPES.BlockStatement && statement.body.length === 1 ? statement.body[0] : statement;
    const argument = bare?.type === AST_NODE_TYPES.ReturnStatement && bare.argument ? unwrap(bare.argument) : undefined;
    return argument?.type === AST_NODE_TYPES.Identifier ? argument.name : undefined;
  };
  const filled = fill.data.map((field) => field.value && unwrap(field.value));
  const fits =
    hit !== undefined &&
    value !== undefined &&
    check?.type === AST_NODE_TYPES.IfStatement &&
    check.alternate === null &&
    testsPresence(check.test, hit) &&
    returned(check.consequent) === hit &&
    loading?.type === AST_NODE_TYPES.VariableDeclaration &&
    loading.declarations[0].init?.type === AST_NODE_TYPES.AwaitExpression &&
    loading.declarations[0].init.argument === load &&
    filling?.type === AST_NODE_TYPES.ExpressionStatement &&
    unwrapVoid(filling.expression) === fill.node &&
    filled.length === 1 &&
    filled[0]?.type === AST_NODE_TYPES.Identifier &&
    filled[0].name === value &&
    returned(returning) === value;
  return fits && returning ? { lookup, fill, load, statements: [declaration, returning] } : undefined;
}

/**
 * `if (hit)`, `if (hit !== undefined)`, `if (hit != null)`: a test of presence only, which a
 * read-through form makes itself. Any other condition on the hit would be lost in the rewrite.
 */
function testsPresence(test: TSESTree.Expression, name: string): boolean {
  const isHit = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.Identifier && node.name === name;
  const isAbsent = (node: TSESTree.Node): boolean =>
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') || (node.type === AST_NODE_TYPES.Literal && node.value === null);
  if (isHit(test)) return true;
  if (test.type !== AST_NODE_TYPES.BinaryExpression || (test.operator !== '!==' && test.operator !== '!=')) return false;
  return (isHit(test.left) && isAbsent(test.right)) || (isAbsent(test.left) && isHit(test.right));
}

/** `const x = <node>` (also `await <node>`), as the only declarator. */
function declarationOf(node: TSESTree.Node): TSESTree.VariableDeclaration | undefined {
  let current = node;
  while (current.parent && unwrap(current.parent) === unwrap(current)) current = current.parent;
  const declarator = current.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== current) return undefined;
  return declarator.parent.declarations.length === 1 ? declarator.parent : undefined;
}

function declaredName(declaration: TSESTree.VariableDeclaration): string | undefined {
  const [declarator, ...others] = declaration.declarations;
  return others.length === 0 && declarator.id.type === AST_NODE_TYPES.Identifier ? declarator.id.name : undefined;
}

/** `await x` and `void x` as a statement stand for `x`. */
function unwrapVoid(expression: TSESTree.Expression): TSESTree.Node {
  const bare = unwrap(expression);
  return bare.type === AST_NODE_TYPES.UnaryExpression && bare.operator === 'void' ? unwrap(bare.argument) : bare;
}
