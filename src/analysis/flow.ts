import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Isolation, TransactionScope } from './access.js';
import { fileFacts, type FileContext, type FileFacts } from './file-facts.js';
import { adapters, callNames, transactionHandleTypes } from '../adapters/index.js';
import { conventionNames, decoratedScope, handedScope, lockHelperAccess, wrapperScope } from './conventions.js';
import type { CallLike } from '../adapters/types.js';
import { resolveCallee, type Callee, type SourceFile } from './callees.js';
import { projectFile, projectFilesGeneration, type ProjectFile } from './project-files.js';
import { inlineCallback, isWaitedFor, summarize } from './summaries.js';
import { calleeName, contains, enclosingFunction, findVariable, isFunction, parameterBinding, unwrap, type FunctionNode } from '../utils/ast.js';

/** What one function does to shared state, in source order. */
export interface FunctionFlow {
  readonly node: FunctionNode | TSESTree.Program;
  readonly accesses: readonly Access[];
  /** Points where the function yields to other requests: `await`, `for await`, `yield`. */
  readonly awaits: readonly TSESTree.Node[];
}

/** The analysis of one file, handed to a rule with each function that touches shared state. */
export interface FileAnalysis {
  readonly file: FileFacts;
  /** The innermost transaction a node runs in, when a library call opened one around it. */
  transactionOf(node: TSESTree.Node): TransactionScope | undefined;
}

interface MutableFlow {
  node: FunctionNode | TSESTree.Program;
  accesses: Access[];
  awaits: TSESTree.Node[];
  /** Calls the function waits for that no adapter recognised: maybe the project's own functions. */
  calls: TSESTree.CallExpression[];
}

/** What the first rule to ask builds for a file, while ESLint walks it, and every rule reads. */
interface FlowBuilder {
  readonly listeners: Readonly<Record<string, (node: never) => void>>;
  /** The flows with at least one access, summaries added; computed once, on the first call. */
  finish(): readonly FunctionFlow[];
  /** What a function of the file does, following the calls it waits for `depth` calls deep. */
  summaryOf(fn: FunctionNode, depth: number): readonly Access[];
  callbackContext(fn: FunctionNode, param: string): CallbackContext | undefined;
  readonly analysis: FileAnalysis;
}

/** How a function runs a callback it is handed: in a transaction at this level, holding a lock. */
interface CallbackContext {
  readonly isolation: Isolation;
  readonly locks: boolean;
}

const builders = new WeakMap<TSESTree.Program, FlowBuilder>();

/**
 * Listeners that hand each function of the file with at least one access to `onFunction`, once
 * the file has been read. The flows are built once per file, by the first rule that asks, and
 * shared with the others. Calls the code waits for, of functions the project declares, add the
 * callee's accesses to the caller's flow (see `summaries.ts` and `callees.ts`).
 */
export function collectFlows(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  onFunction: (flow: FunctionFlow, analysis: FileAnalysis) => void,
): TSESLint.RuleListener {
  const program = context.sourceCode.ast;
  const shared = builders.get(program);
  const builder = shared ?? flowBuilder(context);
  if (!shared) builders.set(program, builder);
  const deliver = (): void => {
    for (const flow of builder.finish()) onFunction(flow, builder.analysis);
  };
  return { ...(shared ? {} : (builder.listeners)), 'Program:exit': deliver };
}

