/** Bad input (a missing path, a broken config, an unknown option): one line, exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Past this, a message from another tool is cut: a one-line error must stay readable. */
const maxLength = 400;

/**
 * An error's message on one line, for reports of errors from other tools: ESLint's config errors
 * give the key on one line and the reason on the next.
 */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const text = message.split('\n').map((line) => line.trim()).filter((line) => line !== '').join(' ');
  if (text === '') return 'unknown error';
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
