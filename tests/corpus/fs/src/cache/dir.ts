import * as fs from 'node:fs';
import { access, readFile, stat, unlink, writeFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const cacheRoot = path.join(os.homedir(), '.cache', 'mytool');

// Every worker process calls this at start-up.
export function ensureCacheDir(): string {
  if (!fs.existsSync(cacheRoot)) fs.mkdirSync(cacheRoot); // expect: race/no-fs-toctou
  return cacheRoot;
}

export function ensureCacheDirSafely(): string {
  fs.mkdirSync(cacheRoot, { recursive: true }); // safe: race/no-fs-toctou
  return cacheRoot;
}

async function isCached(key: string): Promise<boolean> {
  try {
    await access(path.join(cacheRoot, key));
    return true;
  } catch {
    return false;
  }
}

// A cache hit is read; only a miss computes and writes.
export async function cached(key: string, compute: () => Promise<string>): Promise<string> {
  const file = path.join(cacheRoot, key);
  if (fs.existsSync(file)) return readFile(file, 'utf8'); // safe: race/no-fs-toctou
  const value = await compute();
  await writeFile(file, value); // safe: race/no-fs-toctou
  return value;
}

// The helper checks the path it builds itself; the caller writes a path of its own.
export async function warm(key: string, value: string) {
  if (!(await isCached(key))) await writeFile(path.join(cacheRoot, 'tmp', key), value); // safe: race/no-fs-toctou
}

// Two cleaners racing over the same folder: the loser's unlink throws ENOENT.
export async function evictOlderThan(ms: number) {
  const cutoff = Date.now() - ms;
  for (const name of await readdir(cacheRoot)) {
    const file = path.join(cacheRoot, name);
    const info = await stat(file);
    if (info.mtimeMs < cutoff) await unlink(file); // expect: race/no-fs-toctou
  }
}

// The same sweep with ENOENT handled where it is raised.
export async function evictQuietly(ms: number) {
  const cutoff = Date.now() - ms;
  for (const name of await readdir(cacheRoot)) {
    const file = path.join(cacheRoot, name);
    const info = await stat(file).catch(() => null);
    if (!info || info.mtimeMs >= cutoff) continue;
    try {
      await unlink(file); // safe: race/no-fs-toctou
    } catch (error) {
      if (!(error instanceof Object && 'code' in error && error.code === 'ENOENT')) throw error;
    }
  }
}
