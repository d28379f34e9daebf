import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { oneLine } from '../../utils/messages.js';

export interface Finding {
  readonly ruleId: string;
  /** Relative to the lint's base folder. */
  readonly file: string;
  readonly message: Linter.LintMessage;
}

/** Rule reports, without parse errors (which have no rule). */
export function findingsOf(results: readonly ESLint.LintResult[], cwd: string): Finding[] {
  return results.flatMap((result) =>
    result.messages.flatMap((message) =>
      message.ruleId && !message.fatal ? [{ ruleId: message.ruleId, file: path.relative(cwd, result.filePath), message }] : [],
    ),
  );
}

/** Messages that stopped a file from being linted: syntax errors. */
export function parseErrorsOf(results: readonly ESLint.LintResult[], cwd: string): string[] {
  return results.flatMap((result) =>
    result.messages
      .filter((message) => message.fatal)
      .map((message) => `cannot parse ${path.relative(cwd, result.filePath)}${positionOf(message)}: ${oneLine(message.message)}`),
  );
}

/** `:line:column` when the parser gave one (a stack overflow gives none). */
function positionOf(message: Linter.LintMessage): string {
  return Number.isInteger(message.line) && message.line > 0 ? `:${message.line}:${message.column}` : '';
}

/** Items grouped by a key, groups and items in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    groups.set(name, [...(groups.get(name) ?? []), item]);
  }
  return groups;
}
