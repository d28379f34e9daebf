import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Field } from './access.js';
import { findVariable, isFunction, type FunctionNode } from '../utils/ast.js';

/**
 * The function an awaited call `await helper(x)` runs, when it is declared in the same file:
 * `function helper() {}` or `const helper = async () => {}`.
 */
export function localCallee(
  call: TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): FunctionNode | undefined {
  if (call.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = findVariable(sourceCode, call.callee)?.defs[0];
  if (def?.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
  if (def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init && isFunction(def.node.init)) {
    return def.node.init;
  }
  return undefined;
}

/**
 * What a called function does to shared state, seen from the call: each of its own accesses,
 * performed by the call, with values that come from its parameters replaced by the arguments.
 * Only the callee's direct accesses are used: summaries go one call deep.
 */
export function summarize(
  call: TSESTree.CallExpression,
  callee: FunctionNode,
  accesses: readonly Access[],
  calleeName: string,
): Access[] {
  const argumentOf = (value: TSESTree.Node | undefined): TSESTree.Node | undefined => {
    if (value?.type !== AST_NODE_TYPES.Identifier) return value;
    const index = callee.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && param.name === value.name);
    return index >= 0 ? (call.arguments[index] ?? value) : value;
  };
  const mapFields = (fields: readonly Field[]): Field[] =>
    fields.map((field) => ({ name: field.name, ...(field.value ? { value: argumentOf(field.value) } : {}) }));
  return accesses
    .filter((access) => !access.summarized && access.kind !== 'begin')
    .map((access) => ({
      ...performedBy(call, access),
      keys: mapFields(access.keys),
      data: mapFields(access.data),
      ...(access.opaqueData ? { opaqueData: access.opaqueData.map((node) => argumentOf(node) ?? node) } : {}),
      label: `${calleeName}() → ${access.label}`,
    }));
}

/**
 * What a transaction callback does, seen from the call that runs it: a check made before the
 * transaction and a create made inside it pair up in the caller, unprotected by the transaction.
 */
export function inlineCallback(call: TSESTree.CallExpression, accesses: readonly Access[]): Access[] {
  return accesses.filter((access) => !access.summarized && access.kind !== 'begin').map((access) => performedBy(call, access));
}

/** An access as performed by a call that runs it. The call is awaited, so the caller yields. */
function performedBy(call: TSESTree.CallExpression, access: Access): Access {
  return { ...access, synchronous: false, node: call, summarized: access };
}
