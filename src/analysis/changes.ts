import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Field } from './access.js';
import { fieldsOf, getterAttribute, type ReadUses } from './read-uses.js';
import { alwaysExits } from './guards.js';
import { unwrap, valueBefore } from '../utils/ast.js';
import { normalizeName } from '../utils/names.js';

/**
 * A field written as its stored value plus or minus an amount: `balance: wallet.balance + amount`,
 * `account.balance -= cost`, `post.views++`. The database can apply it in one statement.
 */
export interface RelativeChange {
  /** The field as the write names it. */
  readonly field: string;
  readonly operator: '+' | '-';
  /** The amount; undefined for `++`/`--`, which change by one. */
  readonly amount: TSESTree.Node | undefined;
}

/**
 * The written value of `field`, when it is the field as read plus or minus an amount. `isText`
 * tells an amount known to be a string (from the checker, when there is one): `+` then
 * concatenates, which no atomic increment does.
 */
export function relativeChange(
  field: Field,
  uses: ReadUses,
  sourceCode: Readonly<TSESLint.SourceCode>,
  isText: (node: TSESTree.Node) => boolean,
  /** The read returns the stored value itself (a key-value GET): the value read is the field. */
  wholeValue: boolean,
): RelativeChange | undefined {
  // The stored field itself (`wallet.balance`, or a local holding it), not an expression of it.
  const isStoredField = (node: TSESTree.Node): boolean => {
    const bare = unwrap(node);
    const isAccess =
      bare.type === AST_NODE_TYPES.MemberExpression ||
      bare.type === AST_NODE_TYPES.Identifier ||
      bare.type === AST_NODE_TYPES.ChainExpression ||
      (bare.type === AST_NODE_TYPES.CallExpression && getterAttribute(bare) !== undefined);
    if (!isAccess) return false;
    const [path, ...others] = uses.pathsIn(bare);
    if (!path || others.length > 0) return false;
    return wholeValue ? fieldsOf(path).length === 0 : fieldsOf(path).join('.') === normalizeName(field.name);
  };
  const isAmount = (node: TSESTree.Node): boolean =>
    uses.pathsIn(node).length === 0 &&
    !(node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') &&
    node.type !== AST_NODE_TYPES.TemplateLiteral &&
    !isText(node);
  let value = field.value && unwrap(field.value);
  // `const next = wallet.balance + amount; … { balance: next }`
  for (let depth = 0; value?.type === AST_NODE_TYPES.Identifier && depth < 3; depth += 1) {
    const held = valueBefore(value, value, sourceCode);
    value = held?.value && unwrap(held.value);
  }
  if (!value) return undefined;
  const name = field.name;
  switch (value.type) {
    case AST_NODE_TYPES.UpdateExpression:
      return isStoredField(value.argument) ? { field: name, operator: value.operator === '++' ? '+' : '-', amount: undefined } : undefined;
    case AST_NODE_TYPES.AssignmentExpression:
      if ((value.operator !== '+=' && value.operator !== '-=') || !isStoredField(value.left) || !isAmount(value.right)) return undefined;
      return { field: name, operator: value.operator === '+=' ? '+' : '-', amount: value.right };
    case AST_NODE_TYPES.BinaryExpression: {
      if (value.operator !== '+' && value.operator !== '-') return undefined;
      if (isStoredField(value.left) && isAmount(value.right)) return { field: name, operator: value.operator, amount: value.right };
      if (value.operator === '+' && isStoredField(value.right) && isAmount(value.left)) {
        return { field: name, operator: '+', amount: value.left };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

export type Comparison = '>=' | '>' | '<=' | '<';

/**
 * The condition a guard lets a write through on, as a comparison of one stored field with a value
 * that does not come from the read: `if (product.stock < qty) throw …` lets it through when
 * `stock >= qty`. `otherwise` is what the guard does when the condition fails, for an early exit.
 */
export interface GuardCondition {
  readonly guard: TSESTree.Node;
  /** The field as the code reads it: `stock` in `product.stock`. */
  readonly field: string;
  readonly operator: Comparison;
  readonly value: TSESTree.Node;
  /** The statements of the early exit the guard takes when the condition fails. */
  readonly otherwise: TSESTree.Statement | undefined;
}

const flipped: Readonly<Record<Comparison, Comparison>> = { '>=': '<=', '>': '<', '<=': '>=', '<': '>' };
const negated: Readonly<Record<Comparison, Comparison>> = { '>=': '<', '>': '<=', '<=': '>', '<': '>=' };
const isComparison = (operator: string): operator is Comparison => operator in flipped;

export function guardCondition(guard: TSESTree.Node, target: TSESTree.Node, uses: ReadUses): GuardCondition | undefined {
  if (guard.type !== AST_NODE_TYPES.IfStatement) return undefined;
  const { test, behindExistence } = comparisonIn(guard.test, uses);
  if (test.type !== AST_NODE_TYPES.BinaryExpression || !isComparison(test.operator)) return undefined;
  const fieldOf = (node: TSESTree.Node): string | undefined => {
    const paths = uses.pathsIn(node);
    const path = paths.length === 1 ? paths[0] : undefined;
    return path && fieldsOf(path).length === 1 ? path.at(-1) : undefined;
  };
  const readsNothing = (node: TSESTree.Node): boolean => uses.pathsIn(node).length === 0;
  let field = fieldOf(test.left);
  let operator: Comparison = test.operator;
  let value: TSESTree.Node = test.right;
  if (field === undefined || !readsNothing(test.right)) {
    field = fieldOf(test.right);
    operator = flipped[test.operator];
    value = test.left;
    if (field === undefined || !readsNothing(test.left)) return undefined;
  }
  // The write is in the branch the test passes into, or after the exit the failing test takes.
  const inConsequent = guard.consequent.range[0] <= target.range[0] && target.range[1] <= guard.consequent.range[1];
  // `if (!p || p.stock < qty) { write }` also writes where there is no record: no one condition.
  if (inConsequent) return behindExistence ? undefined : { guard, field, operator, value, otherwise: undefined };
  if (guard.range[1] <= target.range[0] && alwaysExits(guard.consequent) && !guard.alternate) {
    return { guard, field, operator: negated[operator], value, otherwise: guard.consequent };
  }
  return undefined;
}

/**
 * The comparison a guard's test makes, also behind an existence test that exits the same way:
 * `!product || product.stock < qty` tests `product.stock < qty` for a record that exists.
 */
function comparisonIn(test: TSESTree.Node, uses: ReadUses): { test: TSESTree.Node; behindExistence: boolean } {
  const bare = unwrap(test);
  if (bare.type !== AST_NODE_TYPES.LogicalExpression || bare.operator !== '||') return { test: bare, behindExistence: false };
  const left = uses.pathsIn(bare.left);
  const isExistence = left.length > 0 && left.every((path) => fieldsOf(path).length === 0);
  return isExistence ? { test: unwrap(bare.right), behindExistence: true } : { test: bare, behindExistence: false };
}
