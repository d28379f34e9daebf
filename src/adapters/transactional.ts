import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { Isolation, TransactionScope } from '../analysis/access.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Adapter } from './types.js';
import { calleeName, isFunction, property, resolveObject, staticString, unwrap } from '../utils/ast.js';

/*
 * Libraries that run a method or a callback in a transaction kept in async context, whatever the
 * ORM: `typeorm-transactional` and `@nestjs-cls/transactional`, with their `@Transactional()`
 * decorator, `runInTransaction(fn)` / `wrapInTransaction(fn)` and `txHost.withTransaction(fn)`.
 */

const library = 'transactional';
const packages = ['typeorm-transactional', '@nestjs-cls/transactional'];
const wrappers = new Set(['runInTransaction', 'wrapInTransaction', 'withTransaction']);
const levels: Readonly<Record<string, Isolation>> = {
  SERIALIZABLE: 'serializable',
  REPEATABLE_READ: 'repeatable-read',
  'REPEATABLE READ': 'repeatable-read',
  READ_COMMITTED: 'read-committed',
  'READ COMMITTED': 'read-committed',
  READ_UNCOMMITTED: 'read-uncommitted',
  'READ UNCOMMITTED': 'read-uncommitted',
};

const usesPackage = (file: FileFacts): boolean => packages.some((name) => file.imports(name));

/** `{ isolationLevel: IsolationLevel.SERIALIZABLE }` or `'SERIALIZABLE'` among a call's arguments. */
function isolationIn(args: readonly TSESTree.Node[], file: FileFacts): Isolation {
  for (const argument of args) {
    const level = property(resolveObject(argument, file.sourceCode), 'isolationLevel') ?? argument;
    const name = staticString(level) ?? (level.type === AST_NODE_TYPES.MemberExpression ? file.sourceCode.getText(level.property) : undefined);
    const found = name === undefined ? undefined : levels[name.toUpperCase()];
    if (found) return found;
  }
  return 'unknown';
}

export const transactional: Adapter = {
  library,
  callNames: wrappers,
  conflictMarkers: [],

  access: () => undefined,

  transaction(call, file) {
    const callback = call.arguments.find((argument) => isFunction(unwrap(argument)));
    if (!callback || !wrappers.has(calleeName(call) ?? '') || !usesPackage(file)) return undefined;
    return { callback: unwrap(callback), library, isolation: isolationIn(call.arguments.filter((a) => a !== callback), file) };
  },

  transactionalMethod(method, file): TransactionScope | undefined {
    if (!usesPackage(file)) return undefined;
    for (const decorator of method.decorators) {
      const expression = decorator.expression;
      if (expression.type !== AST_NODE_TYPES.CallExpression || calleeName(expression) !== 'Transactional') continue;
      return { callback: method.value, library, isolation: isolationIn(expression.arguments, file) };
    }
    return undefined;
  },
};
