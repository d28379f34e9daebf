import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Field } from '../analysis/access.js';

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export function isFunction(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** The innermost function around a node, or the program for top-level code. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | TSESTree.Program {
  let current = node.parent;
  while (current) {
    if (isFunction(current) || current.type === AST_NODE_TYPES.Program) return current;
    current = current.parent;
  }
  throw new Error('node outside a program');
}

/** `a.b` and `a['b']` give `b`; computed non-literal keys give undefined. */
export function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) return node.property.name;
  return staticString(node.property);
}

/** The name a call is made by: `f()` gives `f`, `a.b.c()` gives `c`. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): string | undefined {
  const callee = call.type === AST_NODE_TYPES.CallExpression ? call.callee : call.tag;
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return memberName(callee);
  return undefined;
}

/** The value of a string literal or a template literal without expressions. */
export function staticString(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** Removes `await`, parentheses-free TS wrappers (`x as T`, `x!`, `<T>x`, `x satisfies T`). */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSSatisfiesExpression:
        current = current.type === AST_NODE_TYPES.AwaitExpression ? current.argument : current.expression;
        break;
      default:
        return current;
    }
  }
}

/**
 * A call chain read from its root: `db.select().from(users).where(x)` gives the links
 * `select`, `from`, `where` and the root expression `db`.
 */
export interface ChainLink {
  readonly name: string;
  readonly call: TSESTree.CallExpression;
}

export function chainOf(call: TSESTree.CallExpression): { root: TSESTree.Node; links: ChainLink[] } {
  const links: ChainLink[] = [];
  let current: TSESTree.Node = call;
  for (;;) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const callee: TSESTree.Node = current.callee;
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const name = memberName(callee);
        if (name === undefined) break;
        links.unshift({ name, call: current });
        current = callee.object;
        continue;
      }
      if (callee.type === AST_NODE_TYPES.Identifier) {
        links.unshift({ name: callee.name, call: current });
        return { root: callee, links };
      }
    }
    break;
  }
  return { root: current, links };
}

/** A call is the end of its chain when nothing but `.then/.catch/.finally` continues it. */
export function isChainEnd(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== call) return true;
  const name = memberName(parent);
  return name === 'then' || name === 'catch' || name === 'finally';
}

/** The object literal an expression stands for: the literal itself or a `const` bound to one. */
export function resolveObject(
  node: TSESTree.Node | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.ObjectExpression | undefined {
  if (!node) return undefined;
  const bare = unwrap(node);
  if (bare.type === AST_NODE_TYPES.ObjectExpression) return bare;
  if (bare.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariable(sourceCode, bare);
  const def = variable?.defs[0];
  if (variable?.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator) return undefined;
  if (def.node.parent.kind !== 'const' || !def.node.init) return undefined;
  const init = unwrap(def.node.init);
  return init.type === AST_NODE_TYPES.ObjectExpression ? init : undefined;
}

export function findVariable(
  sourceCode: Readonly<TSESLint.SourceCode>,
  identifier: TSESTree.Identifier,
): TSESLint.Scope.Variable | undefined {
  let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(identifier);
  while (scope) {
    const found = scope.set.get(identifier.name);
    if (found) return found;
    scope = scope.upper;
  }
  return undefined;
}

/** The property of an object literal with a given static key. */
export function property(object: TSESTree.ObjectExpression | undefined, name: string): TSESTree.Node | undefined {
  if (!object) return undefined;
  for (const prop of object.properties) {
    if (prop.type === AST_NODE_TYPES.Property && propertyKey(prop) === name) return prop.value;
  }
  return undefined;
}

export function propertyKey(prop: TSESTree.Property): string | undefined {
  if (!prop.computed && prop.key.type === AST_NODE_TYPES.Identifier) return prop.key.name;
  return staticString(prop.key);
}

/**
 * The fields an object literal names (`{ email, orgId: org.id }`), and the expressions it
 * spreads whole (`{ ...input }`). Nested operator objects (`{ email: { equals: x } }`) keep the
 * outer name and their inner value.
 */
export function objectFields(
  node: TSESTree.Node | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { fields: Field[]; opaque: TSESTree.Node[] } {
  const fields: Field[] = [];
  const opaque: TSESTree.Node[] = [];
  if (!node) return { fields, opaque };
  const object = resolveObject(node, sourceCode);
  if (!object) {
    opaque.push(unwrap(node));
    return { fields, opaque };
  }
  for (const prop of object.properties) {
    if (prop.type === AST_NODE_TYPES.SpreadElement) {
      opaque.push(prop.argument);
      continue;
    }
    const name = propertyKey(prop);
    if (name !== undefined) fields.push({ name, value: prop.value });
  }
  return { fields, opaque };
}

/** Source text with whitespace collapsed, to compare expressions written twice. */
export function normalizedText(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  return sourceCode.getText(node).replace(/\s+/g, '').replace(/\?\./g, '.');
}

/** A node contains another by range. */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}
