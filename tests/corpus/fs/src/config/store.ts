import { access, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface Settings {
  theme: string;
  telemetry: boolean;
}
const fallback: Settings = { theme: 'light', telemetry: false };

// Load, or seed the defaults and return them: a cache fill. Racing processes write the same
// defaults, and where the check found the file it is only read.
export async function loadOrCreate(dir: string): Promise<Settings> {
  const file = path.join(dir, 'settings.json');
  try {
    await access(file);
  } catch {
    await writeFile(file, JSON.stringify(fallback)); // safe: race/no-fs-toctou
    return fallback;
  }
  return JSON.parse(await readFile(file, 'utf8')) as Settings;
}

// Read (or default), merge, write back: the write runs whatever the check said.
export async function setTheme(dir: string, theme: string) {
  const file = path.join(dir, 'settings.json');
  const current: Settings = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : fallback;
  await writeFile(file, JSON.stringify({ ...current, theme })); // safe: race/no-fs-toctou
}

// Publish a generated file unless one is there: rename replaces whatever appeared meanwhile.
export function publish(tmp: string, dir: string) {
  const dest = path.join(dir, 'settings.json');
  if (!existsSync(dest)) renameSync(tmp, dest); // expect: race/no-fs-toctou
}

// Write to a temporary file and rename it over the target: no check, no race.
export async function saveAtomically(dir: string, settings: Settings) {
  const file = path.join(dir, 'settings.json');
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(settings));
  await rename(tmp, file); // safe: race/no-fs-toctou
}

// A config written only by the installer, checked at a different path.
export function writeDefaults(dir: string) {
  if (existsSync(path.join(dir, '.installed'))) return;
  writeFileSync(path.join(dir, 'defaults.json'), JSON.stringify(fallback)); // safe: race/no-fs-toctou
}

// First run generates a signing secret: a second process in between writes another one, and the
// first goes on signing with a key that is no longer on disk.
export async function ensureSecret(dir: string) {
  const file = path.join(dir, 'secret.key');
  try {
    await access(file);
    return;
  } catch {}
  await writeFile(file, randomBytes(32).toString('hex'), { mode: 0o600 }); // expect: race/no-fs-toctou
}
