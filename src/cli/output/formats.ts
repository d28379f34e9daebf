import { createRequire } from 'node:module';
import type { ESLint } from 'eslint';
import type { Format } from '../args.js';
import { formatGrouped } from './grouped.js';
import type { Style } from './style.js';

type SarifFormatter = (results: ESLint.LintResult[], data: ESLint.LintResultData) => string;
const sarif = createRequire(import.meta.url)('@microsoft/eslint-formatter-sarif') as SarifFormatter;

/** The lint results in the chosen output format. */
export async function formatResults(
  format: Format,
  eslint: ESLint,
  results: ESLint.LintResult[],
  cwd: string,
  style: Style,
): Promise<string> {
  if (format === 'stylish') return formatGrouped(results, cwd, style);
  if (format === 'sarif') return sarif(results, { cwd, rulesMeta: eslint.getRulesMetaForResults(results) });
  const json = await eslint.loadFormatter('json');
  return json.format(results);
}
