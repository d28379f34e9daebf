import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Access, Field } from '../analysis/access.js';
import type { GuardCondition, RelativeChange } from '../analysis/changes.js';
import type { FileFacts } from '../analysis/file-facts.js';
import type { Rewrite } from './types.js';
import { appendLink, indentOf, isNameFree } from '../utils/fixes.js';

/* The pieces of text that several adapters' race-free forms are written with. */

type Edit = Rewrite['edits'][number];

/** A single-quoted string literal. */
export const quote = (text: string): string => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;

/** The amount of a relative change as text: `++` and `--` change by one. */
export const amountText = (change: RelativeChange, file: FileFacts): string =>
  change.amount ? file.sourceCode.getText(change.amount) : '1';

/** The amount `$inc` (or `HINCRBY`) adds for a relative change: negated for a decrease. */
export function signedAmount(change: RelativeChange, file: FileFacts): string {
  const amount = change.amount;
  const text = amountText(change, file);
  if (change.operator === '+') return text;
  const single =
    !amount ||
    amount.type === AST_NODE_TYPES.Identifier ||
    amount.type === AST_NODE_TYPES.MemberExpression ||
    amount.type === AST_NODE_TYPES.CallExpression ||
    (amount.type === AST_NODE_TYPES.Literal && typeof amount.value === 'number');
  return single ? `-${text}` : `-(${text})`;
}

/** An edit that writes `text` as a field's value; `{ balance }` becomes `{ balance: text }`. */
export function valueEdit(field: Field, text: string): Edit | undefined {
  const holder = field.value?.parent;
  if (!field.value) return undefined;
  return holder?.type === AST_NODE_TYPES.Property && holder.shorthand
    ? { range: holder.range, text: `${field.name}: ${text}` }
    : { range: field.value.range, text };
}

/** An edit that inserts `link.` before the last link of a chain: `.first()` becomes `.forUpdate().first()`. */
export function linkBefore(call: TSESTree.Node, link: string): Edit | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const start = call.callee.property.range[0];
  return { range: [start, start], text: `${link}.` };
}

/** An edit that appends `link` to a chain call, on a line of its own when the chain's links are. */
export function linkAfter(call: TSESTree.CallExpression, link: string, sourceCode: Readonly<TSESLint.SourceCode>): Edit {
  const suffix = appendLink(call, link, sourceCode).slice(sourceCode.getText(call).length);
  return { range: [call.range[1], call.range[1]], text: suffix };
}

/**
 * The statement `await <write>;` rewritten to keep what the write returns in `binding` and take
 * the guard's early exit when `noRow` (a test of `binding`) says it changed no row.
 */
export function checkedWrite(
  write: Access,
  binding: string,
  call: string,
  noRow: string,
  condition: GuardCondition,
  file: FileFacts,
): Edit | undefined {
  const awaited = write.node.parent;
  const statement = awaited?.type === AST_NODE_TYPES.AwaitExpression ? awaited.parent : undefined;
  const names = binding.match(/[\w$]+/g) ?? [];
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || !condition.otherwise) return undefined;
  if (!names.every((name) => isNameFree(name, write.node, file.sourceCode))) return undefined;
  const exit = file.sourceCode.getText(condition.otherwise);
  return { range: statement.range, text: `const ${binding} = await ${call};\n${indentOf(statement, file.sourceCode)}if (${noRow}) ${exit}` };
}
