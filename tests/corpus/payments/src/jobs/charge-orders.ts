import { randomUUID } from 'node:crypto';
import pRetry from 'p-retry';
import { stripe } from '../lib/stripe.js';

interface ChargeJob {
  orderId: string;
  customerId: string;
  paymentMethodId: string;
  amount: number;
}

/**
 * The key is made once per run and reused by the in-process retries: those are safe, but a
 * redelivered job makes a new key and charges again.
 */
export async function chargeOrder(job: ChargeJob) {
  const idempotencyKey = randomUUID();
  return pRetry(
    () =>
      stripe.paymentIntents.create(
        { amount: job.amount, currency: 'usd', customer: job.customerId, payment_method: job.paymentMethodId, confirm: true, off_session: true },
        { idempotencyKey }, // expect: race/require-idempotency-key
      ),
    { retries: 3 },
  );
}

/** Keyed by the order and the attempt the scheduler counts: a redelivery of one attempt is a repeat. */
export async function chargeOrderAttempt(job: ChargeJob, attempt: number) {
  return stripe.paymentIntents.create( // safe: race/require-idempotency-key
    { amount: job.amount, currency: 'usd', customer: job.customerId, payment_method: job.paymentMethodId, confirm: true, off_session: true },
    { idempotencyKey: `${job.orderId}:${attempt}` },
  );
}

/** Known miss: the fresh key is made by the caller, in another function. */
export async function chargeWithKey(job: ChargeJob, idempotencyKey: string) {
  return stripe.charges.create({ amount: job.amount, currency: 'usd', customer: job.customerId }, { idempotencyKey }); // expect: race/require-idempotency-key
}

export async function chargeAll(jobs: ChargeJob[]) {
  for (const job of jobs) await chargeWithKey(job, randomUUID());
}
