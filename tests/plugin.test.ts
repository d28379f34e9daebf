import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { ensureBuilt, repoRoot } from './cli/run-bin.js';
import { fixtureFile } from './rule-tester.js';

const manifest = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  repository: { type: string; url: string };
  exports: Record<string, unknown>;
};

describe('plugin', () => {
  it('reads its name and version from package.json', () => {
    expect(plugin.meta).toEqual({ name: manifest.name, version: manifest.version, namespace: 'race' });
  });

  it('ships its licence and names its repository', () => {
    expect(manifest.license).toBe('MIT');
    expect(fs.readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(manifest.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/) as unknown });
  });

  it('gives the plugin itself to require(), as CommonJS configs expect', () => {
    ensureBuilt();
    const required = createRequire(path.join(repoRoot, 'package.json'))('eslint-plugin-race') as typeof plugin;
    expect(Object.keys(required.configs).sort()).toEqual(Object.keys(plugin.configs).sort());
    expect(Object.keys(required.rules)).toEqual(Object.keys(plugin.rules));
    expect(required.meta).toEqual(plugin.meta);
  });

  it('documents every rule under docs/rules', () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
      expect(fs.existsSync(path.join(import.meta.dirname, '..', 'docs', 'rules', `${name}.md`))).toBe(true);
    }
  });

  it('puts every rule in `all` and the recommended ones in every other preset', () => {
    const names = Object.keys(plugin.rules).map((name) => `race/${name}`);
    expect(Object.keys(plugin.configs.all.rules ?? {})).toEqual(names);
    const recommended = Object.keys(plugin.configs.recommended.rules ?? {});
    expect(recommended).toContain('race/no-check-then-create');
    for (const preset of ['recommended-type-checked', 'strict'] as const) {
      expect(Object.keys(plugin.configs[preset].rules ?? {})).toEqual(expect.arrayContaining(recommended));
    }
    expect(plugin.configs.recommended.languageOptions?.parserOptions).toBeUndefined();
    expect(plugin.configs['recommended-type-checked'].languageOptions?.parserOptions).toEqual({ projectService: true });
  });

  it('works as the whole user configuration on a TypeScript file', async () => {
    const eslint = new ESLint({
      cwd: path.dirname(fixtureFile('project')),
      overrideConfigFile: true,
      overrideConfig: [plugin.configs.recommended],
    });
    const [result] = await eslint.lintText(
      `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function claim(code: string): Promise<void> {
  if (await prisma.coupon.findFirst({ where: { code } })) return;
  await prisma.coupon.create({ data: { code, amount: 1 } });
}
`,
      { filePath: fixtureFile('project', 'claim.ts') },
    );
    expect(result?.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['race/no-check-then-create', 5, 9]]);
  });

  it('reads the schema sources that settings.race.schema names instead of discovering them', async () => {
    const code = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function tag(name: string): Promise<void> {
  if (await prisma.tag.findFirst({ where: { name } })) return;
  await prisma.tag.create({ data: { name } });
}
`;
    const lint = async (settings: Record<string, unknown>) => {
      const eslint = new ESLint({
        cwd: path.dirname(fixtureFile('bare')),
        overrideConfigFile: true,
        overrideConfig: [plugin.configs.recommended, { settings }],
      });
      const [result] = await eslint.lintText(code, { filePath: fixtureFile('bare', 'tag.ts') });
      return result?.messages.map((m) => m.message) ?? [];
    };
    // Discovered from the bare project: no schema at all.
    expect(await lint({})).toEqual([expect.stringContaining('No schema source was found')]);
    // Pointed at the other project's Prisma schema: Tag.name is unique there.
    expect(await lint({ race: { schema: ['../project/prisma/schema.prisma'] } })).toEqual([
      expect.stringContaining('The unique constraint @unique on Tag.name (../project/prisma/schema.prisma)'),
    ]);
    // Malformed settings stop the lint with a message naming the key, as malformed rule options do.
    await expect(lint({ race: { schema: 42 } })).rejects.toThrow(/^settings\.race\.schema must be file or folder paths, not 42\n/);
    // So does a schema source that is not there: a typo must not leave the rules without a schema.
    await expect(lint({ race: { schema: ['../project/prisma/schema.prism'] } })).rejects.toThrow(
      /^settings\.race\.schema names \.\.\/project\/prisma\/schema\.prism, which does not exist in .*bare\n/,
    );
  });

  it('rejects invalid rule options with a schema error', () => {
    const linter = new Linter();
    const config = [
      { plugins: { race: plugin }, rules: { 'race/no-check-then-create': ['error', { requireConflictHandling: 'yes' }] } },
    ] as unknown as Linter.Config[];
    expect(() => linter.verify('export {};', config)).toThrow(/"race\/no-check-then-create":\s+Value "yes" should be boolean/);
  });
});
