import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, examplesDir, unwrapped, raceLint, removeTempProjects, repoRoot, tempProject } from './run-bin.js';

beforeAll(ensureBuilt);
afterAll(removeTempProjects);

const racyCreate = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function addTag(name: string) {
  const existing = await prisma.tag.findFirst({ where: { name } });
  if (existing) return existing;
  return prisma.tag.create({ data: { name } });
}
`;
const tagSchema = `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel Tag {\n  id   Int    @id\n  name String\n}\n`;

describe.concurrent('race-lint [paths...]', () => {
  it('lints the example with no config: findings grouped by rule and file, a summary, exit 1', async () => {
    const { code, stdout } = await raceLint(['examples'], repoRoot);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^race\/no-check-then-create {2}\d+ findings in \d+ files$/m);
    expect(stdout).toMatch(/^race\/no-read-modify-write {2}\d+ findings? in \d+ files?$/m);
    expect(stdout).toContain('  examples/src/routes/coupons.ts\n');
    expect(unwrapped(stdout)).toContain('No unique constraint on coupon (code) was found in prisma/schema.prisma');
    expect(stdout).toMatch(/^rule +findings +files\n(?:.+\n)+total +\d+ +\d+$/m);
    expect(stdout).toContain('race-lint fix-schema');
  });

  it('prints ESLint JSON results with --format json', async () => {
    const { code, stdout } = await raceLint(['--format', 'json', 'src'], examplesDir);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const coupons = results.find((result) => result.filePath.endsWith(path.join('routes', 'coupons.ts')));
    expect(coupons?.messages.map((message) => message.ruleId)).toEqual(['race/no-check-then-create']);
  });

  it('prints SARIF 2.1.0 for code scanning with --format sarif', async () => {
    const { code, stdout } = await raceLint(['--format', 'sarif'], examplesDir);
    expect(code).toBe(1);
    const log = JSON.parse(stdout) as SarifLog;
    expect(log.version).toBe('2.1.0');
    const [run] = log.runs;
    expect(run?.tool.driver.rules.map((rule) => rule.id)).toContain('race/no-check-then-create');
    expect(run?.results.length).toBeGreaterThan(0);
    expect(run?.results.some((result) => result.message.text.startsWith('Two concurrent calls'))).toBe(true);
    for (const result of run?.results ?? []) {
      expect(result.ruleId).toMatch(/^race\//);
      expect(result.message.text).not.toBe('');
      const location = result.locations[0]?.physicalLocation;
      expect(location?.artifactLocation.uri).toMatch(/^file:\/\/.*\.ts$/);
      expect(location?.region.startLine).toBeGreaterThan(0);
    }
  });

  it('runs only the chosen rules with --rule', async () => {
    const { code, stdout } = await raceLint(['--rule', 'no-read-modify-write', 'src'], examplesDir);
    expect(code).toBe(1);
    expect(stdout).toContain('race/no-read-modify-write');
    expect(stdout).not.toContain('race/no-check-then-create');
  });

  it('exits 0 with a one-line summary on a project without races', async () => {
    const dir = tempProject({ 'package.json': '{}', 'src/add.ts': 'export const add = (a: number, b: number) => a + b;\n' });
    const { code, stdout } = await raceLint(['--preset', 'all'], dir);
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'No race findings in 1 file linted.\n' });
  });

  it('skips dependencies, build output and .gitignored files', async () => {
    const dir = tempProject({
      'package.json': '{}',
      '.gitignore': 'generated/\n',
      'prisma/schema.prisma': tagSchema,
      'node_modules/lib/index.ts': racyCreate,
      'dist/index.js': racyCreate,
      'generated/tags.ts': racyCreate,
      'src/ok.ts': 'export {};\n',
    });
    const { code, stdout } = await raceLint([], dir);
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'No race findings in 1 file linted.\n' });
  });

  it('honours nested .gitignore files relative to their folder, and those above it in the repository', async () => {
    const dir = tempProject({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'scratch.ts\n',
      'packages/api/package.json': '{}',
      'packages/api/.gitignore': 'generated/\n/local.ts\n*.gen.ts\n!keep.gen.ts\n',
      'packages/api/prisma/schema.prisma': tagSchema,
      'packages/api/generated/tags.ts': racyCreate,
      'packages/api/local.ts': racyCreate,
      'packages/api/scratch.ts': racyCreate,
      'packages/api/src/drop.gen.ts': racyCreate,
      'packages/api/src/keep.gen.ts': racyCreate,
      'packages/api/src/local.ts': racyCreate,
      'packages/web/package.json': '{}',
      'packages/web/generated/tags.ts': racyCreate,
    });
    const reported = async (cwd: string): Promise<string[]> => {
      const { stdout } = await raceLint(['--format', 'json'], cwd);
      const results = JSON.parse(stdout) as { filePath: string; messages: unknown[] }[];
      return results.filter((result) => result.messages.length > 0).map((result) => path.relative(dir, result.filePath)).sort();
    };
    expect(await reported(dir)).toEqual(['packages/api/src/keep.gen.ts', 'packages/api/src/local.ts', 'packages/web/generated/tags.ts']);
    expect(await reported(path.join(dir, 'packages', 'api'))).toEqual(['packages/api/src/keep.gen.ts', 'packages/api/src/local.ts']);
  });

  it("uses the project's own config and its settings with --config", async () => {
    const plugin = path.join(repoRoot, 'dist', 'index.js');
    const dir = tempProject({
      'package.json': '{}',
      'db/tags.prisma': tagSchema.replace('name String', 'name String @unique'),
      'src/tags.ts': racyCreate,
      'eslint.config.mjs': `import race from ${JSON.stringify(plugin)};
export default [race.configs.recommended, { settings: { race: { schema: ['db/tags.prisma'] } } }];
`,
    });
    const { code, stdout } = await raceLint(['--config', 'eslint.config.mjs', 'src'], dir);
    expect(code).toBe(1);
    expect(unwrapped(stdout)).toContain('@unique on Tag.name (db/tags.prisma) stops the duplicate');
  });

  it('exits 2 with one line naming a missing path, a broken config or an unparsable file', async () => {
    const dir = tempProject({ 'package.json': '{}', 'broken.config.mjs': 'export default [{\n', 'src/bad.ts': 'const = ;\n' });
    const missing = await raceLint(['src', 'nowhere'], dir);
    expect(missing).toMatchObject({ code: 2, stderr: 'race-lint: no such file or directory: nowhere\n' });
    const config = await raceLint(['--config', 'broken.config.mjs'], dir);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/^race-lint: cannot load ESLint config broken\.config\.mjs: .+\n$/);
    const parse = await raceLint(['src'], dir);
    expect(parse.code).toBe(2);
    expect(parse.stderr).toMatch(/^race-lint: cannot parse src\/bad\.ts:1:\d+: .+\n$/);
    const option = await raceLint(['--preset', 'loose'], dir);
    expect(option).toMatchObject({ code: 2, stderr: 'race-lint: --preset must be one of recommended, strict, all, not "loose"\n' });
  });

  it('exits 2 naming a file it cannot read', async ({ skip }) => {
    if (process.getuid?.() === 0) skip('root reads every file');
    const dir = tempProject({ 'package.json': '{}', 'src/secret.ts': 'export {};\n' });
    fs.chmodSync(path.join(dir, 'src', 'secret.ts'), 0o000);
    const { code, stderr } = await raceLint(['src'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^race-lint: cannot read .*secret\.ts: EACCES\n$/);
  });
});

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { rules: { id: string }[] } };
    results: {
      ruleId: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
  }[];
}