function flowBuilder(context: FileContext): FlowBuilder {
  const flows = new Map<TSESTree.Node, MutableFlow>();
  const transactions = new Map<TSESTree.Node, TransactionScope>();
  let file: FileFacts | undefined;
  const facts = (): FileFacts => (file ??= fileFacts(context));
  const here: SourceFile = { filename: context.filename, sourceCode: context.sourceCode };

  const analysis: FileAnalysis = {
    get file() {
      return facts();
    },
    transactionOf(node) {
      for (let current = node.parent; current; current = current.parent) {
        const scope = transactions.get(current);
        if (scope) return scope;
      }
      return undefined;
    },
  };

  const flowOf = (node: TSESTree.Node): MutableFlow => {
    const owner = enclosingFunction(node);
    let flow = flows.get(owner);
    if (!flow) {
      flow = { node: owner, accesses: [], awaits: [], calls: [] };
      flows.set(owner, flow);
    }
    return flow;
  };

  let projectNames: ReadonlySet<string> | undefined;
  /** A call of one of the project's own transaction wrappers or lock helpers (`settings.race`). */
  const onConvention = (call: TSESTree.CallExpression, name: string): boolean => {
    projectNames ??= conventionNames(facts().settings);
    if (!projectNames.has(name)) return false;
    const scope = wrapperScope(call, facts());
    if (scope) transactions.set(scope.callback, scope);
    const lock = scope ? undefined : lockHelperAccess(call, facts());
    if (lock) flowOf(call).accesses.push(lock);
    return scope !== undefined || lock !== undefined;
  };

  /** A call that no adapter recognises may run one of the project's functions. */
  const onProjectCall = (call: CallLike): void => {
    if (call.type === AST_NODE_TYPES.CallExpression && isWaitedFor(call)) flowOf(call).calls.push(call);
  };

  const onCall = (call: CallLike): void => {
    const name = calleeName(call);
    if (name === undefined) return;
    if (call.type === AST_NODE_TYPES.CallExpression && onConvention(call, name)) return;
    if (!callNames.has(name)) {
      onProjectCall(call);
      return;
    }
    for (const adapter of adapters) {
      if (!adapter.callNames.has(name)) continue;
      if (call.type === AST_NODE_TYPES.CallExpression && adapter.transaction) {
        const scope = adapter.transaction(call, facts());
        if (scope) {
          transactions.set(scope.callback, scope);
          return;
        }
      }
      const access = adapter.access(call, facts());
      if (access) {
        flowOf(call).accesses.push(access);
        return;
      }
    }
    onProjectCall(call);
  };

  // Library transactions register their callbacks first: the call is entered before its arguments.
  const onFunctionEnter = (fn: FunctionNode): void => {
    if (transactions.has(fn)) return;
    const scope = handedScope(fn, transactionHandleTypes, facts());
    if (scope) transactions.set(fn, scope);
  };

  const onMethod = (method: TSESTree.MethodDefinition): void => {
    if (method.decorators.length === 0) return;
    const known = adapters.map((adapter) => adapter.transactionalMethod?.(method, facts())).find((scope) => scope !== undefined);
    const scope = known ?? decoratedScope(method, facts());
    if (scope) transactions.set(scope.callback, scope);
  };

  const onAwait = (node: TSESTree.Node): void => {
    flowOf(node).awaits.push(node);
  };

  /** Transaction callbacks by the function that makes the call running them; that function gets a flow. */
  let callbacks: Map<TSESTree.Node, [TSESTree.CallExpression, FunctionNode][]> | undefined;
  const callbacksIn = (fn: TSESTree.Node): readonly [TSESTree.CallExpression, FunctionNode][] => {
    if (!callbacks) {
      callbacks = new Map();
      for (const callback of transactions.keys()) {
        const call = callback.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || !isFunction(callback)) continue;
        const owner = flowOf(call).node;
        callbacks.set(owner, [...(callbacks.get(owner) ?? []), [call, callback]]);
      }
    }
    return callbacks.get(fn) ?? [];
  };

  const resolved = new Map<TSESTree.CallExpression, Callee | undefined>();
  const calleeOf = (call: TSESTree.CallExpression): Callee | undefined => {
    if (!resolved.has(call)) resolved.set(call, resolveSafely(call, here));
    return resolved.get(call);
  };
  let settingsKey: string | undefined;
  const builderOf = (callee: Callee): FlowBuilder | undefined =>
    callee.file === here ? self : elsewhereBuilder(callee.file, context, (settingsKey ??= JSON.stringify(context.settings.race ?? null)));

  /**
   * How a function runs the callback it takes as `param`, when that is inside a transaction or
   * after a lock (`withWalletLock(id, fn)` that locks and then calls `fn(tx)`).
   */
  const callbackContext = (fn: FunctionNode, param: string): CallbackContext | undefined => {
    for (const flow of flows.values()) {
      if (!contains(fn, flow.node)) continue;
      for (const call of flow.calls) {
        if (call.callee.type !== AST_NODE_TYPES.Identifier || call.callee.name !== param) continue;
        const def = findVariable(context.sourceCode, call.callee)?.defs[0];
        if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || def.node !== fn) continue;
        const scope = analysis.transactionOf(call);
        const locked = flow.accesses.some((access) => access.node.range[1] <= call.range[0] && (access.kind === 'lock' || access.locks === true));
        if (scope || locked) return { isolation: scope?.isolation ?? 'unknown', locks: locked || scope?.locks === true };
      }
    }
    return undefined;
  };

  /** A callback handed to a project function that runs it in a transaction or holding a lock. */
  const registerCallbacks = (call: TSESTree.CallExpression): void => {
    const callee = call.arguments.some((argument) => isFunction(unwrap(argument))) ? calleeOf(call) : undefined;
    const builder = callee && builderOf(callee);
    if (!callee || !builder) return;
    call.arguments.forEach((argument, index) => {
      const callback = unwrap(argument);
      const param = callee.fn.params[index];
      const known = transactions.get(callback);
      if (!isFunction(callback) || !param || (known && !known.fromCaller)) return;
      const name = parameterBinding(param)?.name;
      const how = name === undefined ? undefined : builder.callbackContext(callee.fn, name);
      if (how) transactions.set(callback, { callback, isolation: how.isolation, library: 'project', ...(how.locks ? { locks: true } : {}) });
    });
  };

  /**
   * A function handed its caller's transaction runs at the level of its callers, when the file
   * shows all of them: it is not exported, and every call of it runs in a transaction of known level.
   */
  const refineHandedScopes = (): void => {
    const calls = [...flows.values()].flatMap((flow) => flow.calls);
    for (const [fn, scope] of transactions) {
      if (!scope.fromCaller || !isFunction(fn) || isExported(fn, context.sourceCode)) continue;
      const outer = calls.filter((call) => calleeOf(call)?.fn === fn).map((call) => analysis.transactionOf(call));
      const levels = outer.map((site) => (site && !site.fromCaller ? site.isolation : 'unknown'));
      if (levels.length === 0 || levels.includes('unknown')) continue;
      const weakest = levels.reduce((a, b) => (strength[a] <= strength[b] ? a : b));
      transactions.set(fn, { ...scope, isolation: weakest, ...(outer.every((site) => site?.locks) ? { locks: true } : {}) });
    }
  };

  const summaries = new Map<TSESTree.Node, Map<number, readonly Access[]>>();
  const summaryOf = (fn: TSESTree.Node, depth: number): readonly Access[] => {
    const flow = flows.get(fn);
    if (!flow) return [];
    let byDepth = summaries.get(fn);
    if (!byDepth) summaries.set(fn, (byDepth = new Map<number, readonly Access[]>()));
    const known = byDepth.get(depth);
    if (known) return known;
    const accesses = [...flow.accesses];
    // A transaction callback's work is the work of the call that runs it, at the same depth.
    for (const [call, callback] of callbacksIn(fn)) accesses.push(...inlineCallback(call, summaryOf(callback, depth)));
    for (const call of depth > 0 ? flow.calls : []) {
      const callee = calleeOf(call);
      if (!callee || callee.fn === fn) continue;
      const done = builderOf(callee)?.summaryOf(callee.fn, depth - 1) ?? [];
      accesses.push(...summarize(call, callee, done, here));
    }
    accesses.sort((a, b) => a.node.range[0] - b.node.range[0]);
    byDepth.set(depth, accesses);
    return accesses;
  };

  let finished: readonly FunctionFlow[] | undefined;
  const finish = (): readonly FunctionFlow[] => {
    if (finished) return finished;
    const depth = facts().settings.summaryDepth ?? defaultSummaryDepth;
    if (depth > 0) {
      for (const flow of [...flows.values()]) flow.calls.forEach(registerCallbacks);
      refineHandedScopes();
    }
    callbacksIn(context.sourceCode.ast);
    const complete = [...flows.values()].map((flow) => ({ ...flow, accesses: summaryOf(flow.node, depth) }));
    finished = complete.filter((flow) => flow.accesses.length > 0);
    return finished;
  };

  const self: FlowBuilder = {
    listeners: {
      CallExpression: onCall,
      TaggedTemplateExpression: onCall,
      AwaitExpression: onAwait,
      YieldExpression: onAwait,
      ForOfStatement: (node: TSESTree.ForOfStatement) => {
        if (node.await) onAwait(node);
      },
      FunctionDeclaration: onFunctionEnter,
      FunctionExpression: onFunctionEnter,
      ArrowFunctionExpression: onFunctionEnter,
      MethodDefinition: onMethod,
    },
    finish,
    summaryOf,
    callbackContext,
    analysis,
  };
  return self;
}

