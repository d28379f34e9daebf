/** Bad input (a missing path, a broken config, an unknown option): one line, exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}

/** The first line of an error's message, for one-line reports of errors from other tools. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}
