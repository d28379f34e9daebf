import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import type { PresetName } from './args.js';
import { firstLine, InputError } from './errors.js';
import { ignoreConfigs } from './ignores.js';
import type { LintTarget } from './lint-target.js';
import { progressConfig } from './progress.js';
import { pluginConfig, ruleIds } from './rule-selection.js';
import { readSettings, type RaceSettings } from '../utils/settings.js';

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
  settingsFor(filename: string): Promise<RaceSettings>;
}

export async function runLint(options: LintOptions): Promise<LintRun> {
  const eslint = await createESLint(options);
  let results: ESLint.LintResult[];
  try {
    results = await eslint.lintFiles([...options.target.paths]);
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
  const shared = { cwd: target.cwd, errorOnUnmatchedPattern: false };
  if (config === undefined) {
    return new ESLint({
      ...shared,
      overrideConfigFile: true,
      overrideConfig: [...ignoreConfigs(target.cwd), pluginConfig(preset, rules), ...progress],
    });
  }
  const configFile = path.resolve(config);
  const chosen = ruleIds(rules);
  // The project's config brings parser, files and settings; only this plugin's rules run.
  const eslint = new ESLint({
    ...shared,
    overrideConfigFile: configFile,
    overrideConfig: progress,
    ruleFilter: ({ ruleId }) =>
      ruleId === 'race-lint/progress' || (ruleId.startsWith('race/') && (chosen.length === 0 || chosen.includes(ruleId))),
  });
  try {
    await eslint.calculateConfigForFile(path.join(target.cwd, 'race-lint-probe.js'));
  } catch (error) {
    throw new InputError(`cannot load ESLint config ${config}: ${firstLine(error)}`);
  }
  return eslint;
}

/** A file-system error raised while reading a linted file, as a one-line input error. */
function asInputError(error: unknown): InputError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path: file } = error as NodeJS.ErrnoException;
  if (code === undefined || file === undefined) return undefined;
  return new InputError(`cannot read ${file}: ${code}`);
}
