import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import type { PresetName } from './args.js';
import { InputError } from './errors.js';
import { oneLine } from '../utils/messages.js';
import { ignoreConfigs } from './ignores.js';
import type { LintTarget } from './lint-target.js';
import { progressConfig } from './progress.js';
import { pluginConfig, ruleIds } from './rule-selection.js';
import { readSettings, SettingsError, type RaceSettings } from '../utils/settings.js';

export interface LintOptions {
  readonly target: LintTarget;
  /** The project's ESLint config; without it, the plugin's preset and no user config at all. */
  readonly config?: string;
  readonly preset?: PresetName;
  readonly rules: readonly string[];
  readonly onFile?: (filename: string) => void;
}

export interface LintRun {
  readonly eslint: ESLint;
  readonly results: ESLint.LintResult[];
  /** `settings.race` as the config gives it for a file, for schema lookups. */
  readonly settingsFor: (filename: string) => Promise<RaceSettings>;
}

export async function runLint(options: LintOptions): Promise<LintRun> {
  const eslint = await createESLint(options);
  let results: ESLint.LintResult[];
  try {
    results = (await eslint.lintFiles([...options.target.paths])).map(ownMessages);
  } catch (error) {
    throw asInputError(error) ?? error;
  }
  const settingsFor = async (filename: string): Promise<RaceSettings> => {
    const config = (await eslint.calculateConfigForFile(filename)) as Linter.Config | undefined;
    return readSettings(config?.settings ?? {});
  };
  return { eslint, results, settingsFor };
}

async function createESLint({ target, config, preset, rules, onFile }: LintOptions): Promise<ESLint> {
  const progress = onFile ? [progressConfig(onFile)] : [];
  // Ignored files give no result (and no hint about ESLint's flags): they were not linted.
  const shared = { cwd: target.cwd, errorOnUnmatchedPattern: false, warnIgnored: false };
  if (config === undefined) {
    return withoutLegacyIgnoreWarning(
      () =>
        new ESLint({
          ...shared,
          overrideConfigFile: true,
          overrideConfig: [...ignoreConfigs(target.cwd), pluginConfig(preset, rules), ...progress],
        }),
    );
  }
  const configFile = path.resolve(config);
  const chosen = ruleIds(rules);
  // The project's config brings parser, files and settings; only this plugin's rules run.
  const eslint = withoutLegacyIgnoreWarning(
    () =>
      new ESLint({
        ...shared,
        overrideConfigFile: configFile,
        overrideConfig: progress,
        ruleFilter: ({ ruleId }) =>
          ruleId === 'race-lint/progress' || (isRaceRule(ruleId) && (chosen.length === 0 || chosen.includes(ruleId))),
      }),
  );
  try {
    await eslint.calculateConfigForFile(path.join(target.cwd, 'race-lint-probe.js'));
  } catch (error) {
    throw new InputError(`cannot load ESLint config ${config}: ${oneLine(error)}`);
  }
  return eslint;
}

const isRaceRule = (ruleId: string): boolean => ruleId.startsWith('race/');

/**
 * A result with only this plugin's findings and the parse error, if any. A project's disable
 * comments name rules that do not run here ("Definition for rule … was not found") and unused
 * directives are reported without a rule: neither is a race finding.
 */
function ownMessages(result: ESLint.LintResult): ESLint.LintResult {
  const messages = result.messages.filter((message) => message.fatal === true || (message.ruleId !== null && isRaceRule(message.ruleId)));
  if (messages.length === result.messages.length) return result;
  const count = (severity: number, fixable?: 'fix'): number =>
    messages.filter((message) => message.severity === severity && (fixable === undefined || message.fix !== undefined)).length;
  return {
    ...result,
    messages,
    errorCount: count(2),
    fatalErrorCount: messages.filter((message) => message.fatal === true).length,
    warningCount: count(1),
    fixableErrorCount: count(2, 'fix'),
    fixableWarningCount: count(1, 'fix'),
  };
}

/**
 * ESLint warns on construction when the folder has a `.eslintignore`; here it is read as an
 * ignore file (zero-config) or left to the project's config, so the warning is only noise.
 */
function withoutLegacyIgnoreWarning<T>(create: () => T): T {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, and called with `process` below
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const code = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (code !== 'ESLintIgnoreWarning') Reflect.apply(emitWarning, process, [warning, ...rest]);
  });
  try {
    return create();
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * Bad input met while linting, as a one-line input error: malformed `settings.race` (ESLint adds
 * the file and rule on lines of their own), or a linted file that cannot be read.
 */
function asInputError(error: unknown): InputError | undefined {
  if (error instanceof SettingsError) return new InputError(error.message.split('\n')[0] ?? error.message);
  if (!(error instanceof Error)) return undefined;
  const { code, path: file } = error as NodeJS.ErrnoException;
  if (code === undefined || file === undefined) return undefined;
  return new InputError(`cannot read ${file}: ${code}`);
}
