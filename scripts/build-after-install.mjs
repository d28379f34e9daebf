// npm's `dependencies` script: npm runs it in this checkout after `npm install` or `npm ci` changed
// node_modules, never when the package is installed as a dependency, globally, or packed. It
// builds dist/, unless the checkout is a release tag, whose commit carries dist/ already (see
// release-tag.mjs). It takes the place of `prepare`, which `npm pack` runs too: with npm 11 the
// lifecycle banner then lands on `npm pack`'s stdout, where pre-commit before 4.6.1 reads the
// tarball's name.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
let tracked = false;
try {
  execFileSync('git', ['ls-files', '--error-unmatch', 'dist/cli/main.js'], { cwd: root, stdio: 'ignore' });
  tracked = true;
} catch {
  // not a git checkout, or dist/ is not in it: build
}
if (!tracked) {
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm, 'run', 'build']] : ['npm', ['run', 'build']];
  try {
    execFileSync(command, args, { cwd: root, stdio: 'inherit', shell: !npm && process.platform === 'win32' });
  } catch (error) {
    process.exit(typeof error.status === 'number' ? error.status : 1);
  }
}