const strength: Readonly<Record<Isolation, number>> = {
  unknown: 0,
  'read-uncommitted': 1,
  'read-committed': 2,
  'repeatable-read': 3,
  serializable: 4,
};

/** Other files can call a function that is exported or a method of a class. */
function isExported(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const declaration = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : fn.parent.type === AST_NODE_TYPES.VariableDeclarator ? fn.parent : undefined;
  if (!declaration) return true;
  const statement = declaration.type === AST_NODE_TYPES.VariableDeclarator ? declaration.parent.parent : declaration.parent;
  if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  const name = declaration.id?.type === AST_NODE_TYPES.Identifier ? declaration.id.name : undefined;
  return sourceCode.ast.body.some(
    (node) =>
      (node.type === AST_NODE_TYPES.ExportNamedDeclaration && node.specifiers.some((specifier) => specifier.local.type === AST_NODE_TYPES.Identifier && specifier.local.name === name)) ||
      (node.type === AST_NODE_TYPES.ExportDefaultDeclaration && node.declaration.type === AST_NODE_TYPES.Identifier && node.declaration.name === name),
  );
}

/**
 * Resolution reads other files of the project, whatever they hold: a failure there costs the
 * summary of one call, never the lint run.
 */
function resolveSafely(call: TSESTree.CallExpression, here: SourceFile): Callee | undefined {
  try {
    return resolveCallee(call, here);
  } catch {
    return undefined;
  }
}

