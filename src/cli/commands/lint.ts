import type { CliArgs } from '../args.js';
import { InputError } from '../errors.js';
import { describePaths, lintTarget } from '../lint-target.js';
import { findingsOf, parseErrorsOf } from '../output/findings.js';
import { formatResults } from '../output/formats.js';
import { styleFor } from '../output/style.js';
import { ProgressLine } from '../progress.js';
import { runLint, type LintOptions, type LintRun } from '../run-lint.js';
import { schemaErrors } from '../schema-index.js';

/** `race-lint [paths...]`: 0 without findings, 1 with findings, 2 when a file or schema source cannot be parsed. */
export async function lintCommand(args: CliArgs): Promise<number> {
  const target = lintTarget(args.paths, process.cwd());
  const { eslint, results, settingsFor } = await lintWithProgress({ target, ...lintChoices(args) });
  if (results.length === 0) throw new InputError(`no files to lint in ${describePaths(target)}`);
  process.stdout.write(`${await formatResults(args.format, eslint, results, target.cwd, styleFor(process.stdout))}\n`);
  // A schema source that does not parse was read as declaring nothing: the findings may be wrong.
  const schemaProblems = await schemaErrors(results.map((result) => result.filePath), settingsFor, target.cwd);
  const parseErrors = [...parseErrorsOf(results, target.cwd), ...schemaProblems];
  for (const error of parseErrors) process.stderr.write(`race-lint: ${error}\n`);
  if (parseErrors.length > 0) return 2;
  return findingsOf(results, target.cwd).length > 0 ? 1 : 0;
}

/** The options that choose the config and rules, as given on the command line. */
export function lintChoices(args: CliArgs): Omit<LintOptions, 'target'> {
  return {
    rules: args.rules,
    ...(args.config === undefined ? {} : { config: args.config }),
    ...(args.preset === undefined ? {} : { preset: args.preset }),
  };
}

export async function lintWithProgress(options: LintOptions): Promise<LintRun> {
  const progress = new ProgressLine(process.stderr, options.target.cwd);
  try {
    return await runLint({ ...options, onFile: (file) => { progress.file(file); } });
  } finally {
    progress.done();
  }
}
