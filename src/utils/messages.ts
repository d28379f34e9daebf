/** Past this, a message from another tool is cut: a one-line report must stay readable. */
const maxLength = 400;

/**
 * An error's message on one line, for reports of errors from other tools (parsers, ESLint's config
 * errors, which give the key on one line and the reason on the next).
 */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const text = message.split('\n').map((line) => line.trim()).filter((line) => line !== '').join(' ');
  if (text === '') return 'unknown error';
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
