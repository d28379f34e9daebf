import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Field } from './access.js';
import { findVariable, normalizedText, unwrap, valueBefore } from '../utils/ast.js';

/**
 * The text that identifies a path: its source with whitespace collapsed, through a local assigned
 * only where it is declared, so that `path.join(dir, name)` written twice and
 * `const file = path.join(dir, name)` name the same path. A local assigned more than once names
 * the value of its last assignment before the use: the same variable, reassigned between a check
 * and a write, is another path.
 */
export function pathText(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const bare = unwrap(node);
  if (bare.type !== AST_NODE_TYPES.Identifier) return normalizedText(sourceCode, bare);
  const value = onlyValue(bare, sourceCode);
  if (value) return normalizedText(sourceCode, value);
  const assigned = valueBefore(bare, bare, sourceCode)?.value;
  return assigned ? `${bare.name}@${assigned.range[0]}` : bare.name;
}

/** The value a local holds wherever it is read: its initialiser, when nothing else assigns it. */
export function onlyValue(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node | undefined {
  const variable = findVariable(sourceCode, identifier);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const assignedOnce = variable?.references.every((reference) => !reference.isWrite() || reference.init === true);
  if (!assignedOnce || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id !== def.name || !def.node.init) return undefined;
  return unwrap(def.node.init);
}

/** Two fields name the same path: the same variable, the same expression, or a local holding it. */
export function samePath(a: Field, b: Field, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const text = (field: Field): string => (field.value ? pathText(field.value, sourceCode) : field.name);
  return text(a) === text(b);
}
