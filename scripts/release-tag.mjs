// `node scripts/release-tag.mjs`: tags the release `v<version of package.json>` so that git installs
// of it work, then `git push origin <branch> v<version>`.
//
// pre-commit 4.6.1 and later install a `language: node` hook with
// `npm install -g git+file://<clone>`. Under -g npm does not install the clone's devDependencies
// before packing it (npm/cli#8440), so nothing can run tsc there: the built dist/ has to be in the
// tagged commit. The tag goes on a commit "HEAD + dist/", and the branch moves on to a commit that
// drops dist/ again: the tag stays an ancestor of the branch (`pre-commit autoupdate` only sees tags
// reachable from the default branch), and the branch's tree, the index and the working tree stay as
// they were. dist/ is built from HEAD's files, not from the working tree.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const gitIn = (cwd, args, env = process.env) => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
const git = (args, env) => gitIn(root, args, env);

const head = git(['rev-parse', 'HEAD']);
const tag = `v${JSON.parse(git(['show', `${head}:package.json`])).version}`;
if (git(['tag', '--list', tag]) !== '') {
  console.error(`release-tag: ${tag} exists already`);
  process.exit(1);
}
let ref = 'HEAD';
try {
  ref = git(['symbolic-ref', '--quiet', 'HEAD']);
} catch {
  // a detached HEAD moves itself
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'race-release-'));
try {
  const env = { ...process.env, GIT_INDEX_FILE: path.join(tmp, 'index') };
  const tree = path.join(tmp, 'tree');
  fs.mkdirSync(tree);
  const gitDir = git(['rev-parse', '--absolute-git-dir']);
  const inTree = (args) => gitIn(tree, ['--git-dir', gitDir, '--work-tree', tree, ...args], env);
  inTree(['read-tree', head]);
  inTree(['checkout-index', '--all']);
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(tree, 'node_modules'), 'junction');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: tree,
    stdio: 'inherit',
  });
  inTree(['add', '--force', 'dist']);
  const withDist = inTree(['write-tree']);
  const tagged = git(['commit-tree', withDist, '-p', head, '-m', `${tag}, with its built dist/ for git installs (pre-commit)`]);
  const after = git(['commit-tree', `${head}^{tree}`, '-p', tagged, '-m', `After ${tag}: dist/ untracked again`]);
  git(['tag', tag, tagged]);
  git(['update-ref', '-m', `release-tag ${tag}`, ref, after, head]);
  console.log(`${tag} -> ${tagged.slice(0, 12)} (with dist/); ${ref} -> ${after.slice(0, 12)}`);
} finally {
  fs.rmSync(path.join(tmp, 'tree', 'node_modules'), { force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
}
