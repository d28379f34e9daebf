// Runs the built `race-lint` on examples/ as a user would, with the strict preset so that every
// rule has its race shown, and prints its findings. Exit code: 0 when the lint ran (findings are
// the point of the example), 2 when it could not run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli', 'main.js');
const { status } = spawnSync(process.execPath, [cli, 'examples', '--preset', 'strict'], { cwd: root, stdio: 'inherit' });
process.exitCode = status === 0 || status === 1 ? 0 : 2;
