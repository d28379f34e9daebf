import { Linter } from 'eslint';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
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

  it('tolerate malformed settings.race: the rules still run and report', { timeout }, () => {
    const settings = fc.oneof(
      fc.anything(),
      fc.record(
        {
          root: fc.oneof(fc.constant(fixtureFile('project', '.')), fc.integer(), fc.constant(null), fc.array(fc.string())),
          schema: fc.oneof(fc.integer(), fc.array(fc.oneof(fc.integer(), fc.constant('missing.prisma'), fc.constant(null))), fc.object()),
          dialect: fc.oneof(fc.constantFrom('postgresql', 'mysql', 'oracle', ''), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(settings, (race) => {
        const messages = linter.verify(racy, [plugin.configs.all, { settings: { race } }], { filename });
        expect(messages.filter((message) => message.fatal)).toEqual([]);
        expect(messages.map((message) => message.ruleId)).toContain('race/no-check-then-create');
      }),
      { numRuns: 100 },
    );
  });
});
