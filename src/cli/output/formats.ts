import type { ESLint } from 'eslint';
import type { Format } from '../args.js';
import { packageVersion } from '../version.js';
import { formatGrouped } from './grouped.js';
import { toSarif } from './sarif.js';
import type { Style } from './style.js';

/** The lint results in the chosen output format. */
export async function formatResults(
  format: Format,
  eslint: ESLint,
  results: ESLint.LintResult[],
  cwd: string,
  style: Style,
): Promise<string> {
  if (format === 'stylish') return formatGrouped(results, cwd, style);
  if (format === 'sarif') return toSarif(results, eslint.getRulesMetaForResults(results), cwd, packageVersion);
  const json = await eslint.loadFormatter('json');
  return json.format(results);
}
