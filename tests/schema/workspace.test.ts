import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveModule } from '../../src/analysis/modules.js';
import { projectSchemaFor } from '../../src/cli/schema-index.js';
import { expandGlobs, globPattern } from '../../src/schema/globs.js';
import { projectRootOf, yamlPackages } from '../../src/schema/workspace.js';
import { fixtureFile } from '../rule-tester.js';

const fixtures = path.dirname(path.dirname(fixtureFile('project')));
const workspaces = path.join(fixtures, 'workspaces');
const fixture = (...parts: string[]): string => path.join(workspaces, ...parts);

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temporary tree of the given files. */
function tree(files: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-workspace-'));
  made.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('workspace globs', () => {
  it('match a folder with *, ** and {a,b}, and ** also names the folder itself', () => {
    expect(globPattern('packages/*').test('packages/db')).toBe(true);
    expect(globPattern('packages/*').test('packages/db/sub')).toBe(false);
    expect(globPattern('./apps/**').test('apps/web/admin')).toBe(true);
    expect(globPattern('apps/**').test('apps')).toBe(true);
    expect(globPattern('**/test/**').test('packages/db/test/helpers')).toBe(true);
    expect(globPattern('tools/{cli,web}').test('tools/web')).toBe(true);
    expect(globPattern('tools/{cli,web}').test('tools/api')).toBe(false);
    expect(globPattern('docker').test('docker')).toBe(true);
  });

  it('expand to the folders that hold a package.json, without negated ones, dependencies or hidden folders', () => {
    const root = tree({
      'packages/a/package.json': '{}',
      'packages/b/package.json': '{}',
      'packages/no-manifest/index.ts': '',
      'packages/a/node_modules/dep/package.json': '{}',
      'apps/web/package.json': '{}',
      'apps/web/e2e/package.json': '{}',
      'apps/.cache/package.json': '{}',
      'docker/package.json': '{}',
    });
    const limits = { depth: 8, folders: 1000 };
    expect(expandGlobs(root, ['packages/*', '!packages/b', 'apps/**', 'docker'], limits)).toEqual([
      'apps/web',
      'apps/web/e2e',
      'docker',
      'packages/a',
    ]);
    expect(expandGlobs(root, ['packages/**', 'apps/*', '!**/e2e'], limits)).toEqual(['apps/web', 'packages/a', 'packages/b']);
  });

  it("reads pnpm-workspace.yaml's packages list by hand, block or flow form, quotes and comments", () => {
    expect(yamlPackages('# top\npackages:\n  - "apps/*"\n  - \'packages/*\' # libs\n  -   docker\n\ncatalog:\n  - nope\n')).toEqual([
      'apps/*',
      'packages/*',
      'docker',
    ]);
    expect(yamlPackages("packages: [apps/*, 'packages/*']\n")).toEqual(['apps/*', 'packages/*']);
    expect(yamlPackages('catalog:\n  prisma: 6.0.0\n')).toEqual([]);
  });
});

describe('the project root', () => {
  it("is the workspace root when a workspace lists the file's package (npm array, yarn object, pnpm yaml)", () => {
    expect(projectRootOf(fixture('npm', 'packages', 'api', 'src'), '/')).toMatchObject({
      root: fixture('npm'),
      workspace: { kind: 'package.json', globs: ['packages/*', '!packages/excluded'] },
    });
    expect(projectRootOf(fixture('yarn', 'apps', 'web', 'src'), '/')).toMatchObject({ root: fixture('yarn'), workspace: { kind: 'package.json' } });
    expect(projectRootOf(fixture('pnpm', 'services', 'api', 'src'), '/')).toMatchObject({
      root: fixture('pnpm'),
      workspace: { kind: 'pnpm-workspace.yaml' },
    });
  });

  it('is the nearest package.json for a package the workspace does not list, or outside any workspace', () => {
    expect(projectRootOf(fixture('npm', 'packages', 'excluded', 'prisma'), '/')).toEqual({ root: fixture('npm', 'packages', 'excluded') });
    expect(projectRootOf(path.dirname(fixtureFile('project', 'src/layers/use-case.ts')), '/')).toEqual({
      root: path.dirname(fixtureFile('project')),
    });
  });
});

describe('the schema of a workspace', () => {
  it("reads every package's sources, names each file's package, and leaves a negated package out", () => {
    const index = projectSchemaFor(fixture('npm', 'packages', 'api', 'src', 'signup.ts'), {}, workspaces);
    expect(index.root).toBe(fixture('npm'));
    expect(index.files).toEqual(['packages/db/prisma/schema.prisma']);
    expect(index.workspace?.packages.map((p) => p.name)).toEqual(['@npm-mono/api', '@npm-mono/db']);
    expect(index.packageOf('packages/db/prisma/schema.prisma')?.name).toBe('@npm-mono/db');
    expect(index.uniqueFor('user', ['email'])?.description).toBe('@unique on User.email');
    expect(index.uniqueFor('coupon', ['code'])).toBeUndefined();
  });

  it('finds a multi-file schema that prisma.config.ts names, and migrations in a package', () => {
    const pnpm = projectSchemaFor(fixture('pnpm', 'services', 'api', 'src', 'signup.ts'), {}, workspaces);
    expect(pnpm.files).toEqual(['packages/database/schema/main.prisma', 'packages/database/schema/users.prisma']);
    expect(pnpm.dialect).toBe('postgresql');
    const yarn = projectSchemaFor(fixture('yarn', 'apps', 'web', 'src', 'signup.ts'), {}, workspaces);
    expect(yarn.files).toEqual(['packages/database/migrations/0001_init.sql']);
    expect(yarn.uniqueFor('User', ['email'])?.description).toBe('users_email_key');
  });

  it('keeps settings.race.schema relative to the package, and settings.race.root a workspace when it is one', () => {
    const api = fixture('npm', 'packages', 'api', 'src', 'signup.ts');
    const named = projectSchemaFor(api, { schema: ['../db/prisma/schema.prisma'] }, workspaces);
    expect(named.root).toBe(fixture('npm', 'packages', 'api'));
    expect(named.files).toEqual(['../db/prisma/schema.prisma']);
    const rooted = projectSchemaFor(api, { root: fixture('npm') }, workspaces);
    expect(rooted.files).toEqual(['packages/db/prisma/schema.prisma']);
  });

  it('records a source that does not parse, with the line and a reason on one line', () => {
    const root = tree({
      'package.json': JSON.stringify({ workspaces: ['packages/*'] }),
      'packages/db/package.json': '{"name":"db"}',
      'packages/db/prisma/schema.prisma': 'model User {\n  id Int @id\n  email String @unique(\n',
      'packages/db/src/tag.ts': "import { Schema, model } from 'mongoose';\nexport const Tag = model('Tag', new Schema({ name: String });\n",
    });
    const index = projectSchemaFor(path.join(root, 'packages', 'db', 'src', 'x.ts'), {}, root);
    expect(index.errors).toEqual([
      { file: 'packages/db/prisma/schema.prisma', position: '3', reason: 'unexpected line break' },
      { file: 'packages/db/src/tag.ts', position: '2:61', reason: "')' expected." },
    ]);
  });
});

describe('bare imports of workspace packages', () => {
  it('resolve to the TypeScript source that main, types or exports name in build output', () => {
    const from = fixture('npm', 'packages', 'api', 'src', 'issue.ts');
    expect(resolveModule('@npm-mono/db', from)).toBe(fixture('npm', 'packages', 'db', 'src', 'index.ts'));
    expect(resolveModule('@yarn-mono/database/coupons', fixture('yarn', 'apps', 'web', 'src', 'issue.ts'))).toBe(
      fixture('yarn', 'packages', 'database', 'src', 'coupons.ts'),
    );
    expect(resolveModule('@pnpm-mono/database', fixture('pnpm', 'services', 'api', 'src', 'signup.ts'))).toBeUndefined();
  });

  it('leave other packages, and packages outside the workspace, to the adapters', () => {
    const from = fixture('npm', 'packages', 'api', 'src', 'issue.ts');
    expect(resolveModule('@prisma/client', from)).toBeUndefined();
    expect(resolveModule('node:fs', from)).toBeUndefined();
    expect(resolveModule('@npm-mono/excluded', from)).toBeUndefined();
  });

  it('follow exports patterns and conditions, and a subpath without exports', () => {
    const root = tree({
      'pnpm-workspace.yaml': 'packages:\n  - libs/*\n',
      'package.json': '{}',
      'libs/db/package.json': JSON.stringify({
        name: '@x/db',
        exports: { './models/*': { types: './build/models/*.d.ts', require: './build/models/*.cjs' }, './package.json': './package.json' },
      }),
      'libs/db/src/models/user.ts': 'export const user = 1;\n',
      'libs/plain/package.json': JSON.stringify({ name: 'plain' }),
      'libs/plain/src/index.ts': 'export {};\n',
      'libs/plain/src/helpers.ts': 'export {};\n',
      'app/package.json': '{}',
      'libs/app/package.json': '{"name":"app"}',
      'libs/app/main.ts': '',
    });
    const from = path.join(root, 'libs', 'app', 'main.ts');
    expect(resolveModule('@x/db/models/user', from)).toBe(path.join(root, 'libs', 'db', 'src', 'models', 'user.ts'));
    expect(resolveModule('plain', from)).toBe(path.join(root, 'libs', 'plain', 'src', 'index.ts'));
    expect(resolveModule('plain/helpers', from)).toBe(path.join(root, 'libs', 'plain', 'src', 'helpers.ts'));
  });
});
