import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { findVariable, memberName } from '../utils/ast.js';

/*
 * Promises that a function leaves running: started and not awaited, returned or handed to anyone
 * before a given point.
 */

/** A promise started and left running, and how it is written (which decides how to await it). */
export interface FloatingPromise {
  readonly form: 'statement' | 'void' | 'variable';
  /** The promise expression: the call, with its `.then`/`.catch` chain or the `Promise.all` holding it. */
  readonly expression: TSESTree.Expression;
  /** For `void p()`, the `void` expression. */
  readonly voided?: TSESTree.UnaryExpression;
  /** For `const x = p()`, the variable. */
  readonly variable?: TSESLint.Scope.Variable;
  /**
   * Where the promise stops floating: the first `await x`, `return x` or hand-over of the variable
   * (`waitUntil(x)`); undefined when nothing settles it.
   */
  readonly settledAt?: TSESTree.Node;
}

const combinators = new Set(['all', 'allSettled', 'race', 'any']);

/**
 * The promise a call starts, when the function leaves it running: `p();`, `p().catch(log);`,
 * `void p();`, `cond && p();`, `Promise.all([p(), q()]);`, or `const x = p()` with `x` not awaited
 * at once. Undefined when it is awaited, returned, yielded, or passed to another call (a
 * `waitUntil`, a queue), which then owns it.
 */
export function floatingPromise(call: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): FloatingPromise | undefined {
  const expression = promiseExpression(call);
  const node = outerBranch(expression);
  const parent = node.parent;
  if (parent.type === AST_NODE_TYPES.ExpressionStatement) return { form: 'statement', expression };
  if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') return { form: 'void', expression, voided: parent };
  if (parent.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== node || parent.id.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  const variable = findVariable(sourceCode, parent.id);
  if (!variable) return undefined;
  const settledAt = variable.references.find((reference) => !reference.init && settles(reference.identifier))?.identifier;
  return { form: 'variable', expression, variable, ...(settledAt ? { settledAt } : {}) };
}

/** True when every use of the variable awaits or returns it, so awaiting the promise where it starts keeps the code valid. */
export function onlyAwaited(variable: TSESLint.Scope.Variable): boolean {
  return variable.references.every((reference) => {
    if (reference.init) return true;
    const parent = promiseExpression(reference.identifier).parent;
    return parent.type === AST_NODE_TYPES.AwaitExpression || parent.type === AST_NODE_TYPES.ReturnStatement;
  });
}

/** The expression a promise flows into unchanged: its `.then`/`.catch`/builder chain and a `Promise.all([…])`. */
function promiseExpression(start: TSESTree.Node): TSESTree.Expression {
  let node = start as TSESTree.Expression;
  for (;;) {
    const parent = node.parent;
    if (parent.type === AST_NODE_TYPES.ChainExpression) {
      node = parent;
    } else if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node && parent.parent.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent) {
      node = parent.parent;
    } else if (parent.type === AST_NODE_TYPES.ArrayExpression && parent.parent.type === AST_NODE_TYPES.CallExpression && isCombinator(parent.parent)) {
      node = parent.parent;
    } else {
      return node;
    }
  }
}

/** `Promise.all([…])` and its siblings. */
function isCombinator(node: TSESTree.CallExpression): boolean {
  return (
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    node.callee.object.type === AST_NODE_TYPES.Identifier &&
    node.callee.object.name === 'Promise' &&
    combinators.has(memberName(node.callee) ?? '')
  );
}

/** The expression whose value is the promise's when a branch chooses it: `cond && p()`, `c ? p() : q()`. */
function outerBranch(expression: TSESTree.Expression): TSESTree.Expression {
  let node = expression;
  for (let parent = node.parent; ; parent = node.parent) {
    if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === node) node = parent;
    else if (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== node) node = parent;
    else return node;
  }
}

/** A use of a promise that settles it: `await x`, `return x`, `yield x`, or handing it to a call (`waitUntil(x)`). */
function settles(identifier: TSESTree.Node): boolean {
  const node = promiseExpression(identifier);
  const parent = node.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.YieldExpression:
      return true;
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.arguments.includes(node);
    default:
      return false;
  }
}
