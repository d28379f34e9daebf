import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { propertyKey } from './ast.js';

/** The statement a call is the whole of: `await x();`, `return x();`, `return await x();`. */
export function statementOf(node: TSESTree.Node): TSESTree.ExpressionStatement | TSESTree.ReturnStatement | undefined {
  let current: TSESTree.Node = node;
  while (current.parent?.type === AST_NODE_TYPES.AwaitExpression) current = current.parent;
  const parent = current.parent;
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement || parent?.type === AST_NODE_TYPES.ReturnStatement) {
    return parent;
  }
  return undefined;
}

/** Leading whitespace of the line a node starts on. */
export function indentOf(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/.exec(line)?.[0] ?? '';
}

/** The statements of a branch as text: the inside of a block, or the single statement. */
export function branchBody(branch: TSESTree.Statement, sourceCode: Readonly<TSESLint.SourceCode>): string[] {
  const statements = branch.type === AST_NODE_TYPES.BlockStatement ? branch.body : [branch];
  return statements.map((statement) => sourceCode.getText(statement));
}

/**
 * Wraps a statement in `try`/`catch` that rethrows every error but the one `errorTest`
 * recognises, and runs `onError` for that one.
 */
export function wrapInCatch(
  statement: TSESTree.Statement,
  errorTest: string,
  onError: readonly string[],
  sourceCode: Readonly<TSESLint.SourceCode>,
): string {
  const indent = indentOf(statement, sourceCode);
  const inner = `${indent}  `;
  // `return promise` inside `try` would let the rejection escape the catch.
  const body =
    statement.type === AST_NODE_TYPES.ReturnStatement &&
    statement.argument &&
    statement.argument.type !== AST_NODE_TYPES.AwaitExpression
      ? `return await ${sourceCode.getText(statement.argument)};`
      : sourceCode.getText(statement);
  return [
    'try {',
    `${inner}${body}`,
    `${indent}} catch (error) {`,
    `${inner}if (!(${errorTest})) throw error;`,
    ...onError.map((line) => `${inner}${line}`),
    `${indent}}`,
  ].join('\n');
}

/**
 * The text of a chain call with one more link appended: on a line of its own, indented like the
 * call's own link, when the chain puts its links on separate lines.
 */
export function appendLink(builder: TSESTree.CallExpression, link: string, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const text = sourceCode.getText(builder);
  const callee = builder.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return `${text}${link}`;
  const line = callee.property.loc.start.line;
  if (line === callee.object.loc.end.line) return `${text}${link}`;
  const indent = /^\s*/.exec(sourceCode.lines[line - 1] ?? '')?.[0] ?? '';
  return `${text}\n${indent}${link}`;
}

type Edit = { readonly range: readonly [number, number]; readonly text: string };

/** The text of a node with edits inside it applied: the data object with its changes rewritten. */
export function textWithEdits(node: TSESTree.Node, edits: readonly Edit[], sourceCode: Readonly<TSESLint.SourceCode>): string {
  let text = sourceCode.getText(node);
  for (const edit of [...edits].sort((a, b) => b.range[0] - a.range[0])) {
    if (edit.range[0] < node.range[0] || edit.range[1] > node.range[1]) continue;
    text = text.slice(0, edit.range[0] - node.range[0]) + edit.text + text.slice(edit.range[1] - node.range[0]);
  }
  return text;
}

/** An edit that adds `text` (`key: value`) as the last property of an object literal. */
export function addProperty(object: TSESTree.ObjectExpression, text: string, sourceCode: Readonly<TSESLint.SourceCode>): Edit {
  const last = object.properties.at(-1);
  if (!last) return { range: object.range, text: `{ ${text} }` };
  const comma = sourceCode.getTokenAfter(last);
  const end = comma?.value === ',' ? comma.range[1] : last.range[1];
  return { range: [end, end], text: `${comma?.value === ',' ? '' : ','} ${text}` };
}

/** True when no variable of that name is visible at a node: a rewrite can declare it there. */
export function isNameFree(name: string, at: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(at); scope; scope = scope.upper) {
    if (scope.set.has(name)) return false;
  }
  return true;
}

/** An edit that replaces the property `name` of an object literal with `text`, or adds `text`. */
export function setProperty(object: TSESTree.ObjectExpression, name: string, text: string, sourceCode: Readonly<TSESLint.SourceCode>): Edit {
  const current = object.properties.find((prop) => prop.type === AST_NODE_TYPES.Property && propertyKey(prop) === name);
  return current ? { range: current.range, text } : addProperty(object, text, sourceCode);
}

/**
 * An edit that sets an option in the options object passed after `argument` (`transaction(cb,
 * { … })`), adding the object when there is none; undefined when the options are not a literal.
 */
export function setOptionAfter(
  argument: TSESTree.Node,
  name: string,
  text: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
): Edit | undefined {
  const call = argument.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const options = call.arguments[call.arguments.indexOf(argument as TSESTree.CallExpressionArgument) + 1];
  if (!options) return { range: [argument.range[1], argument.range[1]], text: `, { ${text} }` };
  return options.type === AST_NODE_TYPES.ObjectExpression ? setProperty(options, name, text, sourceCode) : undefined;
}
