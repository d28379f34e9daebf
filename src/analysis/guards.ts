import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access } from './access.js';
import { isConversion } from './read-uses.js';
import { contains, findVariable, isFunction } from '../utils/ast.js';

/**
 * The nodes that carry the result of a read: the read expression itself and every reference to
 * a variable that holds it, directly (`const user = await find()`) or one step removed
 * (`const taken = user !== null`, `const { id } = await find()`).
 */
export function resultReferences(access: Access, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  const references: TSESTree.Node[] = [access.node];
  const holders = holdingVariables(access.node, sourceCode);
  for (const variable of holders) {
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      references.push(reference.identifier);
      for (const derived of holdingVariables(reference.identifier, sourceCode)) {
        if (!holders.includes(derived)) {
          references.push(...derived.references.filter((r) => r.isRead()).map((r) => r.identifier));
        }
      }
    }
  }
  return references;
}

/** Variables that an expression's value is stored in: `const x = <expr>` or `x = <expr>`. */
function holdingVariables(
  expression: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): readonly TSESLint.Scope.Variable[] {
  let node: TSESTree.Node = expression;
  while (isValuePassThrough(node.parent, node)) node = node.parent as TSESTree.Node;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) {
    return sourceCode.getDeclaredVariables(parent);
  }
  if (
    parent?.type === AST_NODE_TYPES.AssignmentExpression &&
    parent.right === node &&
    parent.left.type === AST_NODE_TYPES.Identifier
  ) {
    const variable = findVariable(sourceCode, parent.left);
    return variable ? [variable] : [];
  }
  return [];
}

/** Wrappers through which a value flows unchanged or into a derived boolean/number. */
function isValuePassThrough(parent: TSESTree.Node | undefined, child: TSESTree.Node): boolean {
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.ChainExpression:
      return true;
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === child;
    case AST_NODE_TYPES.CallExpression:
      return parent.arguments[0] === child && isConversion(parent);
    case AST_NODE_TYPES.LogicalExpression:
      return parent.left === child;
    default:
      return false;
  }
}

const referencedIn = (test: TSESTree.Node, references: readonly TSESTree.Node[]): boolean =>
  references.some((reference) => contains(test, reference));

/**
 * The guard that decides whether `target` runs from one of the references: an `if`, `?:`, `??`,
 * `||` or `&&` whose branch holds it, or an `if` before it that exits early. Undefined if none.
 */
export function decidingGuard(target: TSESTree.Node, references: readonly TSESTree.Node[]): TSESTree.Node | undefined {
  return decidingGuards(target, references).next().value;
}

/** Every guard that decides whether `target` runs, innermost first. */
export function* decidingGuards(target: TSESTree.Node, references: readonly TSESTree.Node[]): Generator<TSESTree.Node, undefined> {
  let child: TSESTree.Node = target;
  for (let parent = target.parent; parent && !isFunction(child); child = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child !== parent.test && referencedIn(parent.test, references)) yield parent;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === parent.right && referencedIn(parent.left, references)) yield parent;
        break;
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.Program:
      case AST_NODE_TYPES.SwitchCase: {
        const before = child.range[0];
        yield* ifsIn(parent).filter((statement) => statement.range[1] <= before && isExitGuard(statement, references));
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

const blockIfs = new WeakMap<TSESTree.Node, TSESTree.IfStatement[]>();

/** The `if` statements directly in a block, found once per block: a seed script has thousands of statements. */
function ifsIn(block: TSESTree.BlockStatement | TSESTree.Program | TSESTree.SwitchCase): TSESTree.IfStatement[] {
  let ifs = blockIfs.get(block);
  if (!ifs) {
    const statements: readonly TSESTree.Node[] = block.type === AST_NODE_TYPES.SwitchCase ? block.consequent : block.body;
    ifs = statements.filter((statement) => statement.type === AST_NODE_TYPES.IfStatement);
    blockIfs.set(block, ifs);
  }
  return ifs;
}

/** The condition a guard tests: the `if` or `?:` test, or the left side of `&&`, `||`, `??`. */
export function guardTest(guard: TSESTree.Node): TSESTree.Node | undefined {
  switch (guard.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return guard.test;
    case AST_NODE_TYPES.LogicalExpression:
      return guard.left;
    default:
      return undefined;
  }
}

/** `if (<test on the read>) { …; return | throw }`, with or without an else that exits too. */
export function isExitGuard(statement: TSESTree.Node, references: readonly TSESTree.Node[]): statement is TSESTree.IfStatement {
  if (statement.type !== AST_NODE_TYPES.IfStatement || !referencedIn(statement.test, references)) return false;
  return alwaysExits(statement.consequent) || (statement.alternate !== null && alwaysExits(statement.alternate));
}

/** A statement that never completes normally: it returns, throws, or (when `jumps`) breaks or continues. */
export function alwaysExits(statement: TSESTree.Node, jumps = true): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
      return jumps;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.some((inner) => alwaysExits(inner, jumps));
    case AST_NODE_TYPES.IfStatement:
      return alwaysExits(statement.consequent, jumps) && statement.alternate !== null && alwaysExits(statement.alternate, jumps);
    default:
      return false;
  }
}