/** How many calls deep summaries follow, unless `settings.race.summaryDepth` says otherwise. */
export const defaultSummaryDepth = 3;

/**
 * Builders for the other files of the project, made on first need and kept for the process, one
 * per file version and settings (the settings decide which helpers are wrappers and locks), until
 * any file read for summaries changes (`projectFilesGeneration`).
 */
const elsewhereBuilders = new WeakMap<ProjectFile, { generation: number; perSettings: Map<string, FlowBuilder> }>();

/**
 * The builder of another file of the project, made on first need and kept with the parsed file,
 * per settings (they decide which helpers are wrappers and locks). None when the file cannot be
 * read. Files ESLint has linted are not reused: their rule contexts would keep every rule's state
 * of that file alive.
 */
function elsewhereBuilder(file: SourceFile, context: FileContext, settingsKey: string): FlowBuilder | undefined {
  const target = projectFile(file.filename);
  if (target?.sourceCode !== file.sourceCode) return undefined;
  // A builder's summaries follow calls into other files: when any file read has changed, they are made again.
  const generation = projectFilesGeneration();
  let kept = elsewhereBuilders.get(target);
  if (kept?.generation !== generation) elsewhereBuilders.set(target, (kept = { generation, perSettings: new Map<string, FlowBuilder>() }));
  const { perSettings } = kept;
  let builder = perSettings.get(settingsKey);
  if (!builder) {
    builder = flowBuilder({ sourceCode: target.sourceCode, filename: target.filename, settings: context.settings, cwd: context.cwd });
    const visitors = builder.listeners as Record<string, (node: TSESTree.Node) => void>;
    simpleTraverse(target.sourceCode.ast, { visitorKeys: target.sourceCode.visitorKeys, visitors });
    perSettings.set(settingsKey, builder);
  }
  return builder;
}

/**
 * True when other requests can run between two accesses. The result of an asynchronous read
 * arrives only after a yield; a synchronous one (better-sqlite3) needs an `await` in between.
 */
export function yieldsBetween(flow: FunctionFlow, first: Access, second: Access): boolean {
  if (!first.synchronous) return true;
  return flow.awaits.some((point) => point.range[1] >= first.node.range[1] && point.range[1] <= second.node.range[0]);
}
