import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import type { Access } from '../../src/analysis/access.js';
import { readUses, type ReadPath } from '../../src/analysis/read-uses.js';

/**
 * Lints `code` with a probe rule: the first `find()` call is the read, and each `probe(expr)`
 * records the paths into the read's result that `expr` uses.
 */
function probe(code: string): ReadPath[][] {
  const found: ReadPath[][] = [];
  const rule: TSESLint.RuleModule<string> = {
    meta: { type: 'problem', schema: [], messages: {} },
    create(context) {
      let read: TSESTree.CallExpression | undefined;
      const probes: TSESTree.Node[] = [];
      return {
        CallExpression(call) {
          if (call.callee.type !== AST_NODE_TYPES.Identifier) return;
          if (call.callee.name === 'find') read ??= call;
          const [argument] = call.arguments;
          if (call.callee.name === 'probe' && argument) probes.push(argument);
        },
        'Program:exit'() {
          if (!read) return;
          const access: Access = { kind: 'read', library: 'test', resource: 'thing', keys: [], data: [], node: read, label: 'find' };
          const uses = readUses(access, context.sourceCode);
          for (const node of probes) found.push(uses.pathsIn(node));
        },
      };
    },
  };
  const linter = new Linter();
  const messages = linter.verify(code, [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser },
      plugins: { test: { rules: { probe: rule as never } } },
      rules: { 'test/probe': 'error' },
    },
  ], 'file.ts');
  expect(messages).toEqual([]);
  return found;
}

const prelude = 'declare function find(): Promise<any>;\ndeclare function probe(value: unknown): void;\n';

describe('readUses', () => {
  it.each([
    ['a field of the held record', 'const w = await find(); probe(w.balance + 1);', [[['balance']]]],
    ['rows of a driver result', 'const { rows } = await find(); probe(rows[0].balance);', [[['rows', 'balance']]]],
    ['a nested array pattern', 'const [[row]] = await find(); probe(row.stock);', [[['stock']]]],
    ['a field destructured from the record', 'const { credits } = await find(); probe(credits - 1);', [[['credits']]]],
    ['a converted value', 'const n = Number(await find()); probe(n + 1);', [[[]]]],
    ['a local computed from the record', 'const w = await find(); const next = w.balance - 1; probe(next);', [[['balance']]]],
    ['the read inline', 'probe((await find()).balance);', [[['balance']]]],
    ['an attribute read through a getter', "const c = await find(); probe(c.get('redemptions') + 1);", [[['redemptions']]]],
    ['a spread of a field', 'const d = await find(); probe({ ...d.content, title: 1 });', [[['content']]]],
    ['a property key named like a field', 'const w = await find(); const balance = 1; probe({ balance });', [[]]],
    ['another value', 'const w = await find(); const other = { balance: 1 }; probe(other.balance);', [[]]],
    ['a value assigned after the use', 'let v = 0; probe(v); const w = await find(); v = w.balance;', [[]]],
  ])('%s', (_name, body, expected) => {
    expect(probe(`${prelude}export async function f() { ${body} }`)).toEqual(expected);
  });

  it('stops following a variable written from itself', () => {
    const paths = probe(`${prelude}export async function f() { let x = await find(); x = x + 1; x = x + 1; probe(x); }`);
    expect(paths[0]?.length).toBeGreaterThan(0);
    expect(paths[0]?.every((path) => path.length === 0)).toBe(true);
  });
});
