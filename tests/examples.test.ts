import path from 'node:path';
import { ESLint } from 'eslint';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';

// The README's first command lints examples/: every racy route is reported, no fixed twin is.
it('reports the racy routes of the example shop and none of their fixed twins', async () => {
  const root = path.join(import.meta.dirname, '..', 'examples');
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
  const results = await eslint.lintFiles(['src']);
  const findings = results.flatMap((result) =>
    result.messages.map((m) => `${path.relative(root, result.filePath)}:${m.line} ${m.ruleId ?? m.message}`),
  );
  expect(findings.sort()).toEqual([
    'src/routes/coupons.ts:15 race/no-check-then-create',
    'src/routes/customers.ts:16 race/no-check-then-create',
    'src/routes/gift-cards.ts:15 race/no-check-then-create',
    'src/routes/orders.ts:16 race/no-read-modify-write',
    'src/routes/reviews.ts:12 race/no-check-then-create',
  ]);
});
