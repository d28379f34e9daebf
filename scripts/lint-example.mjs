// Runs the built `race-lint` on examples/ as a user would and shows its findings. Exit code: 0
// when the lint ran (findings are the point of the example), 2 when it could not run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { status } = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'main.js'), 'examples'], {
  cwd: root,
  stdio: 'inherit',
});
process.exitCode = status === 0 || status === 1 ? 0 : 2;
