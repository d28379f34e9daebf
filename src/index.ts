import { createRequire } from 'node:module';
import tsParser from '@typescript-eslint/parser';
import type { ESLint, Linter } from 'eslint';
import { rules } from './rules/index.js';
import type { RaceRuleDocs } from './utils/create-rule.js';

const manifest = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

type RuleName = keyof typeof rules;
type Preset = 'recommended' | 'recommended-type-checked' | 'strict' | 'all';

const ruleNames = Object.keys(rules) as RuleName[];
const docsOf = (name: RuleName): RaceRuleDocs => rules[name].meta.docs ?? {};
const inPreset: Record<Preset, (name: RuleName) => boolean> = {
  recommended: (name) => docsOf(name).recommended === true && docsOf(name).requiresTypeChecking !== true,
  'recommended-type-checked': (name) => docsOf(name).recommended === true,
  strict: (name) => docsOf(name).recommended === true || docsOf(name).strict === true,
  all: () => true,
};

/** Options a preset sets beyond turning the rule on: `strict` also reports cache stampedes. */
const presetOptions: Partial<Record<Preset, Partial<Record<RuleName, readonly unknown[]>>>> = {
  strict: { 'no-unawaited-cache-fill': [{ reportStampede: true }] },
};

const plugin = {
  meta: { name: manifest.name, version: manifest.version, namespace: 'race' },
  rules,
  configs: {} as Record<Preset, Linter.Config>,
};

/** Each preset is complete on its own: it brings the parser for TypeScript and JavaScript files. */
function preset(name: Preset): Linter.Config {
  return {
    name: `race/${name}`,
    files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    plugins: { race: plugin as unknown as ESLint.Plugin },
    languageOptions: {
      parser: tsParser,
      sourceType: 'module',
      // Only this preset asks for type information; the others work without it.
      ...(name === 'recommended-type-checked' ? { parserOptions: { projectService: true } } : {}),
    },
    rules: Object.fromEntries(
      ruleNames.filter(inPreset[name]).map((rule) => {
        const options = presetOptions[name]?.[rule];
        return [`race/${rule}`, options ? ['error', ...options] : 'error'];
      }),
    ),
  };
}

for (const name of Object.keys(inPreset) as Preset[]) plugin.configs[name] = preset(name);

export default plugin;
