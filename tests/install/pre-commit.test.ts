import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/run-bin.js';

// The hook as users get it: the pre-commit on PATH installs it from a git clone of this repository
// (HEAD, committed changes only) at a tag made by scripts/release-tag.mjs, then runs it. This takes
// minutes, not seconds: the release builds dist/, and pre-commit before 4.6.1 installs all the
// devDependencies in its clone.
const preCommitVersion = (() => {
  try {
    return execFileSync('pre-commit', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
})();

/** A check-then-create with no unique constraint behind it, as the install check lints it too. */
const racy = fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'install', 'tags.ts'), 'utf8');
const safe = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function addTag(name: string) {
  return prisma.tag.upsert({ where: { name }, create: { name }, update: {} });
}
`;
const schema = `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel Tag {\n  id   Int    @id\n  name String @unique\n}\n`;

let tmp = '';
afterAll(() => {
  if (tmp === '') return;
  fs.rmSync(path.join(tmp, 'hook', 'node_modules'), { force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
}, 120_000);

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const run = (command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = gitEnv) =>
  execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: 'pipe' });

describe('pre-commit hook', () => {
  it.runIf(preCommitVersion !== undefined || process.env.CI !== undefined)(
    `installs from a release tag with ${preCommitVersion ?? 'pre-commit'} and reports the race`,
    () => {
      if (preCommitVersion === undefined) {
        throw new Error('pre-commit is not on PATH: CI must install it (apt-get install -y pre-commit)');
      }
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'race-pre-commit-'));
      const hook = path.join(tmp, 'hook');
      run('git', ['clone', '--quiet', '--no-tags', repoRoot, hook], tmp);
      fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(hook, 'node_modules'), 'junction');
      run(process.execPath, ['scripts/release-tag.mjs'], hook);
      const tag = run('git', ['describe', '--tags', '--abbrev=0'], hook).trim();

      const project = path.join(tmp, 'project');
      fs.mkdirSync(path.join(project, 'src'), { recursive: true });
      fs.mkdirSync(path.join(project, 'prisma'));
      fs.writeFileSync(path.join(project, 'package.json'), '{}\n');
      fs.writeFileSync(path.join(project, 'prisma', 'schema.prisma'), schema.replace(' @unique', ''));
      fs.writeFileSync(path.join(project, 'src', 'tags.ts'), racy);
      fs.writeFileSync(
        path.join(project, '.pre-commit-config.yaml'),
        `repos:\n  - repo: ${JSON.stringify(hook)}\n    rev: ${tag}\n    hooks:\n      - id: race-lint\n`,
      );
      run('git', ['init', '--quiet'], project);
      run('git', ['add', '.'], project);

      const env = { ...gitEnv, PRE_COMMIT_HOME: path.join(tmp, 'cache'), NO_COLOR: '1' };
      const preCommit = () => spawnSync('pre-commit', ['run', '--all-files'], { cwd: project, env, encoding: 'utf8' });
      const found = preCommit();
      expect(found.stdout).toMatch(/^race-lint \(check-then-act races\)\.+Failed$/m);
      expect(found.stdout).toContain('race/no-check-then-create  1 finding in 1 file');
      expect(found.stdout).toContain('  src/tags.ts\n');
      expect(found.status, found.stdout + found.stderr).toBe(1);

      fs.writeFileSync(path.join(project, 'src', 'tags.ts'), safe);
      fs.writeFileSync(path.join(project, 'prisma', 'schema.prisma'), schema);
      run('git', ['add', '.'], project);
      const clean = preCommit();
      expect(clean.stdout).toMatch(/^race-lint \(check-then-act races\)\.+Passed$/m);
      expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    },
    600_000,
  );
});
