/** Case, underscores, dashes and quotes do not matter when code and schema name a column. */
export function normalizeName(name: string): string {
  return name.replace(/["'`[\]\s_-]/g, '').toLowerCase();
}

/** `User`, `users`, `user_accounts` and `UserAccount` name the same resource. */
export function normalizeResource(name: string): string {
  const base = normalizeName(name.slice(name.lastIndexOf('.') + 1));
  if (base.endsWith('ies')) return `${base.slice(0, -3)}y`;
  if (base.endsWith('sses')) return base.slice(0, -2);
  if (base.endsWith('s') && !base.endsWith('ss')) return base.slice(0, -1);
  return base;
}

export function sameResource(a: string, b: string): boolean {
  return normalizeResource(a) === normalizeResource(b);
}
