import { parseArgs } from 'node:util';
import { InputError } from './errors.js';

export const commands = ['lint', 'schema', 'fix-schema'] as const;
export const formats = ['stylish', 'json', 'sarif'] as const;
export const presets = ['recommended', 'strict', 'all'] as const;

export type Command = (typeof commands)[number];
export type Format = (typeof formats)[number];
export type PresetName = (typeof presets)[number];

export interface CliArgs {
  readonly command: Command;
  readonly paths: readonly string[];
  readonly format: Format;
  readonly config?: string;
  readonly rules: readonly string[];
  readonly preset?: PresetName;
  readonly write: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export const usage = `Usage: race-lint [command] [options] [paths...]

Commands:
  (none)                 lint the paths (default: .) with the recommended rules, no config needed
  schema [path]          list the unique constraints, models and dialect found for a project
  fix-schema [paths...]  propose the unique constraints that no-check-then-create reports missing

Options:
  --format <name>        stylish (default), json or sarif (lint); stylish or json (schema)
  --config <file>        use this ESLint config (its parser, files, settings) instead of the preset
  --preset <name>        recommended (default), strict or all
  --rule <id>            run only this rule (repeatable), e.g. --rule no-check-then-create
  --write                fix-schema: write the proposed changes instead of showing them
  -h, --help             show this help
  -v, --version          show the version

Exit codes: 0 no findings, 1 findings (or schema changes left to make), 2 bad input or crash.`;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        preset: { type: 'string' },
        rule: { type: 'string', multiple: true },
        write: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new InputError(argumentError(error));
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  const command = oneOf(commands, first, undefined);
  const format = oneOf(formats, values.format, '--format') ?? 'stylish';
  const preset = oneOf(presets, values.preset, '--preset');
  if (values.config !== undefined && preset !== undefined) {
    throw new InputError('--preset and --config exclude each other: the config chooses the rules');
  }
  return {
    command: command ?? 'lint',
    paths: command ? rest : positionals,
    format,
    ...(values.config === undefined ? {} : { config: values.config }),
    rules: values.rule ?? [],
    ...(preset ? { preset } : {}),
    write: values.write ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

/** Node's parseArgs errors, reworded: its unknown-option message suggests a quoting it leaves unbalanced. */
function argumentError(error: unknown): string {
  const { code, message = String(error) } = error as { code?: string; message?: string };
  const option = /'(-[^',]*)'/.exec(message)?.[1] ?? /--[\w-]+/.exec(message)?.[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}; race-lint --help lists the options`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${option} ${message.includes('argument missing') ? 'needs a value' : 'takes no value'}`;
  return message;
}

/** The value when it is one of the choices; an error naming the option when it is not. */
function oneOf<T extends string>(choices: readonly T[], value: string | undefined, option: string | undefined): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  if (option === undefined) return undefined;
  throw new InputError(`${option} must be one of ${choices.join(', ')}, not "${value}"`);
}
