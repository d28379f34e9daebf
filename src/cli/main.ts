#!/usr/bin/env node
import { parseCliArgs, usage, type CliArgs } from './args.js';
import { InputError } from './errors.js';
import { oneLine } from '../utils/messages.js';
import { packageVersion } from './version.js';

type Command = (args: CliArgs) => Promise<number>;

// Loaded on demand: ESLint and TypeScript take a second to load, usage errors need neither.
const commands: Record<CliArgs['command'], () => Promise<Command>> = {
  lint: async () => (await import('./commands/lint.js')).lintCommand,
  schema: async () => (await import('./commands/schema.js')).schemaCommand,
  'fix-schema': async () => (await import('./commands/fix-schema.js')).fixSchemaCommand,
};

async function main(argv: readonly string[]): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${packageVersion}\n`);
    return 0;
  }
  const command = await commands[args.command]();
  return command(args);
}

// A reader that stops early (`race-lint schema | head`) closes the pipe: the rest of the output
// has nowhere to go, and the command still ends with its own exit code.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const detail = error instanceof InputError ? error.message : `internal error: ${oneLine(error)}`;
    process.stderr.write(`race-lint: ${detail}\n`);
    if (process.env.RACE_LINT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exitCode = 2;
  },
);
