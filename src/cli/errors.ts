/** Bad input (a missing path, a broken config, an unknown option): one line, exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}
