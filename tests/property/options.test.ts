import { Linter } from 'eslint';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { SettingsError } from '../../src/utils/settings.js';
import { fixtureFile } from '../rule-tester.js';

const timeout = 60_000;
const linter = new Linter({ configType: 'flat' });
const filename = fixtureFile('project', 'options.ts');
const racy = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function claim(code: string): Promise<void> {
  if (await prisma.coupon.findFirst({ where: { code } })) return;
  await prisma.coupon.create({ data: { code, amount: 1 } });
}
`;

/**
 * What each rule's options schema accepts, written out independently of the schema itself.
 * ESLint merges the rule's default options in first, so an `undefined` option or value counts
 * as left out.
 */
/** One optional object of boolean properties: the shape of every option schema of the plugin. */
const booleanOptions =
  (...names: string[]) =>
  (options: unknown[]): boolean => {
    const [first] = options;
    if (options.length === 0 || (options.length === 1 && first === undefined)) return true;
    if (options.length > 1 || typeof first !== 'object' || first === null || Array.isArray(first)) return false;
    return Object.entries(first).every(([key, value]) => names.includes(key) && (typeof value === 'boolean' || value === undefined));
  };
const none = (options: unknown[]): boolean => options.length === 0;

const accepts: Record<string, (options: unknown[]) => boolean> = {
  'no-check-then-create': booleanOptions('requireConflictHandling'),
  'no-read-modify-write': none,
  'no-fs-toctou': none,
  'no-respond-before-persist': none,
  'no-sleep-synchronization': none,
  'no-unawaited-cache-fill': booleanOptions('allowHandledFireAndForget', 'reportStampede'),
  'require-idempotency-key': none,
  'require-webhook-idempotency': none,
};

/** Options of every shape, plausible ones included. */
const options = fc.oneof(
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.array(fc.record({ requireConflictHandling: fc.anything(), reportStampede: fc.anything() }, { requiredKeys: [] }), { maxLength: 2 }),
  fc.tuple(
    fc.dictionary(
      fc.constantFrom('requireConflictHandling', 'allowHandledFireAndForget', 'reportStampede', 'strict', 'ignore', ''),
      fc.oneof(fc.boolean(), fc.anything()),
    ),
  ),
);

describe("the rules' options", () => {
  it('get ESLint\'s schema error when invalid, and run when valid; never a crash inside a rule', { timeout }, () => {
    expect(Object.keys(accepts).sort()).toEqual(Object.keys(plugin.rules).sort());
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(plugin.rules)), options, (rule, given) => {
        const config = { ...plugin.configs.all, rules: { [`race/${rule}`]: ['error', ...given] as Linter.RuleEntry } };
        let messages: Linter.LintMessage[] | undefined;
        let error: unknown;
        try {
          messages = linter.verify(racy, [config], { filename });
        } catch (thrown) {
          error = thrown;
        }
        if (accepts[rule]?.(given)) {
          expect(error).toBeUndefined();
          expect(messages?.filter((message) => message.fatal)).toEqual([]);
        } else {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(new RegExp(`^Key "rules": Key "race/${rule}":`));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('check settings.race: well-formed settings run the rules, malformed ones stop with a SettingsError naming the key', { timeout }, () => {
    const project = fixtureFile('project', '.');
    const settings = fc.oneof(
      fc.anything(),
      fc.record(
        {
          root: fc.oneof(fc.constant(project), fc.integer(), fc.constant(null), fc.array(fc.string())),
          schema: fc.oneof(fc.constant('prisma/schema.prisma'), fc.integer(), fc.array(fc.oneof(fc.integer(), fc.constant('prisma/schema.prisma'), fc.constant(null))), fc.object()),
          dialect: fc.oneof(fc.constantFrom('postgresql', 'mysql', 'oracle', ''), fc.anything()),
          summaryDepth: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constant('deep'), fc.double()),
          lockHelpers: fc.oneof(fc.constant('withLock'), fc.array(fc.constantFrom('withLock', '', 3))),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(settings, (race) => {
        let messages: Linter.LintMessage[] | undefined;
        let error: unknown;
        try {
          messages = linter.verify(racy, [plugin.configs.all, { settings: { race } }], { filename });
        } catch (thrown) {
          error = thrown;
        }
        const problem = settingsProblem(race);
        if (problem === undefined) {
          expect(error).toBeUndefined();
          expect(messages?.map((message) => message.ruleId)).toContain('race/no-check-then-create');
        } else {
          expect(error).toBeInstanceOf(SettingsError);
          const message = (error as Error).message;
          const named =
            problem.key === undefined ? ['settings.race must be'] : [`settings.race.${problem.key}`, `settings.race has an unknown key "${problem.key}"`];
          expect(named.some((start) => message.startsWith(start)), message).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * What is wrong with `settings.race`, written out independently of the reader: undefined when
 * well-formed, else the first bad key (none when `race` itself is not an object).
 */
function settingsProblem(race: unknown): { key?: string } | undefined {
  if (race === undefined || race === null) return undefined;
  if (typeof race !== 'object' || Array.isArray(race)) return {};
  const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
  const valid: Record<string, (value: unknown) => boolean> = {
    root: nonEmpty,
    schema: (value) => list(value).every(nonEmpty),
    dialect: (value) => ['postgresql', 'mysql', 'sqlite', 'sqlserver', 'mongodb'].includes(value as string),
    transactionWrappers: (value) => list(value).every(nonEmpty),
    lockHelpers: (value) => list(value).every(nonEmpty),
    summaryDepth: (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10,
  };
  for (const [key, value] of Object.entries(race)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(valid, key) || !valid[key]?.(value)) return { key };
  }
  return undefined;
}
