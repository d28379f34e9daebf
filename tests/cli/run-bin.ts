import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.join(import.meta.dirname, '..', '..');
export const examplesDir = path.join(repoRoot, 'examples');
const bin = path.join(repoRoot, 'dist', 'cli', 'main.js');

/** `npm test` builds before vitest runs; a lone `vitest` run builds here when dist is missing. */
export function ensureBuilt(): void {
  if (!fs.existsSync(bin)) execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'ignore' });
}

export interface BinResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `race-lint` as a user would: a subprocess in a folder, without colours. */
export function raceLint(args: readonly string[], cwd: string): Promise<BinResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

const made: string[] = [];

/** A fresh project in the system's temporary folder: a copy of `from`, or the given files. */
export function tempProject(from: string | Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-lint-'));
  made.push(dir);
  if (typeof from === 'string') {
    fs.cpSync(from, dir, { recursive: true });
    return dir;
  }
  for (const [file, text] of Object.entries(from)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

export function removeTempProjects(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Output with the terminal-width line wrapping undone, for matching whole messages. */
export const unwrapped = (text: string): string => text.replace(/\s+/g, ' ');
