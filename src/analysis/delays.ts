import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { FileFacts } from './file-facts.js';
import { calleeName, callsIn, enclosingFunction, findVariable, isFunction, memberName, returnedExpression, unwrap, type FunctionNode } from '../utils/ast.js';
import { localCallee } from './callees.js';

/*
 * Fixed delays: code that waits a set time instead of for an event. A promise resolved by a timer,
 * `timers/promises`' `setTimeout` and `scheduler.wait`, `Bun.sleep`, sleep helpers from packages or
 * declared in the project, and a timer callback scheduled to run later.
 */

export interface Delay {
  /** The awaited expression, or the `setTimeout(callback, ms)` call. */
  readonly node: TSESTree.Node;
  /** The duration, when it is written. */
  readonly duration: TSESTree.Node | undefined;
  /** For a scheduled callback, the function that runs once the delay is over. */
  readonly callback?: FunctionNode;
}

const timerModules = new Set(['timers/promises', 'node:timers/promises']);
/** Packages whose exports are sleeps (`import delay from 'delay'`, `timers-ext/promise/sleep`). */
const sleepPackages = ['delay', 'sleep-promise', 'timers-ext', 'await-sleep', 'sleep-async'];
/** Names that a project's own helper, imported from another file, is a sleep by. */
const sleepNames = new Set(['sleep', 'delay', 'pause']);
const loops = new Set<string>([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);
/** A duration that grows with the attempt: `2 ** attempt`, `attempt * 500`, `Math.pow(2, n)`. */
const attemptName = /attempt|retr(?:y|ies)|tries|backoff/i;
/** A duration named for pacing rather than waiting: `RATE_LIMIT_MS`, `POLL_INTERVAL`. */
const pacingName = /rate|limit|throttl|cooldown|interval|poll/i;

/** `await <delay>`: the awaited expression is a fixed delay. */
export function awaitedDelay(node: TSESTree.AwaitExpression, file: FileFacts): Delay | undefined {
  const duration = delayDuration(node.argument, file, 0);
  return duration && { node, duration: duration.node };
}

/** `setTimeout(() => work(), ms);`: a callback run later, whose timer is neither kept nor cleared. */
export function scheduledCallback(call: TSESTree.CallExpression, file: FileFacts): Delay | undefined {
  const [callback, duration] = call.arguments;
  if (!isGlobalTimer(call.callee, file) || call.parent.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const fn = callback && unwrap(callback);
  if (!fn || !isFunction(fn) || isPromiseExecutor(enclosingFunction(call))) return undefined;
  return { node: call, duration, callback: fn };
}

/**
 * The delay paces repeated or visual work rather than waiting for an operation: it runs in a loop,
 * in a `catch` that retries, in a function that calls itself, with a duration that grows with the
 * attempt or is named for a rate or an interval, or in UI code (an animation frame, a debounce).
 */
export function pacesWork(delay: Delay, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const owner = enclosingFunction(delay.node);
  for (let node = delay.node.parent; node && node !== owner; node = node.parent) {
    if (loops.has(node.type) || node.type === AST_NODE_TYPES.CatchClause) return true;
  }
  if (delay.duration && isPacingDuration(delay.duration, sourceCode)) return true;
  const name = owner.type === AST_NODE_TYPES.Program ? undefined : functionName(owner);
  const calls = callsIn(owner, sourceCode);
  if (name !== undefined && calls.some((call) => calleeName(call) === name && isSelfCall(call))) return true;
  return calls.some((call) => calleeName(call) === 'requestAnimationFrame') || isInsideDebounce(delay.node);
}

/** The duration text for messages: `500 ms`, or the expression as written. */
export function durationText(delay: Delay, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const duration = delay.duration && unwrap(delay.duration);
  if (!duration) return 'a fixed time';
  if (duration.type === AST_NODE_TYPES.Literal && typeof duration.value === 'number') return `a fixed ${duration.value} ms`;
  return `a fixed \`${sourceCode.getText(duration)}\``;
}

/** The duration of an expression that resolves after a fixed time; undefined when it is no delay. */
function delayDuration(expression: TSESTree.Node, file: FileFacts, depth: number): { node: TSESTree.Node | undefined } | undefined {
  const node = unwrap(expression);
  if (node.type === AST_NODE_TYPES.NewExpression) return timerPromise(node, file);
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const duration = { node: node.arguments[0] };
  const callee = node.callee;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return isDelayMember(callee, file) ? duration : undefined;
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const source = file.importSourceOf(callee.name);
  if (source !== undefined) return isDelayImport(callee, source, file) ? duration : undefined;
  return depth === 0 && isSleepDeclaration(node, file) ? duration : undefined;
}

/** `new Promise((resolve) => setTimeout(resolve, ms))`, with `resolve` passed or called. */
function timerPromise(node: TSESTree.NewExpression, file: FileFacts): { node: TSESTree.Node | undefined } | undefined {
  const executor = node.arguments[0] && unwrap(node.arguments[0]);
  if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'Promise' || !executor || !isFunction(executor)) return undefined;
  const [resolve] = executor.params;
  if (resolve?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const statements = executor.body.type === AST_NODE_TYPES.BlockStatement ? executor.body.body : [executor.body];
  const [only] = statements;
  const call = statements.length === 1 && only ? unwrap(only.type === AST_NODE_TYPES.ExpressionStatement ? only.expression : only) : undefined;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !isGlobalTimer(call.callee, file)) return undefined;
  const [callback, duration] = call.arguments;
  return callback && resolves(callback, resolve.name) ? { node: duration } : undefined;
}

/** `resolve`, `() => resolve()`, `function () { resolve(value); }`. */
function resolves(callback: TSESTree.Node, resolve: string): boolean {
  const bare = unwrap(callback);
  if (bare.type === AST_NODE_TYPES.Identifier) return bare.name === resolve;
  const returned = isFunction(bare) ? (returnedExpression(bare) ?? onlyExpression(bare)) : undefined;
  return returned?.type === AST_NODE_TYPES.CallExpression && returned.callee.type === AST_NODE_TYPES.Identifier && returned.callee.name === resolve;
}

/** The expression of a function body that is one expression statement: `{ resolve(); }`. */
function onlyExpression(fn: FunctionNode): TSESTree.Node | undefined {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement || fn.body.body.length !== 1) return undefined;
  const [statement] = fn.body.body;
  return statement?.type === AST_NODE_TYPES.ExpressionStatement ? unwrap(statement.expression) : undefined;
}

