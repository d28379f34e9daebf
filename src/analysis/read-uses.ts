import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access } from './access.js';
import { findVariable, memberName, propertyKey, staticString, valueBefore } from '../utils/ast.js';
import { normalizeName } from '../utils/names.js';

/**
 * A path into a read's result, as the code walks it: `wallet.balance` is `['balance']`,
 * `rows[0].balance` is `['rows', 'balance']`, the result itself `[]`. Array indexes are left out.
 */
export type ReadPath = readonly string[];

/** Names that hold rows rather than name a column: the driver's `rows` and array indexes. */
const containers = new Set(['rows', 'recordset']);

/** The fields a path reads, normalised; empty when it stands for the whole record. */
export function fieldsOf(path: ReadPath): string[] {
  return path.filter((name) => !containers.has(name)).map(normalizeName);
}

/** Calls that turn a stored value into a number or object without changing what it says. */
const conversions = new Set(['Number', 'parseInt', 'parseFloat', 'BigInt', 'String']);

const maxDepth = 4;

/**
 * Where the code uses what a read returned. `pathsIn(expression)` lists the paths into the result
 * that an expression reads: through the variables the result is stored in (`const wallet = await
 * find()`, `const { rows } = await query()`), and through local variables computed from it
 * (`const next = wallet.balance + amount`), a few steps deep.
 */
export interface ReadUses {
  pathsIn(expression: TSESTree.Node): ReadPath[];
  /** The variables that hold the result, or a part of it. */
  readonly holders: ReadonlyMap<TSESLint.Scope.Variable, ReadPath>;
}

export function readUses(read: Access, sourceCode: Readonly<TSESLint.SourceCode>): ReadUses {
  const result = resultExpression(read.node);
  const top = result.top;
  const path = [...(read.resultPath ?? []), ...result.path];
  const holders = new Map<TSESLint.Scope.Variable, ReadPath>();
  storedIn(top, path, sourceCode, holders);
  const sites = new Map<TSESTree.Node, ReadPath>([[top, path]]);
  for (const [variable, base] of holders) {
    for (const reference of variable.references) {
      if (reference.isRead()) sites.set(reference.identifier, base);
    }
  }

  const pathsIn = (expression: TSESTree.Node, depth: number): ReadPath[] => {
    const paths: ReadPath[] = [];
    const visit = (node: TSESTree.Node): void => {
      const base = sites.get(node);
      if (base) {
        paths.push([...base, ...memberPath(node).names]);
        return;
      }
      if (node.type !== AST_NODE_TYPES.Identifier || depth >= maxDepth || isNameOnly(node)) return;
      // A local computed from the result: what its value reads, followed by what this use adds.
      const held = valueBefore(node, node, sourceCode);
      if (!held?.value) return;
      const suffix = memberPath(node).names;
      for (const inner of pathsIn(held.value, depth + 1)) paths.push([...inner, ...suffix]);
    };
    if (sites.has(expression)) visit(expression);
    else simpleTraverse(expression, { enter: visit });
    return paths;
  };

  return { pathsIn: (expression) => pathsIn(expression, 0), holders };
}

/** Model getters that read one attribute by name: Sequelize `x.get('views')`, Mongoose `x.get('views')`. */
const getters = new Set(['get', 'getDataValue']);

/** The attribute a getter call reads: `x.get('views')` gives `views`. */
export function getterAttribute(call: TSESTree.CallExpression): string | undefined {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !getters.has(memberName(callee) ?? '')) return undefined;
  return staticString(call.arguments[0]);
}

/** The property names a member chain adds to a node: `x.a[0].b` adds `a`, `b`; `x.get('a')` adds `a`. */
function memberPath(node: TSESTree.Node): { names: string[] } {
  const names: string[] = [];
  let current = node;
  while (current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current) {
    const member = current.parent;
    const name = memberName(member);
    const call = member.parent;
    const attribute = call.type === AST_NODE_TYPES.CallExpression ? getterAttribute(call) : undefined;
    if (attribute !== undefined) {
      names.push(attribute);
      current = call;
      continue;
    }
    if (name !== undefined && !/^\d+$/.test(name)) names.push(name);
    current = member;
  }
  return { names };
}

/** An identifier that names rather than refers: a property key, a member's property. */
function isNameOnly(node: TSESTree.Identifier): boolean {
  const parent = node.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression) return parent.property === node && !parent.computed;
  if (parent.type === AST_NODE_TYPES.Property) return parent.key === node && !parent.computed && !parent.shorthand;
  return false;
}

/**
 * The outermost expression that still is the read's result, with the path walked to reach it:
 * `(await query()).rows[0]`, `Number(await redis.get(key))`, `await find() as Wallet`.
 */
function resultExpression(node: TSESTree.Node): { top: TSESTree.Node; path: string[] } {
  const path: string[] = [];
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) break;
    if (
      parent.type === AST_NODE_TYPES.AwaitExpression ||
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression
    ) {
      current = parent;
    } else if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current && !isCallee(parent)) {
      const name = memberName(parent);
      if (name !== undefined && !/^\d+$/.test(name)) path.push(name);
      current = parent;
    } else if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === current && isConversion(parent)) {
      current = parent;
    } else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.left === current && parent.operator !== '&&') {
      // `(await redis.get(key)) ?? '0'`: the stored value, or a default where there is none.
      current = parent;
    } else {
      break;
    }
  }
  return { top: current, path };
}

const isCallee = (node: TSESTree.Node): boolean =>
  node.parent?.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node;

/** `Number(x)`, `parseInt(x, 10)`, `JSON.parse(x)`: a call that converts the stored value. */
export function isConversion(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return conversions.has(callee.name);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'JSON' &&
    memberName(callee) === 'parse'
  );
}

/**
 * The variables a value is stored in, each with the path of the part it holds:
 * `const wallet = …`, `wallet = …`, `const { rows } = …`, `const [[row]] = …`.
 */
function storedIn(
  value: TSESTree.Node,
  path: ReadPath,
  sourceCode: Readonly<TSESLint.SourceCode>,
  holders: Map<TSESLint.Scope.Variable, ReadPath>,
): void {
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value) {
    bindPattern(parent.id, path, sourceCode, holders);
  } else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value && parent.operator === '=') {
    bindPattern(parent.left, path, sourceCode, holders);
  }
}

function bindPattern(
  pattern: TSESTree.Node,
  path: ReadPath,
  sourceCode: Readonly<TSESLint.SourceCode>,
  holders: Map<TSESLint.Scope.Variable, ReadPath>,
): void {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier: {
      const variable = findVariable(sourceCode, pattern);
      if (variable) holders.set(variable, path);
      break;
    }
    case AST_NODE_TYPES.ObjectPattern:
      for (const prop of pattern.properties) {
        if (prop.type === AST_NODE_TYPES.RestElement) bindPattern(prop.argument, path, sourceCode, holders);
        else {
          const name = propertyKey(prop);
          if (name !== undefined) bindPattern(prop.value, [...path, name], sourceCode, holders);
        }
      }
      break;
    case AST_NODE_TYPES.ArrayPattern:
      for (const element of pattern.elements) {
        if (element) bindPattern(element.type === AST_NODE_TYPES.RestElement ? element.argument : element, path, sourceCode, holders);
      }
      break;
    case AST_NODE_TYPES.AssignmentPattern:
      bindPattern(pattern.left, path, sourceCode, holders);
      break;
    default:
      break;
  }
}
