import fs from 'fs-extra';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';

const dist = path.resolve('dist');

// Two builds started together: the second rmSync throws ENOENT.
export function cleanDist() {
  if (existsSync(dist)) rmSync(dist, { recursive: true }); // expect: race/no-fs-toctou
}

export function cleanDistForced() {
  rmSync(dist, { recursive: true, force: true }); // safe: race/no-fs-toctou
}

// fs-extra: remove and ensureDir settle the path in one call.
export async function resetDist() {
  if (await fs.pathExists(dist)) await fs.remove(dist); // safe: race/no-fs-toctou
  await fs.ensureDir(dist);
}

// fs-extra: copying the manifest only when the target has none, replacing one made meanwhile.
export async function copyManifest() {
  const target = path.join(dist, 'manifest.json');
  if (!(await fs.pathExists(target))) {
    await fs.copy('manifest.json', target); // expect: race/no-fs-toctou
  }
}

// The copy's source is checked, the destination is another path.
export async function copyAssets() {
  if (await fs.pathExists('assets')) await fs.copy('assets', path.join(dist, 'assets')); // safe: race/no-fs-toctou
}
