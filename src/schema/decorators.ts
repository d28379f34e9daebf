import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { resolveImport, type ClassNode, type FileIndex, type ImportBinding, type Library } from './source-file.js';
import { propertyName } from './static-values.js';

/** A decorator resolved through the file's imports, with its arguments. */
export interface DecoratorCall {
  readonly binding: ImportBinding;
  readonly args: readonly TSESTree.Node[];
}

/** The decorators from `library` on a class or class field. */
export function decoratorsOf(
  node: ClassNode | TSESTree.PropertyDefinition,
  file: FileIndex,
  library: Library,
): DecoratorCall[] {
  return node.decorators.flatMap((decorator) => {
    const call = decoratorCall(decorator, file);
    return call?.binding.library === library ? [call] : [];
  });
}

/** A class's fields with a static name, each with the decorators from `library` on it. */
export function decoratedFields(
  node: ClassNode,
  file: FileIndex,
  library: Library,
): { field: string; decorators: DecoratorCall[] }[] {
  return node.body.body.flatMap((member) => {
    if (member.type !== AST_NODE_TYPES.PropertyDefinition) return [];
    const field = propertyName(member);
    return field === undefined ? [] : [{ field, decorators: decoratorsOf(member, file, library) }];
  });
}

/** `@Name`, `@Name(args)` or `@ns.Name(args)`, resolved through the file's imports. */
function decoratorCall(decorator: TSESTree.Decorator, file: FileIndex): DecoratorCall | undefined {
  const expression = decorator.expression;
  const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
  const binding = resolveImport(callee, file.imports);
  if (!binding) return undefined;
  return { binding, args: expression.type === AST_NODE_TYPES.CallExpression ? expression.arguments : [] };
}
