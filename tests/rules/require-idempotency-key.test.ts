import rule from '../../src/rules/require-idempotency-key.js';
import { fixtureFile, ruleTester, typedRuleTester } from '../rule-tester.js';

const stripeHeader = "import Stripe from 'stripe';\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n";
const repeatOf = (thing: string): string => `it creates a second ${thing}`;

ruleTester.run('require-idempotency-key', rule, {
  valid: [
    // key-from-order
    stripeHeader + `export async function payOrder(order: { id: string; total: number }) {
  return stripe.paymentIntents.create({ amount: order.total, currency: 'usd' }, { idempotencyKey: \`payment-intent-\${order.id}\` });
}`,
    // key-shorthand-parameter
    stripeHeader + `export async function refund(paymentIntent: string, idempotencyKey: string) {
  await stripe.refunds.create({ payment_intent: paymentIntent }, { idempotencyKey });
}`,
    // options-const
    stripeHeader + `export async function refund(paymentIntent: string, refundRequestId: string) {
  const options = { idempotencyKey: \`refund-\${refundRequestId}\` };
  await stripe.refunds.create({ payment_intent: paymentIntent }, options);
}`,
    // options-parameter
    stripeHeader + `export async function charge(params: Stripe.ChargeCreateParams, requestOptions: Stripe.RequestOptions) {
  return stripe.charges.create(params, requestOptions);
}`,
    // options-spread
    stripeHeader + `export async function transfer(amount: number, destination: string, extra: Stripe.RequestOptions) {
  return stripe.transfers.create({ amount, currency: 'usd', destination }, { ...extra, stripeAccount: destination });
}`,
    // arguments-spread
    stripeHeader + `export const payout = (...args: Parameters<typeof stripe.payouts.create>) => stripe.payouts.create(...args);`,
    // header-option
    stripeHeader + `export async function pay(invoiceId: string, key: string) {
  await stripe.invoices.pay(invoiceId, {}, { headers: { 'Idempotency-Key': key } });
}`,
    // options-in-params-place (older signature: the last argument holds the request options)
    stripeHeader + `export async function capture(paymentIntentId: string) {
  await stripe.paymentIntents.capture(paymentIntentId, { idempotencyKey: \`capture-\${paymentIntentId}\` });
}`,
    // key-from-client-header
    stripeHeader + `import express from 'express';
const app = express();
app.post('/checkout', async (req, res) => {
  const intent = await stripe.paymentIntents.create(
    { amount: req.body.amount, currency: 'usd' },
    { idempotencyKey: req.get('Idempotency-Key') ?? crypto.randomUUID() },
  );
  res.json({ clientSecret: intent.client_secret });
});`,
    // hashed-key
    stripeHeader + `import { createHash } from 'node:crypto';
export async function charge(order: { id: string; total: number }, source: string) {
  const idempotencyKey = createHash('sha256').update(\`charge:\${order.id}\`).digest('hex');
  return stripe.charges.create({ amount: order.total, currency: 'usd', source }, { idempotencyKey });
}`,
    // uuid-v5-from-id
    stripeHeader + `import { v5 as uuidv5 } from 'uuid';
const NAMESPACE = '1b671a64-40d5-491e-99b0-da01ff1f3341';
export async function refund(orderId: string, paymentIntent: string) {
  return stripe.refunds.create({ payment_intent: paymentIntent }, { idempotencyKey: uuidv5(orderId, NAMESPACE) });
}`,
    // time-window-key
    stripeHeader + `export async function topUp(accountId: string, amount: number) {
  const window = Math.floor(Date.now() / 60_000);
  return stripe.topups.create({ amount, currency: 'usd' }, { idempotencyKey: \`topup-\${accountId}-\${window}\` });
}`,
    // module-level-key (made once per process: a different bug, not a key new on every call)
    stripeHeader + `import { randomUUID } from 'node:crypto';
const processKey = randomUUID();
export async function charge(source: string, amount: number) {
  return stripe.charges.create({ amount, currency: 'usd', source }, { idempotencyKey: processKey });
}`,
    // read-only
    stripeHeader + `export async function status(paymentIntentId: string) {
  const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
  const refunds = await stripe.refunds.list({ payment_intent: paymentIntentId });
  return { intent, refunds };
}`,
    // no-money-moved
    stripeHeader + `export async function signUp(email: string) {
  const customer = await stripe.customers.create({ email });
  await stripe.paymentIntents.update(customer.id, { metadata: { signup: 'web' } });
  return stripe.checkout.sessions.create({ customer: customer.id, mode: 'setup', success_url: 'https://example.com' });
}`,
    // other-create
    `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function record(orderId: string, amount: number) {
  await prisma.payment.create({ data: { orderId, amount } });
  await prisma.refunds.create({ data: { orderId, amount } });
}`,
    // other-client-named-like-a-resource
    `import { db } from './db';
export async function record(amount: number) {
  return db.charges.create({ amount });
}`,
    // stripe-js-in-the-browser
    `import { loadStripe } from '@stripe/stripe-js';
export async function pay(clientSecret: string) {
  const stripe = await loadStripe('pk_test_123');
  return stripe?.confirmPayment({ clientSecret, confirmParams: { return_url: 'https://example.com' } });
}`,
    // typed-as-a-service
    `import { StripeService } from './stripe.service';
export class Billing {
  constructor(private readonly stripe: StripeService) {}
  refund(paymentIntent: string) {
    return this.stripe.refunds.create({ payment_intent: paymentIntent });
  }
}`,
    // built-by-another-class
    `import { PaymentsGateway } from './gateway';
const stripe = new PaymentsGateway();
export const charge = (amount: number) => stripe.charges.create({ amount });`,
    // test-file
    {
      code: stripeHeader + `import { it } from 'vitest';
it('charges', async () => {
  await stripe.charges.create({ amount: 100, currency: 'usd', source: 'tok_visa' });
});`,
      filename: fixtureFile('project', 'src/billing.test.ts'),
    },
    // square-stable-key
    `import { SquareClient } from 'square';
const client = new SquareClient({ token: process.env.SQUARE_ACCESS_TOKEN });
export async function pay(orderId: string, sourceId: string, amount: bigint) {
  return client.payments.create({ sourceId, idempotencyKey: \`payment-\${orderId}\`, amountMoney: { amount, currency: 'USD' } });
}`,
    // square-body-variable
    `import { SquareClient, type Square } from 'square';
const client = new SquareClient({ token: process.env.SQUARE_ACCESS_TOKEN });
export async function pay(request: Square.CreatePaymentRequest) {
  return client.payments.create(request);
}`,
    // square-read
    `import { SquareClient } from 'square';
const client = new SquareClient({ token: process.env.SQUARE_ACCESS_TOKEN });
export const recent = () => client.payments.list({ limit: 10 });`,
    // adyen-stable-key
    `import { Client, CheckoutAPI } from '@adyen/api-library';
const checkout = new CheckoutAPI(new Client({ apiKey: process.env.ADYEN_API_KEY!, environment: 'TEST' }));
export async function pay(reference: string, request: Parameters<typeof checkout.PaymentsApi.payments>[0]) {
  return checkout.PaymentsApi.payments({ ...request, reference }, { idempotencyKey: \`payment-\${reference}\` });
}`,
  ],
  invalid: [
    {
      // missing-options-order-in-scope
      code: stripeHeader + `export async function payOrder(order: { id: string; total: number }) {
  return stripe.paymentIntents.create({ amount: order.total, currency: 'usd', metadata: { orderId: order.id } });
}`,
      errors: [
        {
          messageId: 'missingKey',
          line: 4,
          column: 10,
          data: { call: 'stripe.paymentIntents.create', provider: 'Stripe', repeat: `${repeatOf('payment intent')}, charged too once it is confirmed` },
          suggestions: [
            {
              messageId: 'addKey',
              data: { id: 'order.id' },
              output: stripeHeader + `export async function payOrder(order: { id: string; total: number }) {
  return stripe.paymentIntents.create({ amount: order.total, currency: 'usd', metadata: { orderId: order.id } }, { idempotencyKey: \`payment-intent-\${order.id}\` });
}`,
            },
          ],
        },
      ],
    },
    {
      // options-without-key
      code: stripeHeader + `export async function refundOrder(orderId: string, paymentIntent: string, account: string) {
  await stripe.refunds.create({ payment_intent: paymentIntent }, { stripeAccount: account });
}`,
      errors: [
        {
          messageId: 'missingKey',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'addKey',
              output: stripeHeader + `export async function refundOrder(orderId: string, paymentIntent: string, account: string) {
  await stripe.refunds.create({ payment_intent: paymentIntent }, { stripeAccount: account, idempotencyKey: \`refund-\${orderId}\` });
}`,
            },
          ],
        },
      ],
    },
    {
      // own-kind-preferred: a key from the payment would block a second partial refund
      code: stripeHeader + `export async function refund(order: { id: string; paymentIntentId: string }, refundId: string, amount: number) {
  await stripe.refunds.create({ payment_intent: order.paymentIntentId, amount });
}`,
      errors: [
        {
          messageId: 'missingKey',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'addKey',
              data: { id: 'refundId' },
              output: stripeHeader + `export async function refund(order: { id: string; paymentIntentId: string }, refundId: string, amount: number) {
  await stripe.refunds.create({ payment_intent: order.paymentIntentId, amount }, { idempotencyKey: \`refund-\${refundId}\` });
}`,
            },
          ],
        },
      ],
    },
    {
      // capture-id-only
      code: stripeHeader + `export async function capture(paymentIntentId: string) {
  await stripe.paymentIntents.capture(paymentIntentId);
}`,
      errors: [
        {
          messageId: 'missingKey',
          line: 4,
          column: 9,
          data: {
            call: 'stripe.paymentIntents.capture',
            provider: 'Stripe',
            repeat: 'the repeat fails on the payment intent that the first request has captured already, and the caller treats an operation that succeeded as failed',
          },
          suggestions: [
            {
              messageId: 'addKey',
              output: stripeHeader + `export async function capture(paymentIntentId: string) {
  await stripe.paymentIntents.capture(paymentIntentId, {}, { idempotencyKey: \`payment-intent-capture-\${paymentIntentId}\` });
}`,
            },
          ],
        },
      ],
    },
    {
      // pay-target-member
      code: stripeHeader + `export async function settle(invoice: Stripe.Invoice) {
  await stripe.invoices.pay(invoice.id, { paid_out_of_band: false });
}`,
      errors: [
        {
          messageId: 'missingKey',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'addKey',
              data: { id: 'invoice.id' },
              output: stripeHeader + `export async function settle(invoice: Stripe.Invoice) {
  await stripe.invoices.pay(invoice.id, { paid_out_of_band: false }, { idempotencyKey: \`invoice-pay-\${invoice.id}\` });
}`,
            },
          ],
        },
      ],
    },
    {
      // no-stable-id
      code: stripeHeader + `export async function payout(amount: number, account: string) {
  await stripe.payouts.create({ amount, currency: 'usd' }, { stripeAccount: account });
}`,
      errors: [{ messageId: 'missingKey', line: 4, column: 9, suggestions: [] }],
    },
    {
      // id-from-scope
      code: stripeHeader + `export async function subscribe(customer: string, price: string, checkoutId: string) {
  const subscription = await stripe.subscriptions.create({ customer, items: [{ price }] });
  return subscription.id;
}`,
      errors: [
        {
          messageId: 'missingKey',
          line: 4,
          column: 30,
          data: { call: 'stripe.subscriptions.create', provider: 'Stripe', repeat: `${repeatOf('subscription')}, which bills the customer too` },
          suggestions: [
            {
              messageId: 'addKey',
              data: { id: 'checkoutId' },
              output: stripeHeader + `export async function subscribe(customer: string, price: string, checkoutId: string) {
  const subscription = await stripe.subscriptions.create({ customer, items: [{ price }] }, { idempotencyKey: \`subscription-\${checkoutId}\` });
  return subscription.id;
}`,
            },
          ],
        },
      ],
    },
    {
      // fresh-random-uuid
      code: stripeHeader + `import { randomUUID } from 'node:crypto';
export async function payOrder(order: { id: string; total: number }) {
  return stripe.paymentIntents.create({ amount: order.total, currency: 'usd', metadata: { orderId: order.id } }, { idempotencyKey: randomUUID() });
}`,
      errors: [
        {
          messageId: 'freshKey',
          line: 5,
          column: 132,
          data: {
            call: 'stripe.paymentIntents.create',
            provider: 'Stripe',
            source: 'randomUUID()',
            sourceLine: '5',
            repeat: `${repeatOf('payment intent')}, charged too once it is confirmed`,
          },
          suggestions: [
            {
              messageId: 'deriveKey',
              data: { id: 'order.id' },
              output: stripeHeader + `import { randomUUID } from 'node:crypto';
export async function payOrder(order: { id: string; total: number }) {
  return stripe.paymentIntents.create({ amount: order.total, currency: 'usd', metadata: { orderId: order.id } }, { idempotencyKey: \`payment-intent-\${order.id}\` });
}`,
            },
          ],
        },
      ],
    },
    {
      // fresh-local-shorthand
      code: stripeHeader + `import { v4 as uuidv4 } from 'uuid';
export async function refund(orderId: string, paymentIntent: string) {
  const idempotencyKey = uuidv4();
  await stripe.refunds.create({ payment_intent: paymentIntent }, { idempotencyKey });
}`,
      errors: [
        {
          messageId: 'freshKey',
          line: 6,
          column: 68,
          data: { call: 'stripe.refunds.create', provider: 'Stripe', source: 'uuidv4()', sourceLine: '5', repeat: repeatOf('refund') },
          suggestions: [
            {
              messageId: 'deriveKey',
              data: { id: 'orderId' },
              output: stripeHeader + `import { v4 as uuidv4 } from 'uuid';
export async function refund(orderId: string, paymentIntent: string) {
  const idempotencyKey = \`refund-\${orderId}\`;
  await stripe.refunds.create({ payment_intent: paymentIntent }, { idempotencyKey });
}`,
            },
          ],
        },
      ],
    },
    {
      // fresh-date-template
      code: stripeHeader + `export async function transfer(payoutRequestId: string, amount: number, destination: string) {
  return stripe.transfers.create({ amount, currency: 'usd', destination }, { idempotencyKey: \`transfer-\${destination}-\${Date.now()}\` });
}`,
      errors: [
        {
          messageId: 'freshKey',
          line: 4,
          column: 94,
          data: { call: 'stripe.transfers.create', provider: 'Stripe', source: 'Date.now()', sourceLine: '4', repeat: repeatOf('transfer') },
          suggestions: [],
        },
      ],
    },
    {
      // fresh-global-crypto-local-outside-scope
      code: stripeHeader + `export async function charge(source: string, amount: number) {
  const key = crypto.randomUUID();
  const purchaseId = await newPurchase();
  return stripe.charges.create({ amount, currency: 'usd', source }, { idempotencyKey: key });
}
declare function newPurchase(): Promise<string>;`,
      errors: [
        {
          messageId: 'freshKey',
          line: 6,
          column: 87,
          data: { call: 'stripe.charges.create', provider: 'Stripe', source: 'crypto.randomUUID()', sourceLine: '4', repeat: repeatOf('charge') },
          // `purchaseId` is declared after the key: nothing to derive the key from where it is made.
          suggestions: [],
        },
      ],
    },
    {
      // fresh-local-reused-by-retries
      code: stripeHeader + `import { randomUUID } from 'node:crypto';
import pRetry from 'p-retry';
export async function chargeJob(job: { orderId: string; source: string; amount: number }) {
  const key = randomUUID();
  await pRetry(() => stripe.charges.create({ amount: job.amount, currency: 'usd', source: job.source, metadata: { orderId: job.orderId } }, { idempotencyKey: key }), { retries: 3 });
}`,
      errors: [
        {
          messageId: 'freshKey',
          line: 7,
          column: 159,
          data: { call: 'stripe.charges.create', provider: 'Stripe', source: 'randomUUID()', sourceLine: '6', repeat: repeatOf('charge') },
          suggestions: [
            {
              messageId: 'deriveKey',
              data: { id: 'job.orderId' },
              output: stripeHeader + `import { randomUUID } from 'node:crypto';
import pRetry from 'p-retry';
export async function chargeJob(job: { orderId: string; source: string; amount: number }) {
  const key = \`charge-\${job.orderId}\`;
  await pRetry(() => stripe.charges.create({ amount: job.amount, currency: 'usd', source: job.source, metadata: { orderId: job.orderId } }, { idempotencyKey: key }), { retries: 3 });
}`,
            },
          ],
        },
      ],
    },
    {
      // fresh-helper
      code: stripeHeader + `import { randomBytes } from 'crypto';
function newKey() {
  return randomBytes(16).toString('hex');
}
export async function charge(order: { id: string; total: number }, source: string) {
  return stripe.charges.create({ amount: order.total, currency: 'usd', source, description: \`Order \${order.id}\` }, { idempotencyKey: newKey() });
}`,
      errors: [
        {
          messageId: 'freshKey',
          line: 8,
          column: 134,
          data: { call: 'stripe.charges.create', provider: 'Stripe', source: 'newKey()', sourceLine: '8', repeat: repeatOf('charge') },
          suggestions: [
            {
              messageId: 'deriveKey',
              output: stripeHeader + `import { randomBytes } from 'crypto';
function newKey() {
  return randomBytes(16).toString('hex');
}
export async function charge(order: { id: string; total: number }, source: string) {
  return stripe.charges.create({ amount: order.total, currency: 'usd', source, description: \`Order \${order.id}\` }, { idempotencyKey: \`charge-\${order.id}\` });
}`,
            },
          ],
        },
      ],
    },
    {
      // injected-client
      code: `import Stripe from 'stripe';
export class PaymentsService {
  constructor(private readonly stripe: Stripe) {}
  async refundOrder(order: { id: string; paymentIntentId: string }) {
    return this.stripe.refunds.create({ payment_intent: order.paymentIntentId });
  }
}`,
      errors: [
        {
          messageId: 'missingKey',
          line: 5,
          column: 12,
          data: { call: 'this.stripe.refunds.create', provider: 'Stripe', repeat: repeatOf('refund') },
          suggestions: [
            {
              messageId: 'addKey',
              data: { id: 'order.paymentIntentId' },
              output: `import Stripe from 'stripe';
export class PaymentsService {
  constructor(private readonly stripe: Stripe) {}
  async refundOrder(order: { id: string; paymentIntentId: string }) {
    return this.stripe.refunds.create({ payment_intent: order.paymentIntentId }, { idempotencyKey: \`refund-\${order.paymentIntentId}\` });
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // imported-client-by-name
      code: `import { stripe } from '../lib/stripe';
export async function chargeBooking(bookingId: string, customer: string, amount: number) {
  await stripe.invoiceItems.create({ customer, amount, currency: 'eur' });
}`,
      errors: [
        {
          messageId: 'missingKey',
          line: 3,
          column: 9,
          suggestions: [
            {
              messageId: 'addKey',
              output: `import { stripe } from '../lib/stripe';
export async function chargeBooking(bookingId: string, customer: string, amount: number) {
  await stripe.invoiceItems.create({ customer, amount, currency: 'eur' }, { idempotencyKey: \`invoice-item-\${bookingId}\` });
}`,
            },
          ],
        },
      ],
    },
    {
      // commonjs-factory
      code: `const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);
async function chargeOrder(order) {
  return stripe.charges.create({ amount: order.total, currency: 'usd', customer: order.customerId, metadata: { order_id: order.id } });
}
module.exports = { chargeOrder };`,
      filename: fixtureFile('project', 'src/billing.js'),
      errors: [
        {
          messageId: 'missingKey',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'addKey',
              output: `const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);
async function chargeOrder(order) {
  return stripe.charges.create({ amount: order.total, currency: 'usd', customer: order.customerId, metadata: { order_id: order.id } }, { idempotencyKey: \`charge-\${order.id}\` });
}
module.exports = { chargeOrder };`,
            },
          ],
        },
      ],
    },
    {
      // dynamic-import
      code: `export async function refundOrder(orderId: string, paymentIntent: string) {
  const Stripe = (await import('stripe')).default;
  const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
  const { default: StripeClient } = await import('stripe');
  await new StripeClient('sk_test').refunds.create({ payment_intent: paymentIntent });
  return stripe.refunds.create({ payment_intent: paymentIntent });
}`,
      errors: [
        {
          messageId: 'missingKey',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'addKey',
              output: `export async function refundOrder(orderId: string, paymentIntent: string) {
  const Stripe = (await import('stripe')).default;
  const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
  const { default: StripeClient } = await import('stripe');
  await new StripeClient('sk_test').refunds.create({ payment_intent: paymentIntent }, { idempotencyKey: \`refund-\${orderId}\` });
  return stripe.refunds.create({ payment_intent: paymentIntent });
}`,
            },
          ],
        },
        {
          messageId: 'missingKey',
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: 'addKey',
              output: `export async function refundOrder(orderId: string, paymentIntent: string) {
  const Stripe = (await import('stripe')).default;
  const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
  const { default: StripeClient } = await import('stripe');
  await new StripeClient('sk_test').refunds.create({ payment_intent: paymentIntent });
  return stripe.refunds.create({ payment_intent: paymentIntent }, { idempotencyKey: \`refund-\${orderId}\` });
}`,
            },
          ],
        },
      ],
    },
    {
      // opaque-call-by-name
      code: `import { container } from './container';
const stripe = container.resolve('stripe');
export const payout = (amount: number) => stripe.payouts.create({ amount, currency: 'usd' });`,
      errors: [{ messageId: 'missingKey', line: 3, column: 43, suggestions: [] }],
    },
    {
      // factory-call
      code: `import { getStripe } from '@/lib/stripe';
export async function payout(amount: number) {
  await getStripe().payouts.create({ amount, currency: 'usd' });
}`,
      errors: [{ messageId: 'missingKey', line: 3, column: 9, suggestions: [] }],
    },
    {
      // square-legacy-destructured
      code: `import { Client } from 'square';
import { randomUUID } from 'crypto';
const { paymentsApi } = new Client({ accessToken: process.env.SQUARE_ACCESS_TOKEN, environment: 'sandbox' as never });
export async function submitPayment(sourceId: string, orderId: string) {
  const { result } = await paymentsApi.createPayment({
    sourceId,
    idempotencyKey: randomUUID(),
    amountMoney: { currency: 'USD', amount: BigInt(100) },
  });
  return result;
}`,
      errors: [
        {
          messageId: 'freshKey',
          line: 7,
          column: 21,
          data: { call: 'paymentsApi.createPayment', provider: 'Square', source: 'randomUUID()', sourceLine: '7', repeat: repeatOf('payment') },
          suggestions: [
            {
              messageId: 'deriveKey',
              output: `import { Client } from 'square';
import { randomUUID } from 'crypto';
const { paymentsApi } = new Client({ accessToken: process.env.SQUARE_ACCESS_TOKEN, environment: 'sandbox' as never });
export async function submitPayment(sourceId: string, orderId: string) {
  const { result } = await paymentsApi.createPayment({
    sourceId,
    idempotencyKey: \`payment-\${orderId}\`,
    amountMoney: { currency: 'USD', amount: BigInt(100) },
  });
  return result;
}`,
            },
          ],
        },
      ],
    },
    {
      // square-missing-body-key
      code: `import { SquareClient } from 'square';
const square = new SquareClient({ token: process.env.SQUARE_ACCESS_TOKEN });
export async function placeOrder(cartId: string, locationId: string) {
  return square.orders.create({ order: { locationId, referenceId: cartId } });
}`,
      errors: [
        {
          messageId: 'missingKey',
          line: 4,
          column: 10,
          data: { call: 'square.orders.create', provider: 'Square', repeat: repeatOf('order') },
          suggestions: [
            {
              messageId: 'addKey',
              data: { id: 'cartId' },
              output: `import { SquareClient } from 'square';
const square = new SquareClient({ token: process.env.SQUARE_ACCESS_TOKEN });
export async function placeOrder(cartId: string, locationId: string) {
  return square.orders.create({ order: { locationId, referenceId: cartId }, idempotencyKey: \`order-\${cartId}\` });
}`,
            },
          ],
        },
      ],
    },
    {
      // square-state-change-in-body
      code: `import { SquareClient } from 'square';
const square = new SquareClient({ token: process.env.SQUARE_ACCESS_TOKEN });
export const settle = (orderId: string, paymentId: string) => square.orders.pay({ orderId, paymentIds: [paymentId] });`,
      errors: [
        {
          messageId: 'missingKey',
          line: 3,
          column: 63,
          data: {
            call: 'square.orders.pay',
            provider: 'Square',
            repeat: 'the repeat fails on the order that the first request has paid already, and the caller treats an operation that succeeded as failed',
          },
          suggestions: [
            {
              messageId: 'addKey',
              data: { id: 'orderId' },
              output: `import { SquareClient } from 'square';
const square = new SquareClient({ token: process.env.SQUARE_ACCESS_TOKEN });
export const settle = (orderId: string, paymentId: string) => square.orders.pay({ orderId, paymentIds: [paymentId], idempotencyKey: \`order-pay-\${orderId}\` });`,
            },
          ],
        },
      ],
    },
    {
      // adyen-missing-options
      code: `import { Client, CheckoutAPI } from '@adyen/api-library';
const checkout = new CheckoutAPI(new Client({ apiKey: process.env.ADYEN_API_KEY!, environment: 'TEST' }));
export async function refund(pspReference: string, refundId: string, value: number) {
  return checkout.ModificationsApi.refundCapturedPayment(pspReference, { amount: { currency: 'EUR', value }, merchantAccount: 'Shop' });
}`,
      errors: [
        {
          messageId: 'missingKey',
          line: 4,
          column: 10,
          data: { call: 'checkout.ModificationsApi.refundCapturedPayment', provider: 'Adyen', repeat: repeatOf('refund') },
          suggestions: [
            {
              messageId: 'addKey',
              output: `import { Client, CheckoutAPI } from '@adyen/api-library';
const checkout = new CheckoutAPI(new Client({ apiKey: process.env.ADYEN_API_KEY!, environment: 'TEST' }));
export async function refund(pspReference: string, refundId: string, value: number) {
  return checkout.ModificationsApi.refundCapturedPayment(pspReference, { amount: { currency: 'EUR', value }, merchantAccount: 'Shop' }, { idempotencyKey: \`refund-\${refundId}\` });
}`,
            },
          ],
        },
      ],
    },
    {
      // adyen-destructured-from-default
      code: `import AdyenAPI from '@adyen/api-library';
const { Client, CheckoutAPI } = AdyenAPI;
const checkout = new CheckoutAPI(new Client({ apiKey: 'key', environment: 'TEST' }));
export const pay = (request: never) => checkout.PaymentsApi.payments(request, { idempotencyKey: \`pay-\${Date.now()}\` });`,
      errors: [{ messageId: 'freshKey', line: 4, column: 97, suggestions: [] }],
    },
    {
      // computed-and-odd-arguments
      code: stripeHeader + `export async function odd(paymentIntentId: string) {
  await stripe.paymentIntents.confirm();
  await stripe['paymentIntents'].confirm(paymentIntentId, undefined);
}`,
      errors: [
        { messageId: 'missingKey', line: 4, column: 9, suggestions: [] },
        {
          messageId: 'missingKey',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'addKey',
              data: { id: 'paymentIntentId' },
              output: stripeHeader + `export async function odd(paymentIntentId: string) {
  await stripe.paymentIntents.confirm();
  await stripe['paymentIntents'].confirm(paymentIntentId, undefined, { idempotencyKey: \`payment-intent-confirm-\${paymentIntentId}\` });
}`,
            },
          ],
        },
      ],
    },
  ],
});

typedRuleTester.run('require-idempotency-key (typed)', rule, {
  valid: [
    // typed-other-client
    {
      code: `declare const stripe: { refunds: { create(params: object): Promise<void> } };
export const refund = (paymentIntent: string) => stripe.refunds.create({ payment_intent: paymentIntent });`,
    },
  ],
  invalid: [
    {
      // client-known-by-its-type
      code: `import type Stripe from 'stripe';
declare function paymentsClient(): Stripe;
const payments = paymentsClient();
export const refund = (paymentIntent: string) => payments.refunds.create({ payment_intent: paymentIntent });`,
      errors: [{ messageId: 'missingKey', line: 4, column: 50, suggestions: [] }],
    },
  ],
});
