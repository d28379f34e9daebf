import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { fixtureFile } from '../rule-tester.js';

// One ESLint instance, as an editor's ESLint server keeps it: what it reads for the schema and for
// summaries is checked against the disk at most once a second, so a change is seen without a restart.

const npmWorkspace = path.join(path.dirname(path.dirname(fixtureFile('project'))), 'workspaces', 'npm');
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function copyOfWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-reload-'));
  made.push(dir);
  fs.cpSync(npmWorkspace, dir, { recursive: true });
  return dir;
}

function linter(cwd: string): (file: string) => Promise<string[]> {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
  return async (file) => {
    const [result] = await eslint.lintFiles([file]);
    return result?.messages.map((message) => message.message.replace(/\s+/g, ' ')) ?? [];
  };
}

/** Just over the interval at which the disk is checked again. */
const pastRecheck = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 1100);
  });

const edit = (file: string, from: string, to: string): void => {
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
};

describe.concurrent('one ESLint instance across changes on disk', () => {
  it('sees @unique added to the schema of another workspace package', async () => {
    const root = copyOfWorkspace();
    const lint = linter(root);
    const issue = 'packages/api/src/issue.ts';
    const [before] = await lint(issue);
    expect(before).toContain('No unique constraint on Coupon (code) was found in packages/db/prisma/schema.prisma.');
    edit(path.join(root, 'packages/db/prisma/schema.prisma'), '  code   String\n', '  code   String @unique\n');
    await pastRecheck();
    const [after] = await lint(issue);
    expect(after).toContain('The unique constraint @unique on Coupon.code (packages/db/prisma/schema.prisma) stops the duplicate');
  });

  it('sees a schema source that did not exist: a new migration in a package', async () => {
    const root = copyOfWorkspace();
    const lint = linter(root);
    const issue = 'packages/api/src/issue.ts';
    expect((await lint(issue))[0]).toContain('No unique constraint on Coupon (code)');
    fs.mkdirSync(path.join(root, 'packages/db/migrations'));
    fs.writeFileSync(path.join(root, 'packages/db/migrations/0002_coupon_code.sql'), 'CREATE UNIQUE INDEX "Coupon_code_key" ON "Coupon"("code");\n');
    await pastRecheck();
    expect((await lint(issue))[0]).toContain('The unique constraint Coupon_code_key (packages/db/migrations/0002_coupon_code.sql)');
  });

  it('sees a change two calls deep: a helper of a helper now upserts', async () => {
    const root = copyOfWorkspace();
    fs.writeFileSync(
      path.join(root, 'packages/db/src/service.ts'),
      "import { insertCoupon } from './coupons.js';\n\nexport async function addCoupon(code: string, amount: number) {\n  return insertCoupon(code, amount);\n}\n",
    );
    fs.writeFileSync(
      path.join(root, 'packages/api/src/issue-later.ts'),
      "import { findCoupon } from '@npm-mono/db';\nimport { addCoupon } from '@npm-mono/db/src/service';\n\nexport async function issue(code: string, amount: number) {\n  if (await findCoupon(code)) throw new Error('taken');\n  await addCoupon(code, amount);\n}\n",
    );
    const lint = linter(root);
    const [before] = await lint('packages/api/src/issue-later.ts');
    expect(before).toContain('addCoupon() → insertCoupon() → prisma.coupon.create');
    edit(
      path.join(root, 'packages/db/src/coupons.ts'),
      'return prisma.coupon.create({ data: { code, amount } });',
      'return prisma.coupon.upsert({ where: { code }, create: { code, amount }, update: {} });',
    );
    await pastRecheck();
    expect(await lint('packages/api/src/issue-later.ts')).toEqual([]);
  });
});
