/**
 * The suggestions of `require-idempotency-key` must type-check against the real `stripe` types:
 * each snippet is linted, its one suggestion applied, and the original and the output
 * type-checked with ts-morph. What is checked is that the key lands where the SDK's signature
 * takes it (a new options argument, `{}` for the parameters it skips, a property of the options
 * written in the call, the key's own initialiser) and that the key built is a string.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import type { SourceFile } from 'ts-morph';
import { diagnosticsOf, typecheckProject } from './harness.js';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const config: Linter.Config[] = [plugin.configs.all, { settings: { race: { root: here, schema: ['migrations'] } } }];

const header = `import Stripe from 'stripe';
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '');
interface Order { id: string; total: number; paymentIntentId: string }
`;

const cases: { name: string; code: string; expected: string }[] = [
  {
    name: 'new-options-argument',
    code: `${header}export async function pay(order: Order) {
  return stripe.paymentIntents.create({ amount: order.total, currency: 'usd', metadata: { orderId: order.id } });
}
`,
    expected: '{ idempotencyKey: `payment-intent-${order.id}` }',
  },
  {
    name: 'into-options',
    code: `${header}export async function refund(refundId: string, order: Order, account: string) {
  await stripe.refunds.create({ payment_intent: order.paymentIntentId }, { stripeAccount: account });
}
`,
    expected: 'idempotencyKey: `refund-${refundId}`',
  },
  {
    name: 'skipped-parameters',
    code: `${header}export async function capture(paymentIntentId: string) {
  const intent = await stripe.paymentIntents.capture(paymentIntentId);
  return intent.status;
}
`,
    expected: '{}, { idempotencyKey: `payment-intent-capture-${paymentIntentId}` }',
  },
  {
    name: 'after-parameters',
    code: `${header}export async function settle(invoice: Stripe.Invoice) {
  if (!invoice.id) return;
  await stripe.invoices.pay(invoice.id, { paid_out_of_band: false });
}
`,
    expected: '{ idempotencyKey: `invoice-pay-${invoice.id}` }',
  },
  {
    name: 'injected-client',
    code: `import Stripe from 'stripe';
export class PaymentsService {
  constructor(private readonly stripe: Stripe) {}
  async refund(order: { id: number; paymentIntentId: string }) {
    await this.stripe.refunds.create({ payment_intent: order.paymentIntentId, metadata: { order: String(order.id) } });
  }
}
`,
    expected: '{ idempotencyKey: `refund-${order.paymentIntentId}` }',
  },
  {
    name: 'fresh-value-replaced',
    code: `import { randomUUID } from 'node:crypto';
${header}export async function charge(order: Order, source: string) {
  return stripe.charges.create({ amount: order.total, currency: 'usd', source, metadata: { orderId: order.id } }, { idempotencyKey: randomUUID() });
}
`,
    expected: '{ idempotencyKey: `charge-${order.id}` }',
  },
  {
    name: 'fresh-initialiser-replaced',
    code: `import { randomUUID } from 'node:crypto';
${header}export async function transfer(payoutId: string, amount: number, destination: string) {
  const idempotencyKey = randomUUID();
  await stripe.transfers.create({ amount, currency: 'usd', destination }, { idempotencyKey });
  return idempotencyKey;
}
`,
    expected: 'const idempotencyKey = `transfer-${payoutId}`;',
  },
];

const project = typecheckProject();

describe.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (name, { code, expected }) => {
  const file = (suffix: string, text: string): SourceFile =>
    project.createSourceFile(path.join(here, 'src', `idempotency-${name}${suffix}.ts`), text, { overwrite: true });

  it('reports once with a key suggestion that type-checks', () => {
    const messages = new Linter({ cwd: here }).verify(code, config, { filename: path.join(here, 'src', `idempotency-${name}.ts`) });
    const reports = messages.filter((message) => message.ruleId === 'race/require-idempotency-key');
    expect(reports).toHaveLength(1);
    const [suggestion] = reports[0]?.suggestions ?? [];
    if (!suggestion) throw new Error('no suggestion');
    const original = file('', code);
    expect(diagnosticsOf(original), original.getFullText()).toBe('');
    const output = file('.key', code.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + code.slice(suggestion.fix.range[1]));
    expect(output.getFullText()).toContain(expected);
    expect(diagnosticsOf(output), output.getFullText()).toBe('');
  }, 60_000);
});
