import type { ESLint, Linter, Rule } from 'eslint';

/**
 * A rule that reports nothing and only notes each file ESLint starts, since the ESLint class has
 * no progress callback. Its config object names no `files`, so it adds no files to the lint.
 */
export function progressConfig(onFile: (filename: string) => void): Linter.Config {
  const rule: Rule.RuleModule = {
    meta: { type: 'problem', schema: [] },
    create(context) {
      onFile(context.filename);
      return {};
    },
  };
  const plugin: ESLint.Plugin = { rules: { progress: rule } };
  return { name: 'race-lint/progress', plugins: { 'race-lint': plugin }, rules: { 'race-lint/progress': 'warn' } };
}

/** A one-line counter on a terminal's stderr, shown once a run takes longer than a moment. */
export class ProgressLine {
  private count = 0;
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly cwd: string,
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY;
  }

  file(filename: string): void {
    this.count += 1;
    const now = Date.now();
    if (!this.enabled || now - this.started < 500 || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const relative = filename.startsWith(this.cwd) ? filename.slice(this.cwd.length + 1) : filename;
    const line = `race-lint: ${this.count} files linted, now ${relative}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns || 80) - 1)}\x1b[K`);
  }

  done(): void {
    if (this.enabled && this.lastDraw > 0) this.stream.write('\r\x1b[K');
  }
}
