import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Access, TransactionScope } from './access.js';
import type { FileFacts } from './file-facts.js';
import { calleeName, isFunction, normalizedText, parameterBinding, unwrap, type FunctionNode } from '../utils/ast.js';
import type { RaceSettings } from '../utils/settings.js';

/*
 * The project's own ways of serialising work, which no adapter can know: the transaction wrappers
 * and lock helpers named in `settings.race`, and functions handed a transaction by their caller.
 */

/** Parameter names that, by convention, carry the caller's transaction. */
const handleNames = new Set(['tx', 'trx', 'txn', 'transaction']);

/** A name from the settings matches a call by its last name, or by its tail when it has dots. */
function named(callee: TSESTree.Node, name: string, file: FileFacts): boolean {
  if (!name.includes('.')) return callee.type === AST_NODE_TYPES.Identifier ? callee.name === name : tailName(callee) === name;
  const text = normalizedText(file.sourceCode, callee);
  return text === name || text.endsWith(`.${name}`);
}

const tailName = (node: TSESTree.Node): string | undefined =>
  node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier
    ? node.property.name
    : undefined;

/** The names a call to a configured helper can be made by, for a quick first test. */
export function conventionNames(settings: RaceSettings): ReadonlySet<string> {
  const names = [...(settings.transactionWrappers ?? []).map((wrapper) => wrapper.name), ...(settings.lockHelpers ?? [])];
  return new Set(names.map((name) => name.slice(name.lastIndexOf('.') + 1)));
}

/** `withTransaction(async (tx) => …)` or `withLock(key, async () => …)`: the callback runs serialised. */
export function wrapperScope(call: TSESTree.CallExpression, file: FileFacts): TransactionScope | undefined {
  const callback = call.arguments.find((argument) => isFunction(unwrap(argument)));
  if (!callback) return undefined;
  const wrapper = file.settings.transactionWrappers?.find((candidate) => named(call.callee, candidate.name, file));
  if (wrapper) return { callback: unwrap(callback), isolation: wrapper.isolation ?? 'unknown', library: 'project' };
  const lock = file.settings.lockHelpers?.some((name) => named(call.callee, name, file));
  return lock ? { callback: unwrap(callback), isolation: 'unknown', library: 'project', locks: true } : undefined;
}

/** `await acquireLock(key)`: a configured lock helper called without a callback takes a lock. */
export function lockHelperAccess(call: TSESTree.CallExpression, file: FileFacts): Access | undefined {
  if (!file.settings.lockHelpers?.some((name) => named(call.callee, name, file))) return undefined;
  if (call.arguments.some((argument) => isFunction(unwrap(argument)))) return undefined;
  return {
    kind: 'lock',
    library: 'project',
    resource: undefined,
    keys: [],
    data: [],
    node: call,
    label: calleeName(call) ?? file.sourceCode.getText(call.callee),
  };
}

/** A method decorated with a configured wrapper (`@Transactional()`): its whole body runs in a transaction. */
export function decoratedScope(method: TSESTree.MethodDefinition, file: FileFacts): TransactionScope | undefined {
  const wrapper = file.settings.transactionWrappers?.find((candidate) =>
    method.decorators.some((decorator) => {
      const expression = decorator.expression;
      return named(expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression, candidate.name, file);
    }),
  );
  return wrapper && { callback: method.value, isolation: wrapper.isolation ?? 'unknown', library: 'project' };
}

/**
 * A function that takes its caller's transaction (`tx: Prisma.TransactionClient`, `trx`,
 * `manager: EntityManager`): its body runs in that transaction, at a level only the caller knows.
 */
export function handedScope(fn: FunctionNode, handleTypes: ReadonlySet<string>, file: FileFacts): TransactionScope | undefined {
  const takesHandle = fn.params.some((param) => {
    const binding = parameterBinding(param);
    if (!binding) return false;
    const type = binding.typeAnnotation && file.sourceCode.getText(binding.typeAnnotation.typeAnnotation).replace(/<.*$/s, '');
    return handleNames.has(binding.name) || (type !== undefined && (handleTypes.has(type) || handleTypes.has(type.slice(type.lastIndexOf('.') + 1))));
  });
  return takesHandle ? { callback: fn, isolation: 'unknown', library: 'caller', fromCaller: true } : undefined;
}
