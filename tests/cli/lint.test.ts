import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
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
    expect(unwrapped(stdout)).toContain('No unique constraint on Coupon (code) was found in prisma/schema.prisma');
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

  it('prints SARIF 2.1.0 that the SARIF JSON schema accepts, files relative to the source root', async () => {
    const { code, stdout } = await raceLint(['--format', 'sarif'], examplesDir);
    expect(code).toBe(1);
    const log = JSON.parse(stdout) as SarifLog;
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const [run] = log.runs;
    expect(run?.originalUriBaseIds.SRCROOT?.uri).toBe(`${pathToFileURL(examplesDir).href}/`);
    expect(run?.tool.driver.rules.map((rule) => rule.id)).toContain('race/no-check-then-create');
    expect(run?.results.some((result) => result.message.text.startsWith('Two concurrent calls'))).toBe(true);
    const coupons = run?.results.find((result) => result.locations[0]?.physicalLocation.artifactLocation.uri === 'src/routes/coupons.ts');
    expect(coupons?.ruleId).toBe('race/no-check-then-create');
    for (const result of run?.results ?? []) {
      expect(run?.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.locations[0]?.physicalLocation.artifactLocation.uriBaseId).toBe('SRCROOT');
      expect(result.locations[0]?.physicalLocation.region.startLine).toBeGreaterThan(0);
    }
  });

  it("counts only this plugin's findings: disable comments for other plugins' rules are not findings", async () => {
    const dir = tempProject({
      'package.json': '{}',
      'src/any.ts': [
        '// eslint-disable-next-line @typescript-eslint/no-explicit-any',
        'export const parse = (text: string): any => JSON.parse(text);',
        'export const two = 2; // eslint-disable-line no-magic-numbers',
        '',
      ].join('\n'),
    });
    const stylish = await raceLint([], dir);
    expect(stylish).toEqual({ code: 0, stdout: 'No race findings in 1 file linted.\n', stderr: '' });
    const sarif = await raceLint(['--format', 'sarif'], dir);
    expect(sarif.code).toBe(0);
    expect((JSON.parse(sarif.stdout) as SarifLog).runs[0]?.results).toEqual([]);
    const json = await raceLint(['--format', 'json'], dir);
    expect(JSON.parse(json.stdout)).toMatchObject([{ messages: [], errorCount: 0, warningCount: 0 }]);
  });

  it('exits 2 when no file is left to lint: an empty folder, or only ignored files named', async () => {
    const dir = tempProject({ 'package.json': '{}', 'dist/index.js': racyCreate, 'src/ok.ts': 'export {};\n' });
    fs.mkdirSync(path.join(dir, 'empty'));
    expect(await raceLint(['empty'], dir)).toEqual({ code: 2, stdout: '', stderr: 'race-lint: no files to lint in empty\n' });
    expect(await raceLint(['dist/index.js'], dir)).toEqual({ code: 2, stdout: '', stderr: 'race-lint: no files to lint in dist/index.js\n' });
    // An ignored file named beside a linted one is neither counted nor reported.
    expect(await raceLint(['dist/index.js', 'src'], dir)).toEqual({ code: 0, stdout: 'No race findings in 1 file linted.\n', stderr: '' });
  });

  it('reads a legacy .eslintignore as ignore patterns, without ESLint\'s warning about it', async () => {
    const dir = tempProject({ 'package.json': '{}', '.eslintignore': 'legacy/\n', 'legacy/tags.ts': racyCreate, 'src/ok.ts': 'export {};\n' });
    expect(await raceLint([], dir)).toEqual({ code: 0, stdout: 'No race findings in 1 file linted.\n', stderr: '' });
  });

  it('names a file the parser gives up on without a position it does not have', async () => {
    const depth = 20_000;
    const dir = tempProject({ 'package.json': '{}', 'src/deep.ts': `export const deep = ${'['.repeat(depth)}${']'.repeat(depth)};\n` });
    const { code, stderr } = await raceLint(['src'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^race-lint: cannot parse src\/deep\.ts(?::\d+:\d+)?: \S.*\n$/);
    expect(stderr).not.toContain('undefined');
  });

  it('rejects malformed settings.race in the config with one line naming the key', async () => {
    const plugin = path.join(repoRoot, 'dist', 'index.js');
    const configWith = (race: unknown): string => `import race from ${JSON.stringify(plugin)};
export default [race.configs.recommended, { settings: { race: ${JSON.stringify(race)} } }];
`;
    const dir = tempProject({
      'package.json': '{}',
      'src/tags.ts': racyCreate,
      'depth.config.mjs': configWith({ summaryDepth: 'deep' }),
      'dialect.config.mjs': configWith({ dialect: 'oracle-ish' }),
      'typo.config.mjs': configWith({ schemas: ['prisma/schema.prisma'] }),
    });
    expect(await raceLint(['--config', 'depth.config.mjs'], dir)).toMatchObject({
      code: 2,
      stderr: 'race-lint: settings.race.summaryDepth must be an integer from 0 to 10, not "deep"\n',
    });
    expect(await raceLint(['--config', 'dialect.config.mjs'], dir)).toMatchObject({
      code: 2,
      stderr: 'race-lint: settings.race.dialect must be one of postgresql, mysql, sqlite, sqlserver, mongodb, not "oracle-ish"\n',
    });
    const typo = await raceLint(['--config', 'typo.config.mjs'], dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^race-lint: settings\.race has an unknown key "schemas"; the keys are root, schema, .+\n$/);
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
    const unknown = await raceLint(['--bogus'], dir);
    expect(unknown).toMatchObject({ code: 2, stderr: 'race-lint: unknown option --bogus; race-lint --help lists the options\n' });
    expect(await raceLint(['--format'], dir)).toMatchObject({ code: 2, stderr: 'race-lint: --format needs a value\n' });
  });

  it('gives the reason when the config sets a rule option the rule does not have', async () => {
    const plugin = path.join(repoRoot, 'dist', 'index.js');
    const dir = tempProject({
      'package.json': '{}',
      'src/tags.ts': racyCreate,
      'eslint.config.mjs': `import race from ${JSON.stringify(plugin)};
export default [race.configs.recommended, { rules: { 'race/no-check-then-create': ['error', { bogus: true }] } }];
`,
    });
    const { code, stderr } = await raceLint(['--config', 'eslint.config.mjs'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^race-lint: cannot load ESLint config eslint\.config\.mjs: Key "rules": Key "race\/no-check-then-create": .*bogus.*\n$/);
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

const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object);

/** The parts of a SARIF log the tests read, as the writer always fills them. */
interface SarifLog {
  runs: {
    originalUriBaseIds: Record<string, { uri: string }>;
    tool: { driver: { rules: { id: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[];
    }[];
  }[];
}
