import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, TransactionScope } from './access.js';
import { fileFacts, type FileFacts } from './file-facts.js';
import { adapters, callNames, transactionHandleTypes } from '../adapters/index.js';
import { conventionNames, decoratedScope, handedScope, lockHelperAccess, wrapperScope } from './conventions.js';
import type { CallLike } from '../adapters/types.js';
import { inlineCallback, localCallee, summarize } from './summaries.js';
import { calleeName, enclosingFunction, type FunctionNode } from '../utils/ast.js';

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
}

/** What the first rule to ask builds for a file, while ESLint walks it, and every rule reads. */
interface FlowBuilder {
  readonly listeners: TSESLint.RuleListener;
  /** The flows with at least one access, summaries added; computed once, on the first call. */
  finish(): readonly FunctionFlow[];
  readonly analysis: FileAnalysis;
}

const builders = new WeakMap<TSESTree.Program, FlowBuilder>();

/**
 * Listeners that hand each function of the file with at least one access to `onFunction`, once
 * the file has been read. The flows are built once per file, by the first rule that asks, and
 * shared with the others. Awaited calls of functions declared in the file add the callee's
 * accesses to the caller's flow (see `summaries.ts`).
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
  return { ...(shared ? {} : builder.listeners), 'Program:exit': deliver };
}

function flowBuilder(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FlowBuilder {
  const flows = new Map<TSESTree.Node, MutableFlow>();
  const transactions = new Map<TSESTree.Node, TransactionScope>();
  let file: FileFacts | undefined;
  const facts = (): FileFacts => (file ??= fileFacts(context));

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
      flow = { node: owner, accesses: [], awaits: [] };
      flows.set(owner, flow);
    }
    return flow;
  };

  const localCalls: TSESTree.CallExpression[] = [];

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

  const onCall = (call: CallLike): void => {
    if (
      call.type === AST_NODE_TYPES.CallExpression &&
      call.callee.type === AST_NODE_TYPES.Identifier &&
      call.parent.type === AST_NODE_TYPES.AwaitExpression
    ) {
      localCalls.push(call);
    }
    const name = calleeName(call);
    if (name === undefined) return;
    if (call.type === AST_NODE_TYPES.CallExpression && onConvention(call, name)) return;
    if (!callNames.has(name)) return;
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

  const addSummaries = (): void => {
    const sourceCode = context.sourceCode;
    for (const call of localCalls) {
      const callee = localCallee(call, sourceCode);
      const calleeFlow = callee && flows.get(callee);
      if (!calleeFlow || calleeFlow.node === enclosingFunction(call)) continue;
      const flow = flowOf(call);
      flow.accesses.push(...summarize(call, callee, calleeFlow.accesses, sourceCode.getText(call.callee)));
      flow.accesses.sort((a, b) => a.node.range[0] - b.node.range[0]);
    }
  };

  const addTransactionCallbacks = (): void => {
    for (const [callback, flow] of [...flows]) {
      const call = transactions.has(callback) ? callback.parent : undefined;
      if (call?.type !== AST_NODE_TYPES.CallExpression) continue;
      const outer = flowOf(call);
      outer.accesses.push(...inlineCallback(call, flow.accesses));
      outer.accesses.sort((a, b) => a.node.range[0] - b.node.range[0]);
    }
  };

  let finished: readonly FunctionFlow[] | undefined;
  const finish = (): readonly FunctionFlow[] => {
    if (finished) return finished;
    // Most files touch no shared state: then there is nothing to summarise or report.
    if ([...flows.values()].some((flow) => flow.accesses.length > 0)) {
      addTransactionCallbacks();
      addSummaries();
    }
    finished = [...flows.values()].filter((flow) => flow.accesses.length > 0);
    return finished;
  };

  return {
    listeners: {
      CallExpression: onCall,
      TaggedTemplateExpression: onCall,
      AwaitExpression: onAwait,
      YieldExpression: onAwait,
      'ForOfStatement[await=true]': onAwait,
      FunctionDeclaration: onFunctionEnter,
      FunctionExpression: onFunctionEnter,
      ArrowFunctionExpression: onFunctionEnter,
      MethodDefinition: onMethod,
    },
    finish,
    analysis,
  };
}

/**
 * True when other requests can run between two accesses. The result of an asynchronous read
 * arrives only after a yield; a synchronous one (better-sqlite3) needs an `await` in between.
 */
export function yieldsBetween(flow: FunctionFlow, first: Access, second: Access): boolean {
  if (!first.synchronous) return true;
  return flow.awaits.some((point) => point.range[1] >= first.node.range[1] && point.range[1] <= second.node.range[0]);
}
