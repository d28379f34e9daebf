import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Access } from './access.js';
import { alwaysExits, decidingGuard } from './guards.js';
import { contains, isFunction } from '../utils/ast.js';

/** How a guard on the check's result decides a create. */
export interface Decision {
  readonly guard: TSESTree.Node;
  /**
   * The write runs only where the record was built. False when the guard decides the build but
   * the write runs either way, saving the record the check found when it found one.
   */
  readonly writesOnlyBuilt: boolean;
}

/**
 * The guard on the check's result that decides the create: the guard of the build its record
 * comes from (`if (!tag) tag = build(…); …; save(tag)`), else the guard of the write itself.
 * A build that cannot reach the write (`if (!tag) tag = build(…); else await save(tag)`) means
 * the write saves another record: no create at all.
 */
export function decide(create: Access, references: readonly TSESTree.Node[]): Decision | undefined {
  const built = create.builtAt && !contains(create.node, create.builtAt) ? create.builtAt : undefined;
  if (built && !reaches(built, create.node)) return undefined;
  const buildGuard = built && decidingGuard(built, references);
  if (built && buildGuard) {
    // An exit guard before the build, or a branch that holds the write too, leaves only the built record.
    return { guard: buildGuard, writesOnlyBuilt: !contains(buildGuard, built) || contains(buildGuard, create.node) };
  }
  const guard = decidingGuard(create.node, references);
  return guard && { guard, writesOnlyBuilt: true };
}

/**
 * Whether control can flow from `from` on to the later `to`, as far as the structure shows:
 * not from one branch of an `if` or `?:` into the other, nor past a statement that always
 * returns or throws, or that breaks or continues a loop (or `switch`) that holds `to`.
 * Inside a callback nothing is known, and the answer is yes.
 */
function reaches(from: TSESTree.Node, to: TSESTree.Node): boolean {
  if (from.range[1] > to.range[0]) return false;
  const exitsBetween = (parent: TSESTree.Node, child: TSESTree.Node, end: number): boolean => {
    if (parent.type !== AST_NODE_TYPES.BlockStatement && parent.type !== AST_NODE_TYPES.Program && parent.type !== AST_NODE_TYPES.SwitchCase) {
      return false;
    }
    // `break` and `continue` in a loop that does not hold `to` lead on towards it.
    const target = jumpTarget(parent);
    const jumpsAway = target === undefined || contains(target, to);
    const statements: readonly TSESTree.Node[] = parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : parent.body;
    return statements.some((statement) => statement.range[0] >= child.range[1] && statement.range[1] <= end && alwaysExits(statement, jumpsAway));
  };
  let child: TSESTree.Node = from;
  let parent = from.parent;
  for (; parent && !contains(parent, to); child = parent, parent = parent.parent) {
    if (isFunction(parent)) return true;
    if (exitsBetween(parent, child, parent.range[1])) return false;
  }
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return child === parent.test || !(child === parent.consequent && parent.alternate && contains(parent.alternate, to));
    default:
      return !exitsBetween(parent, child, to.range[0]);
  }
}

/** The loop or `switch` that a `break` or `continue` directly inside `node` leaves. */
function jumpTarget(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current: TSESTree.Node | undefined = node; current && !isFunction(current); current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.SwitchStatement:
        return current;
      default:
        break;
    }
  }
  return undefined;
}
