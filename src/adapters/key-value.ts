import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { continuationScope } from '../analysis/cache-fills.js';
import { findVariable, memberName, normalizedText, unwrap } from '../utils/ast.js';

/*
 * What the key-value adapters (Redis, caches) share: naming a key, and telling a cache fill from
 * a write that gates an action.
 */

/** Keys that gate an action once (dedup, idempotency, locks, limits) rather than cache a value. */
const gateKey = /idempot|dedup|processed|seen|lock|mutex|claim|nonce|once|limit|quota/i;
/** Values that differ per caller: a second writer replaces the first caller's value. */
const freshValue = /random|uuid|nanoid|cuid|ulid|token|crypto/i;

/**
 * The text that identifies a key: its source with whitespace collapsed, through one `const`, so
 * that `` `user:${id}` `` written twice and `const key = `user:${id}`` name the same key.
 */
export function keyName(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const bare = unwrap(node);
  if (bare.type === AST_NODE_TYPES.Identifier) {
    const def = findVariable(sourceCode, bare)?.defs[0];
    if (def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.parent.kind === 'const' && def.node.init) {
      return normalizedText(sourceCode, def.node.init);
    }
  }
  return normalizedText(sourceCode, bare);
}

/** An expression's value is used as data (returned, parsed, passed on), not only tested for presence. */
function usedAsValue(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.ChainExpression:
      return usedAsValue(parent, sourceCode);
    case AST_NODE_TYPES.LogicalExpression:
      return parent.operator !== '&&' && usedAsValue(parent, sourceCode);
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test !== node && usedAsValue(parent, sourceCode);
    case AST_NODE_TYPES.VariableDeclarator:
      return sourceCode.getDeclaredVariables(parent).some((variable) =>
        variable.references.some((reference) => reference.isRead() && usedAsValue(reference.identifier, sourceCode)),
      );
    case AST_NODE_TYPES.CallExpression:
      return parent.callee !== node;
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.AssignmentExpression:
      return true;
    default:
      return false;
  }
}

/**
 * A write of a key after a read of the same key on the same client whose value the code uses
 * (returns it, parses it) is a cache fill: it overwrites a copy of data kept elsewhere, an update
 * rather than a create. Keys that gate an action and values that differ per caller are not fills.
 * The read may come before a promise callback that holds the write (`load().then((v) => set(k, v))`).
 */
export function isCacheFill(
  call: TSESTree.CallExpression,
  key: string,
  value: TSESTree.Node | undefined,
  readNames: readonly string[],
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  if (gateKey.test(key) || (value && freshValue.test(keyName(value, sourceCode)))) return false;
  const client = normalizedText(sourceCode, call.callee.object);
  let fill = false;
  simpleTraverse(continuationScope(call), {
    enter: (node) => {
      if (fill || node.type !== AST_NODE_TYPES.CallExpression || node.range[1] > call.range[0]) return;
      if (node.callee.type !== AST_NODE_TYPES.MemberExpression || !node.arguments[0]) return;
      if (!readNames.includes(memberName(node.callee)?.toLowerCase() ?? '')) return;
      if (normalizedText(sourceCode, node.callee.object) !== client || keyName(node.arguments[0], sourceCode) !== key) return;
      fill = usedAsValue(node, sourceCode);
    },
  });
  return fill;
}
