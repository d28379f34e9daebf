import { simpleTraverse } from '@typescript-eslint/typescript-estree';
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

/** The function an expression stands for once unwrapped: `(t) => x`, `function (t) { … }`. */
function functionOf(node: TSESTree.Node | undefined): FunctionNode | undefined {
  const bare = node && unwrap(node);
  return bare && isFunction(bare) ? bare : undefined;
}

/** The (unwrapped) expression a function returns: `(t) => x`, `(t) => { return x; }`. */
export function returnedExpression(node: TSESTree.Node | undefined): TSESTree.Node | undefined {
  const fn = functionOf(node);
  if (!fn) return undefined;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return unwrap(fn.body);
  const statement = fn.body.body.find((s) => s.type === AST_NODE_TYPES.ReturnStatement);
  return statement?.argument ? unwrap(statement.argument) : undefined;
}

/** The name of a function's first parameter, when it is a plain identifier. */
export function firstParameterName(node: TSESTree.Node | undefined): string | undefined {
  const [parameter] = functionOf(node)?.params ?? [];
  return parameter?.type === AST_NODE_TYPES.Identifier ? parameter.name : undefined;
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

export function isTrue(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Literal && node.value === true;
}

export function isFalse(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Literal && node.value === false;
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

/** Where the value an identifier or `this.<field>` names comes from, as far as the file shows. */
export interface ValueOrigin {
  /** The module of an import binding or top-level `require`. */
  readonly importSource?: string;
  /** `const x = <init>`, a class field initialiser, or `this.x = <init>` in the constructor. */
  readonly init?: TSESTree.Expression;
  /** The declared type. */
  readonly type?: TSESTree.TypeNode;
  /** The function the name is a parameter of. */
  readonly parameterOf?: FunctionNode;
}

export function originOf(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): ValueOrigin {
  const bare = unwrap(node);
  if (bare.type === AST_NODE_TYPES.Identifier) return identifierOrigin(bare, sourceCode);
  if (bare.type === AST_NODE_TYPES.MemberExpression && bare.object.type === AST_NODE_TYPES.ThisExpression) {
    const name = memberName(bare);
    return name === undefined ? {} : fieldOrigin(bare, name);
  }
  return {};
}

function identifierOrigin(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): ValueOrigin {
  const variable = findVariable(sourceCode, identifier);
  const def = variable?.defs[0];
  if (!def || variable.defs.length !== 1) return {};
  const declaration = def.node;
  if (def.parent?.type === AST_NODE_TYPES.ImportDeclaration) return { importSource: def.parent.source.value };
  if (declaration.type === AST_NODE_TYPES.VariableDeclarator && declaration.id.type === AST_NODE_TYPES.Identifier) {
    const init = declaration.init ?? undefined;
    const type = declaration.id.typeAnnotation?.typeAnnotation;
    const required = init && requiredModule(init);
    return { ...(init ? { init } : {}), ...(type ? { type } : {}), ...(required ? { importSource: required } : {}) };
  }
  if (isFunction(declaration) && def.name.type === AST_NODE_TYPES.Identifier) {
    const type = def.name.typeAnnotation?.typeAnnotation;
    return { parameterOf: declaration, ...(type ? { type } : {}) };
  }
  return {};
}

/** `require('x')` and `require('x').y` give `x`. */
function requiredModule(init: TSESTree.Expression): string | undefined {
  let node: TSESTree.Node = init;
  while (node.type === AST_NODE_TYPES.MemberExpression) node = node.object;
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  return node.callee.name === 'require' ? staticString(node.arguments[0]) : undefined;
}

/** A class field: its declaration, a constructor parameter property, or a constructor assignment. */
function fieldOrigin(node: TSESTree.Node, name: string): ValueOrigin {
  let body: TSESTree.Node | undefined = node.parent;
  while (body && body.type !== AST_NODE_TYPES.ClassBody) body = body.parent;
  if (!body) return {};
  for (const member of body.body) {
    if (member.type === AST_NODE_TYPES.PropertyDefinition && !member.computed && propertyName(member.key) === name) {
      const type = member.typeAnnotation?.typeAnnotation;
      return { ...(member.value ? { init: member.value } : {}), ...(type ? { type } : {}) };
    }
    if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== 'constructor') continue;
    for (const param of member.value.params) {
      if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
      const target = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
      if (target.name === name) {
        const type = target.typeAnnotation?.typeAnnotation;
        return type ? { type } : {};
      }
    }
    const assigned = constructorAssignment(member.value.body, name);
    if (assigned) return { init: assigned };
  }
  return {};
}

function constructorAssignment(body: TSESTree.BlockStatement | null, name: string): TSESTree.Expression | undefined {
  for (const statement of body?.body ?? []) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const expression = statement.expression;
    if (
      expression.type === AST_NODE_TYPES.AssignmentExpression &&
      expression.left.type === AST_NODE_TYPES.MemberExpression &&
      expression.left.object.type === AST_NODE_TYPES.ThisExpression &&
      memberName(expression.left) === name
    ) {
      return expression.right;
    }
  }
  return undefined;
}

