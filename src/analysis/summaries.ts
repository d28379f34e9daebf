import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Field } from './access.js';
import type { Callee, SourceFile } from './callees.js';
import { isErrorHandled } from './errors.js';
import { readUses, type ReadPath } from './read-uses.js';
import { conflictMarkers } from '../adapters/index.js';
import { contains, objectFields, parameterBinding, returnedExpression, type FunctionNode } from '../utils/ast.js';

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
 * dropped: its text means nothing here. An object literal passed for a record written whole
 * (`repo.insert({ code, ownerId })` → `create({ data })`) names the fields written.
 */
export function summarize(call: TSESTree.CallExpression, callee: Callee, accesses: readonly Access[], here: SourceFile): Access[] {
  const { fn } = callee;
  const elsewhere = callee.file !== here;
  const argumentOf = (value: TSESTree.Node | undefined): TSESTree.Node | undefined => {
    if (value?.type === AST_NODE_TYPES.Identifier) {
      const index = fn.params.findIndex((param) => parameterBinding(param)?.name === value.name);
      if (index >= 0) return call.arguments[index] ?? (elsewhere ? undefined : value);
    }
    return elsewhere ? undefined : value;
  };
  const mapFields = (fields: readonly Field[]): Field[] =>
    fields.map((field) => {
      const value = field.value && argumentOf(field.value);
      return { name: field.name, ...(value ? { value } : {}) };
    });
  const calleeName = here.sourceCode.getText(call.callee);
  return accesses
    .filter((access) => access.kind !== 'begin')
    .map((access) => {
      const passed = (access.opaqueData ?? []).flatMap((node) => argumentOf(node) ?? []).map((node) => objectFields(node, here.sourceCode));
      const opaque = passed.flatMap((whole) => whole.opaque);
      return {
        ...performedBy(call, access),
        keys: mapFields(access.keys),
        data: [...mapFields(access.data), ...passed.flatMap((whole) => whole.fields)],
        opaqueData: opaque.length > 0 ? opaque : undefined,
        builtAt: elsewhere ? undefined : access.builtAt,
        summarizedIn: elsewhere ? callee.file.filename : undefined,
        resultPath: access.kind === 'read' ? returnedPath(fn, access, callee.file.sourceCode) : undefined,
        conflictHandled: access.conflictHandled === true || (access.kind === 'create' && isErrorHandled(access.node, conflictMarkers, callee.file.sourceCode, callee.file.filename)),
        label: `${calleeName}() → ${access.label}`,
      };
    });
}

/** The path into a read's record that a function returns: `return account.points` gives `['points']`. */
function returnedPath(fn: FunctionNode, read: Access, sourceCode: Readonly<TSESLint.SourceCode>): ReadPath | undefined {
  const returned = returnedExpression(fn);
  const paths = returned ? readUses(read, sourceCode).pathsIn(returned) : [];
  const [first] = paths;
  return first && first.length > 0 && paths.every((path) => path.join('.') === first.join('.')) ? first : undefined;
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
