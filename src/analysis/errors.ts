import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { resolveCallee } from './callees.js';
import { callsIn, isFunction, memberName } from '../utils/ast.js';

/**
 * True when an error thrown by `node` is handled where it is raised: a surrounding `try` or a
 * chained `.catch()` whose handler tests one of the markers (an error code such as `P2002`) or
 * neither rethrows nor passes the error on.
 */
export function isErrorHandled(
  node: TSESTree.Node,
  markers: readonly string[],
  sourceCode: Readonly<TSESLint.SourceCode>,
  filename?: string,
): boolean {
  // A handler that rethrows or passes the error on (Express `next(error)`) has not handled it,
  // unless it first tests for a marker, itself or through a project helper (`isUniqueViolation(e)`)
  // when the file name says where to look for one.
  const handles = (handler: TSESTree.Node): boolean => {
    const text = sourceCode.getText(handler);
    const marked = (code: string): boolean => markers.some((marker) => code.includes(marker));
    const helperMarks = (): boolean =>
      filename !== undefined &&
      callsIn(handler, sourceCode).some((call) => {
        const callee = resolveCallee(call, { filename, sourceCode });
        return callee !== undefined && marked(callee.file.sourceCode.getText(callee.fn));
      });
    return marked(text) || !/\bthrow\b|\bnext\s*\(\s*\w/.test(text) || (markers.length > 0 && helperMarks());
  };
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent && !isFunction(child); child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === child && parent.handler) {
      return handles(parent.handler.body);
    }
    if (
      parent.type === AST_NODE_TYPES.MemberExpression &&
      parent.object === child &&
      memberName(parent) === 'catch' &&
      parent.parent.type === AST_NODE_TYPES.CallExpression &&
      parent.parent.arguments[0]
    ) {
      return handles(parent.parent.arguments[0]);
    }
  }
  return false;
}