function propertyName(key: TSESTree.Node): string | undefined {
  return key.type === AST_NODE_TYPES.Identifier ? key.name : staticString(key);
}

/**
 * A call chain as short text for messages, arguments elided except where `keepArguments` says:
 * `db('users').where().first()`.
 */
export function chainText(
  chain: { root: TSESTree.Node; links: readonly ChainLink[] },
  sourceCode: Readonly<TSESLint.SourceCode>,
  keepArguments: (link: ChainLink) => boolean,
): string {
  const [first] = chain.links;
  const calledRoot = first?.call.callee === chain.root;
  const parts = chain.links.map((link, index) => {
    const args = keepArguments(link) ? link.call.arguments.map((arg) => sourceCode.getText(arg)).join(', ') : '';
    return `${index === 0 && calledRoot ? '' : '.'}${link.name}(${args})`;
  });
  return `${calledRoot ? '' : sourceCode.getText(chain.root)}${parts.join('')}`;
}

/**
 * What a variable holds just before `before`, as far as the source order shows: the last value
 * written to it earlier (its initialiser or an `x = …`; undefined for a parameter), and the
 * properties set on it since (`x.email = email`).
 */
export function valueBefore(
  identifier: TSESTree.Identifier,
  before: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { value: TSESTree.Node | undefined; assigned: Field[] } | undefined {
  const variable = findVariable(sourceCode, identifier);
  if (!variable) return undefined;
  const earlier = variable.references.filter((reference) => reference.identifier.range[1] <= before.range[0]);
  const write = earlier.findLast((reference) => reference.isWriteOnly() && reference.writeExpr);
  const since = write?.identifier.range[1] ?? -1;
  const assigned: Field[] = [];
  for (const reference of earlier) {
    const member = reference.identifier.parent;
    if (reference.identifier.range[0] < since || member.type !== AST_NODE_TYPES.MemberExpression) continue;
    const change = member.parent;
    const name = member.object === reference.identifier ? memberName(member) : undefined;
    if (name === undefined) continue;
    // `x.n += 1` and `x.n++` write a value computed from the field itself: the change is the value.
    if (change.type === AST_NODE_TYPES.AssignmentExpression && change.left === member) {
      assigned.push({ name, value: change.operator === '=' ? change.right : change });
    } else if (change.type === AST_NODE_TYPES.UpdateExpression) {
      assigned.push({ name, value: change });
    }
  }
  return { value: write?.writeExpr ?? undefined, assigned };
}

/** The fields of one object, or of every object in an array of rows (`insert([{ … }, { … }])`). */
export function rowFields(
  node: TSESTree.Node | undefined,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { fields: Field[]; opaque: TSESTree.Node[] } {
  const rows = node && unwrap(node);
  if (rows?.type !== AST_NODE_TYPES.ArrayExpression) return objectFields(node, sourceCode);
  const fields: Field[] = [];
  const opaque: TSESTree.Node[] = [];
  for (const row of rows.elements) {
    if (!row) continue;
    const part = objectFields(row.type === AST_NODE_TYPES.SpreadElement ? row.argument : row, sourceCode);
    fields.push(...part.fields);
    opaque.push(...part.opaque);
  }
  return { fields, opaque };
}

/** True when nothing uses what a call returns: `call();` or `await call();` as a statement. */
export function isResultUnused(call: TSESTree.Node): boolean {
  let node: TSESTree.Node = call;
  while (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = node.parent;
  return node.parent?.type === AST_NODE_TYPES.ExpressionStatement;
}

/** Every call inside a node, nested functions included. */
export function callsIn(root: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  simpleTraverse(root, {
    visitorKeys: sourceCode.visitorKeys,
    enter: (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
    },
  });
  return calls;
}

/** The name a parameter binds, through defaults and constructor parameter properties: `tx`, `tx = db`, `private tx`. */
export function parameterBinding(param: TSESTree.Parameter | undefined): TSESTree.Identifier | undefined {
  const target = param?.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  const binding = target?.type === AST_NODE_TYPES.AssignmentPattern ? target.left : target;
  return binding?.type === AST_NODE_TYPES.Identifier ? binding : undefined;
}