/** The callback `setTimeout` (global, or from `timers`), not the promise one of `timers/promises`. */
function isGlobalTimer(callee: TSESTree.Node, file: FileFacts): boolean {
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return callee.name === 'setTimeout' && !timerModules.has(file.importSourceOf('setTimeout') ?? '');
  }
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    ['globalThis', 'global', 'window'].includes(callee.object.name) &&
    memberName(callee) === 'setTimeout'
  );
}

/** `Bun.sleep(ms)`, `scheduler.wait(ms)`, `timers.setTimeout(ms)` with `timers` from `timers/promises`. */
function isDelayMember(callee: TSESTree.MemberExpression, file: FileFacts): boolean {
  if (callee.object.type !== AST_NODE_TYPES.Identifier) return false;
  const object = callee.object.name;
  const name = memberName(callee);
  const source = file.importSourceOf(object);
  if (object === 'Bun') return name === 'sleep' && source === undefined;
  if (object === 'scheduler' && name === 'wait') return source === undefined || timerModules.has(source);
  return name === 'setTimeout' && source !== undefined && timerModules.has(source);
}

/** A name imported as a sleep: `timers/promises`' `setTimeout`, a sleep package, a project helper named so. */
function isDelayImport(callee: TSESTree.Identifier, source: string, file: FileFacts): boolean {
  if (timerModules.has(source)) return importedName(callee, file) === 'setTimeout';
  if (sleepPackages.some((name) => source === name || source.startsWith(`${name}/`))) return true;
  return /^(?:\.|\/|@\/|~\/|#)/.test(source) && sleepNames.has(callee.name);
}

/** The exported name a local binding imports: `{ setTimeout as sleep }` gives `setTimeout`. */
function importedName(identifier: TSESTree.Identifier, file: FileFacts): string | undefined {
  const def = findVariable(file.sourceCode, identifier)?.defs[0];
  const node = def?.node;
  if (node?.type === AST_NODE_TYPES.ImportSpecifier) {
    return node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value;
  }
  if (node?.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.ObjectPattern) {
    for (const prop of node.id.properties) {
      if (prop.type !== AST_NODE_TYPES.Property || prop.value.type !== AST_NODE_TYPES.Identifier || prop.value.name !== identifier.name) continue;
      return prop.key.type === AST_NODE_TYPES.Identifier ? prop.key.name : undefined;
    }
  }
  return undefined;
}

/**
 * A function of this file whose body is only a delay (`const sleep = (ms) => new Promise(…)`), or
 * `const sleep = promisify(setTimeout)`.
 */
function isSleepDeclaration(call: TSESTree.CallExpression, file: FileFacts): boolean {
  const callee = localCallee(call, file.sourceCode);
  if (callee) {
    const body = returnedExpression(callee) ?? onlyExpression(callee);
    return body !== undefined && delayDuration(body, file, 1) !== undefined;
  }
  if (call.callee.type !== AST_NODE_TYPES.Identifier) return false;
  const def = findVariable(file.sourceCode, call.callee)?.defs[0];
  const init = def?.node.type === AST_NODE_TYPES.VariableDeclarator ? def.node.init : undefined;
  return (
    init?.type === AST_NODE_TYPES.CallExpression &&
    calleeName(init) === 'promisify' &&
    init.arguments[0]?.type === AST_NODE_TYPES.Identifier &&
    init.arguments[0].name === 'setTimeout'
  );
}

function isPromiseExecutor(fn: FunctionNode | TSESTree.Program): boolean {
  const parent = fn.parent;
  return parent?.type === AST_NODE_TYPES.NewExpression && parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Promise';
}

function isPacingDuration(duration: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const text = sourceCode.getText(duration);
  return pacingName.test(text) || attemptName.test(text) || /\*\*|<<|Math\.pow|Math\.random/.test(text);
}

/** The name a function is called by: its own, the variable holding it, or its method key. */
function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if ((parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.Property) && !parent.computed) {
    return parent.key.type === AST_NODE_TYPES.Identifier ? parent.key.name : undefined;
  }
  return undefined;
}

/** `retry()` or `this.retry()`: a call that can reach the function it is named after. */
function isSelfCall(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  return callee.type === AST_NODE_TYPES.Identifier || (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression);
}

/** A function passed to `debounce`/`throttle`, or declared under one of those names, around the node. */
function isInsideDebounce(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunction(current)) continue;
    const name = functionName(current);
    const call = current.parent;
    const wrapper = call.type === AST_NODE_TYPES.CallExpression ? calleeName(call) : undefined;
    if ([name, wrapper].some((candidate) => candidate !== undefined && /debounce|throttle/i.test(candidate))) return true;
  }
  return false;
}
