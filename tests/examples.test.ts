import path from 'node:path';
import { ESLint } from 'eslint';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';

const root = path.join(import.meta.dirname, '..', 'examples');

/** `file:line ruleId` for each finding of `race-lint examples --preset strict`, sorted. */
async function findings(): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs.strict] });
  const results = await eslint.lintFiles(['src']);
  return results
    .flatMap((result) => result.messages.map((m) => `${path.relative(root, result.filePath)}:${m.line} ${m.ruleId ?? m.message}`))
    .sort();
}

// The README's first command lints examples/: every racy route is reported, no fixed twin is.
it('reports the racy routes of the example shop and none of their fixed twins', async () => {
  expect(await findings()).toEqual([
    'src/routes/coupons.ts:15 race/no-check-then-create',
    'src/routes/customers.ts:16 race/no-check-then-create',
    'src/routes/exports.ts:24 race/no-fs-toctou',
    'src/routes/gift-cards.ts:15 race/no-check-then-create',
    'src/routes/invoices.ts:18 race/no-sleep-synchronization',
    'src/routes/newsletter.ts:11 race/no-respond-before-persist',
    'src/routes/orders.ts:16 race/no-read-modify-write',
    'src/routes/payments.ts:15 race/require-idempotency-key',
    'src/routes/products.ts:22 race/no-unawaited-cache-fill',
    'src/routes/reviews.ts:12 race/no-check-then-create',
    'src/routes/stripe-webhooks.ts:21 race/require-webhook-idempotency',
    'src/routes/wishlist.ts:16 race/no-check-then-create',
  ]);
});

it('shows a race for every rule of the plugin', async () => {
  const shown = new Set((await findings()).map((finding) => finding.split(' ')[1]));
  expect([...shown].sort()).toEqual(Object.keys(plugin.rules).map((name) => `race/${name}`).sort());
});
