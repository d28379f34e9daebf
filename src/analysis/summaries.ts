import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Field } from './access.js';
import type { Callee } from './callees.js';
import { contains } from '../utils/ast.js';

/**
 * A call whose work the caller waits for, and so whose accesses count as the caller's: an awaited
 * call, or one the caller returns (`return this.repo.create(…)`, `(x) => save(x)`).
 */
export function isWaitedFor(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  return (
    parent.type === AST_NODE_TYPES.AwaitExpression ||
    parent.type === AST_NODE_TYPES.ReturnStatement ||
    (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === call)
  );
}

/**
 * What a called function does to shared state, seen from the call: each of its accesses (its own
 * and those it summarises in turn), performed by the call, with values that come from its
 * parameters replaced by the arguments. A value of another file that no argument stands for is
 * dropped: its text means nothing here.
 */
export function summarize(call: TSESTree.CallExpression, callee: Callee, accesses: readonly Access[], calleeName: string, elsewhere: boolean): Access[] {
  const { fn } = callee;
  const argumentOf = (value: TSESTree.Node | undefined): TSESTree.Node | undefined => {
    if (value?.type === AST_NODE_TYPES.Identifier) {
      const index = fn.params.findIndex((param) => parameterName(param) === value.name);
      if (index >= 0) return call.arguments[index] ?? (elsewhere ? undefined : value);
    }
    return elsewhere ? undefined : value;
  };
  const mapFields = (fields: readonly Field[]): Field[] =>
    fields.map((field) => {
      const value = field.value && argumentOf(field.value);
      return { name: field.name, ...(value ? { value } : {}) };
    });
  return accesses
    .filter((access) => access.kind !== 'begin')
    .map((access) => {
      const opaque = access.opaqueData?.flatMap((node) => argumentOf(node) ?? []);
      return {
        ...performedBy(call, access),
        keys: mapFields(access.keys),
        data: mapFields(access.data),
        opaqueData: opaque && opaque.length > 0 ? opaque : undefined,
        builtAt: elsewhere ? undefined : access.builtAt,
        summarizedIn: elsewhere ? callee.file.filename : undefined,
        label: `${calleeName}() → ${access.label}`,
      };
    });
}

export function parameterName(param: TSESTree.Parameter): string | undefined {
  const target = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  const binding = target.type === AST_NODE_TYPES.AssignmentPattern ? target.left : target;
  return binding.type === AST_NODE_TYPES.Identifier ? binding.name : undefined;
}

/**
 * What a transaction callback does, seen from the call that runs it: a check made before the
 * transaction and a create made inside it pair up in the caller, unprotected by the transaction.
 */
export function inlineCallback(call: TSESTree.CallExpression, accesses: readonly Access[]): Access[] {
  return accesses.filter((access) => access.kind !== 'begin').map((access) => performedBy(call, access));
}

/** An access as performed by a call that runs it. The call is awaited, so the caller yields. */
function performedBy(call: TSESTree.CallExpression, access: Access): Access {
  return { ...access, synchronous: false, node: call, summarized: access, summarizedIn: undefined };
}

/**
 * Where a summarised access is written when that is inside the call that stands for it (a
 * transaction callback), so that it is reported and rewritten there rather than at the call.
 */
export function writtenInside(access: Access): TSESTree.Node | undefined {
  const inner = access.summarized;
  return inner && access.summarizedIn === undefined && contains(access.node, inner.node) ? inner.node : undefined;
}
