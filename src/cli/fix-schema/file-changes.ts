import fs from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';

/** A proposed file: new (no `before`) or edited. Paths are absolute. */
export interface FileChange {
  readonly file: string;
  readonly before?: string;
  readonly after: string;
}

export function unifiedDiff(change: FileChange, cwd: string): string {
  const name = path.relative(cwd, change.file);
  const from = change.before === undefined ? '/dev/null' : `a/${name}`;
  return createTwoFilesPatch(from, `b/${name}`, change.before ?? '', change.after, undefined, undefined, { context: 3 })
    .split('\n')
    .slice(1) // the "===" separator line
    .join('\n')
    .trimEnd();
}

/**
 * Writes every change or none: each is first written beside its target, and only when all are
 * written are they renamed into place (a rename within a folder does not fail half-way).
 */
export function writeAll(changes: readonly FileChange[]): void {
  const staged: { temporary: string; file: string }[] = [];
  const created = new Set<string>();
  try {
    for (const change of changes) {
      const folder = path.dirname(change.file);
      if (!fs.existsSync(folder)) {
        fs.mkdirSync(folder, { recursive: true });
        created.add(folder);
      }
      if (change.before === undefined && fs.existsSync(change.file)) throw new Error(`${change.file} already exists`);
      const temporary = path.join(folder, `.${path.basename(change.file)}.race-lint-${process.pid}`);
      fs.writeFileSync(temporary, change.after);
      staged.push({ temporary, file: change.file });
    }
  } catch (error) {
    for (const { temporary } of staged) fs.rmSync(temporary, { force: true });
    for (const folder of created) fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  for (const { temporary, file } of staged) fs.renameSync(temporary, file);
}
