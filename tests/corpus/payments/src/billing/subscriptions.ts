import type Stripe from 'stripe';
import { prisma } from '../lib/db.js';
import { stripe } from '../lib/stripe.js';

interface Signup {
  id: string;
  email: string;
  priceId: string;
  paymentMethodId: string;
}

/** Called from the signup form's submit handler and again by the retry queue when it times out. */
export async function startSubscription(signup: Signup) {
  // Creating the customer twice leaves a duplicate customer, but moves no money.
  const customer = await stripe.customers.create({ email: signup.email, payment_method: signup.paymentMethodId }); // safe: race/require-idempotency-key
  const subscription = await stripe.subscriptions.create({ // expect: race/require-idempotency-key
    customer: customer.id,
    items: [{ price: signup.priceId }],
    default_payment_method: signup.paymentMethodId,
  });
  await prisma.signup.update({ where: { id: signup.id }, data: { subscriptionId: subscription.id } });
  return subscription;
}

/** Adds the setup fee to the customer's next invoice, once per signup. */
export async function addSetupFee(signupId: string, customer: string, amount: number) {
  return stripe.invoiceItems.create( // safe: race/require-idempotency-key
    { customer, amount, currency: 'usd', description: 'Setup fee' },
    { idempotencyKey: `setup-fee-${signupId}` },
  );
}

/** Overage billed at the end of the month by a cron job that may run twice. */
export async function billOverage(customer: string, units: number) {
  await stripe.invoiceItems.create({ customer, amount: units * 5, currency: 'usd', description: 'Overage' }); // expect: race/require-idempotency-key
}

/** "Retry payment" button on the billing page. */
export async function retryInvoice(invoice: Stripe.Invoice) {
  if (invoice.status !== 'open' || !invoice.id) return invoice;
  return stripe.invoices.pay(invoice.id); // expect: race/require-idempotency-key
}

export async function invoiceHistory(customer: string) {
  const invoices = await stripe.invoices.list({ customer, limit: 24 }); // safe: race/require-idempotency-key
  return invoices.data.map((invoice) => ({ id: invoice.id, total: invoice.total, status: invoice.status }));
}

/** Plan changes are updates of the subscription, not new charges. */
export async function changePlan(subscriptionId: string, itemId: string, priceId: string) {
  return stripe.subscriptions.update(subscriptionId, { items: [{ id: itemId, price: priceId }], proration_behavior: 'create_prorations' }); // safe: race/require-idempotency-key
}
