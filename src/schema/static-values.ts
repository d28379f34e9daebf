import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { firstParameterName, memberName, returnedExpression, staticString, unwrap } from '../utils/ast.js';

/**
 * The static key of an object property or class field. Unlike `propertyKey` in
 * `src/utils/ast.ts` it also takes class fields and numeric keys (`{ 1: x }` gives `1`).
 */
export function propertyName(node: TSESTree.Property | TSESTree.PropertyDefinition): string | undefined {
  if (node.key.type === AST_NODE_TYPES.Identifier && !node.computed) return node.key.name;
  if (node.key.type === AST_NODE_TYPES.Literal) return String(node.key.value);
  return staticString(node.key);
}

/** The properties of an object literal (spreads left out); none for anything else. */
export function objectProperties(node: TSESTree.Node | undefined): TSESTree.Property[] {
  const object = node && unwrap(node);
  if (object?.type !== AST_NODE_TYPES.ObjectExpression) return [];
  return object.properties.filter((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property);
}

/**
 * The value of an object literal's property. Unlike `property` in `src/utils/ast.ts` it takes
 * any node (unwrapped first) and, as JavaScript does, lets the last of a repeated key win.
 */
export function propertyValue(node: TSESTree.Node | undefined, name: string): TSESTree.Node | undefined {
  return objectProperties(node).findLast((p) => propertyName(p) === name)?.value;
}

export function isObject(node: TSESTree.Node | undefined): boolean {
  return node !== undefined && unwrap(node).type === AST_NODE_TYPES.ObjectExpression;
}

/** `['a', 'b']` → `['a', 'b']`; `undefined` unless every element is a string. */
export function stringArray(node: TSESTree.Node | undefined): string[] | undefined {
  const array = node && unwrap(node);
  if (array?.type !== AST_NODE_TYPES.ArrayExpression || array.elements.length === 0) return undefined;
  const names = array.elements.map((element) => staticString(element ?? undefined));
  return names.every((name): name is string => name !== undefined) ? names : undefined;
}

/** Properties read from `parameter` anywhere inside the nodes, in order: `t.email`, `sql\`lower(${t.email})\``. */
export function parameterMembers(nodes: readonly TSESTree.Node[], parameter: string): string[] {
  const names: string[] = [];
  for (const node of nodes) {
    simpleTraverse(node, {
      enter(child) {
        if (
          child.type === AST_NODE_TYPES.MemberExpression &&
          child.object.type === AST_NODE_TYPES.Identifier &&
          child.object.name === parameter
        ) {
          const name = memberName(child);
          if (name !== undefined) names.push(name);
        }
      },
    });
  }
  return names;
}

/** `(e) => [e.a, e.b]` → `['a', 'b']`, as TypeORM and some index options accept. */
export function fieldsFromArrow(node: TSESTree.Node | undefined): string[] | undefined {
  const parameter = firstParameterName(node);
  const returned = returnedExpression(node);
  if (parameter === undefined || returned?.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const names = parameterMembers(
    returned.elements.filter((element) => element !== null),
    parameter,
  );
  return names.length === returned.elements.length ? names : undefined;
}
