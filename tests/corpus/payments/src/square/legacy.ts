import { randomUUID } from 'crypto';
import { Client, Environment } from 'square/legacy';

// The legacy API (`square/legacy`, the whole SDK before v40), as its quick start shows it: a fresh key per call.
const { paymentsApi, refundsApi } = new Client({
  accessToken: process.env.SQUARE_ACCESS_TOKEN,
  environment: Environment.Sandbox,
});

export async function submitPayment(sourceId: string, amount: bigint) {
  const { result } = await paymentsApi.createPayment({
    sourceId,
    idempotencyKey: randomUUID(), // expect: race/require-idempotency-key
    amountMoney: { currency: 'USD', amount },
  });
  return result.payment;
}

/** The form posts the key it generated when it was rendered: a resubmit reuses it. */
export async function submitPaymentOnce(sourceId: string, amount: bigint, formKey: string) {
  const { result } = await paymentsApi.createPayment({ // safe: race/require-idempotency-key
    sourceId,
    idempotencyKey: formKey,
    amountMoney: { currency: 'USD', amount },
  });
  return result.payment;
}

export async function refund(paymentId: string, amount: bigint) {
  const request = {
    paymentId,
    idempotencyKey: randomUUID(), // expect: race/require-idempotency-key
    amountMoney: { currency: 'USD', amount },
  };
  const { result } = await refundsApi.refundPayment(request);
  return result.refund;
}
