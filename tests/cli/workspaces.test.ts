import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, raceLint, removeTempProjects, repoRoot, tempProject, unwrapped } from './run-bin.js';

beforeAll(ensureBuilt);
afterAll(removeTempProjects);

// Monorepos whose schema lives in one workspace package and whose racy code lives in another.
const workspace = (kind: 'npm' | 'yarn' | 'pnpm'): string => path.join(repoRoot, 'tests', 'fixtures', 'workspaces', kind);

describe.concurrent('race-lint in a monorepo', () => {
  it('npm workspaces: the unique constraint of packages/db covers packages/api, and a bare workspace import is summarised', async () => {
    const { code, stdout } = await raceLint([], workspace('npm'));
    const text = unwrapped(stdout);
    expect(code).toBe(1);
    expect(text).toContain(
      'The unique constraint @unique on User.email (packages/db/prisma/schema.prisma) stops the duplicate, but the losing call fails',
    );
    // issue.ts imports '@npm-mono/db', whose package.json names dist/; the source under src/ is read.
    expect(text).toContain('run `findCoupon() → prisma.coupon.findFirst` (line 4)');
    expect(text).toContain('No unique constraint on Coupon (code) was found in packages/db/prisma/schema.prisma.');
    // packages/excluded declares Coupon.code unique, but the workspace negates it.
    expect(text).not.toContain('packages/excluded');
    expect(text).not.toContain('No schema source was found');
  });

  it('npm workspaces: linted from inside a package, the schema is still the workspace one', async () => {
    const { stdout } = await raceLint(['src'], path.join(workspace('npm'), 'packages', 'api'));
    expect(unwrapped(stdout)).toContain('The unique constraint @unique on User.email (packages/db/prisma/schema.prisma)');
  });

  it('yarn workspaces { packages }: migrations of packages/database cover apps/web, through an exports subpath', async () => {
    const { code, stdout } = await raceLint([], workspace('yarn'));
    const text = unwrapped(stdout);
    expect(code).toBe(1);
    expect(text).toContain('The unique constraint users_email_key (packages/database/migrations/0001_init.sql) stops the duplicate');
    expect(text).toContain('before either runs `insertCoupon() → prisma.coupon.create` (line 5)');
    expect(text).toContain('No unique constraint on coupons (code) was found in packages/database/migrations/0001_init.sql.');
  });

  it('pnpm-workspace.yaml: the multi-file schema that prisma.config.ts names covers services/api', async () => {
    const { code, stdout } = await raceLint([], workspace('pnpm'));
    const text = unwrapped(stdout);
    expect(code).toBe(1);
    expect(text).toContain('The unique constraint @unique on User.email (packages/database/schema/users.prisma) stops the duplicate');
    expect(text).toContain('No unique constraint on Coupon (code) was found in packages/database/schema/users.prisma.');
  });
});

describe.concurrent('race-lint schema in a monorepo', () => {
  it('names the workspace and the package each file came from', async () => {
    const { code, stdout } = await raceLint(['schema'], workspace('pnpm'));
    expect(code).toBe(0);
    expect(stdout).toContain('Workspace root: . (2 packages listed in pnpm-workspace.yaml)\nDialect: postgresql\n');
    expect(stdout).toContain(
      [
        'Files read (2 files, from 1 of 2 workspace packages):',
        '  @pnpm-mono/database (packages/database): 2 files',
        '    packages/database/schema/main.prisma',
        '    packages/database/schema/users.prisma',
      ].join('\n'),
    );
    expect(stdout).toMatch(/^ {2}User +\(email\) +@unique on User\.email +packages\/database\/schema\/users\.prisma$/m);
  });

  it('gives the package of each file in JSON', async () => {
    const { code, stdout } = await raceLint(['schema', '--format', 'json'], path.join(workspace('npm'), 'packages', 'api'));
    expect(code).toBe(0);
    const schema = JSON.parse(stdout) as { workspace: { kind: string; packages: { name: string; dir: string }[] }; sources: unknown[] };
    expect(schema.workspace).toEqual({
      kind: 'package.json',
      packages: [
        { name: '@npm-mono/api', dir: 'packages/api' },
        { name: '@npm-mono/db', dir: 'packages/db' },
      ],
    });
    expect(schema.sources).toEqual([{ file: 'packages/db/prisma/schema.prisma', package: '@npm-mono/db' }]);
  });

  it('stops at a broken schema in a package: one line on stderr naming the file, nothing on stdout, exit 2', async () => {
    const dir = tempProject({
      'package.json': JSON.stringify({ private: true, workspaces: ['packages/*'] }),
      'packages/db/package.json': JSON.stringify({ name: 'db' }),
      'packages/db/prisma/schema.prisma': 'model User {\n  id    Int    @id\n  email String @unique(\n}\n',
      'packages/api/package.json': JSON.stringify({ name: 'api' }),
    });
    const { code, stdout, stderr } = await raceLint(['schema'], dir);
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'race-lint: cannot parse packages/db/prisma/schema.prisma:3: unexpected line break\n',
    });
  });

  it('race-lint stops at a broken schema as well: one line, exit 2', async () => {
    const dir = tempProject({
      'package.json': '{}',
      'prisma/schema.prisma': 'model User {\n  id    Int    @id\n  email String @unique(\n}\n',
      'src/signup.ts':
        "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport async function signUp(email: string) {\n  if (await prisma.user.findFirst({ where: { email } })) return;\n  await prisma.user.create({ data: { email } });\n}\n",
    });
    const { code, stderr } = await raceLint([], dir);
    expect({ code, stderr }).toEqual({ code: 2, stderr: 'race-lint: cannot parse prisma/schema.prisma:3: unexpected line break\n' });
  });
});
