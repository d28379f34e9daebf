/**
 * Suggestion outputs must parse and type-check against the real library types. For each racy
 * snippet in `cases.ts`: lint it with the plugin through ESLint's `Linter`, check the expected
 * report and its suggestions are there, apply each suggestion, and type-check the original and
 * every output with ts-morph (its own TypeScript) against the packages in node_modules. The
 * original is checked too, so a broken snippet is not taken for a broken suggestion.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import type { SourceFile } from 'ts-morph';
import { diagnosticsOf, typecheckProject } from './harness.js';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { cases as createCases, type Case } from './cases.js';
import { readModifyWriteCases } from './read-modify-write/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const cases = [...createCases, ...readModifyWriteCases];
const ruleOf = (testCase: Case): string => `race/${testCase.rule ?? 'no-check-then-create'}`;

// The schema is this folder's `migrations/`: without the settings, discovery would start at the
// repository's package.json and also read the schemas of every other test fixture.
const config: Linter.Config[] = [plugin.configs.recommended, { settings: { race: { root: here, schema: ['migrations'] } } }];

interface Linted {
  readonly messages: Linter.LintMessage[];
  readonly original: SourceFile;
  /** One program per suggestion the report offers, in order. */
  readonly outputs: { readonly messageId: string | undefined; readonly desc: string; readonly file: SourceFile }[];
}

// One program for all snippets and outputs: files are in memory, modules resolve from node_modules.
const project = typecheckProject();

const linted = new Map<string, Linted>();

/** `tests/typecheck/src/<name>.ts`: in the repository (an ES module package) but never written. */
const virtualPath = (name: string, suffix: string): string => path.join(here, 'src', `${name}${suffix}.ts`);

function lint(testCase: Case): Linted {
  const linter = new Linter({ cwd: repoRoot });
  const messages = linter.verify(testCase.code, config, { filename: virtualPath(testCase.name, '') });
  const original = project.createSourceFile(virtualPath(testCase.name, ''), testCase.code, { overwrite: true });
  const report = messages.find((message) => message.ruleId === ruleOf(testCase));
  const outputs = (report?.suggestions ?? []).map((suggestion, index) => {
    const { range, text } = suggestion.fix;
    const output = testCase.code.slice(0, range[0]) + text + testCase.code.slice(range[1]);
    const file = project.createSourceFile(virtualPath(testCase.name, `.suggestion-${index}`), output, { overwrite: true });
    return { messageId: suggestion.messageId, desc: suggestion.desc, file };
  });
  return { messages, original, outputs };
}

function lintedCase(testCase: Case): Linted {
  const result = linted.get(testCase.name);
  if (!result) throw new Error(`${testCase.name} was not linted`);
  return result;
}

/** The output of suggestion `index`, when the report offers it with the expected message. */
function output(testCase: Case, index: number): Linted['outputs'][number] | undefined {
  const found = lintedCase(testCase).outputs[index];
  return found?.messageId === testCase.suggestions[index] ? found : undefined;
}

/** The diagnostics, the suggestion and the program text, for a failure message. */
const explain = (file: SourceFile, errors: string, suggestion?: string): string =>
  `${errors}\n--- ${file.getBaseName()}${suggestion === undefined ? '' : ` (${suggestion})`}\n${file.getFullText()}`;

const diagnostics = new Map<SourceFile, string>();

beforeAll(() => {
  // Every file is added before the first type-check, so the program is built once; building it
  // (reading every library's declarations) is most of the time, so it happens here, not in a test.
  for (const testCase of cases) linted.set(testCase.name, lint(testCase));
  for (const { original, outputs } of linted.values()) {
    for (const file of [original, ...outputs.map((entry) => entry.file)]) diagnostics.set(file, diagnosticsOf(file));
  }
}, 120_000);

const typeErrors = (file: SourceFile): string => diagnostics.get(file) ?? diagnosticsOf(file);

describe.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
  it(`reports ${testCase.report} with ${testCase.suggestions.length} suggestion(s)`, () => {
    const { messages } = lintedCase(testCase);
    expect(messages.filter((message) => message.fatal === true)).toEqual([]);
    const reports = messages.filter((message) => message.ruleId === ruleOf(testCase));
    expect(reports.map((report) => report.messageId)).toEqual([testCase.report]);
    expect((reports[0]?.suggestions ?? []).map((suggestion) => suggestion.messageId)).toEqual(testCase.suggestions);
  });

  it('the original snippet type-checks', () => {
    const { original } = lintedCase(testCase);
    const errors = typeErrors(original);
    expect(errors, explain(original, errors)).toBe('');
  });

  testCase.suggestions.forEach((messageId, index) => {
    it(`suggestion ${index} (${messageId}) type-checks`, () => {
      const found = output(testCase, index);
      if (!found) throw new Error(`${testCase.name}: no suggestion ${index} (${messageId})`);
      const errors = typeErrors(found.file);
      expect(errors, explain(found.file, errors, found.desc)).toBe('');
    });
  });
});
