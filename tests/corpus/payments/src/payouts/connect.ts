import { stripe } from '../lib/stripe.js';

interface Payout {
  id: string;
  sellerAccountId: string;
  amount: number;
}

/** Weekly settlement: moves each seller's balance to their connected account. */
export async function settle(payout: Payout) {
  return stripe.transfers.create( // safe: race/require-idempotency-key
    { amount: payout.amount, currency: 'usd', destination: payout.sellerAccountId, transfer_group: payout.id },
    { idempotencyKey: `settlement-${payout.id}` },
  );
}

/** The same transfer keyed by the clock: a rerun a millisecond later transfers again. */
export async function settleNow(sellerAccountId: string, amount: number) {
  return stripe.transfers.create(
    { amount, currency: 'usd', destination: sellerAccountId },
    { idempotencyKey: `transfer-${sellerAccountId}-${Date.now()}` }, // expect: race/require-idempotency-key
  );
}

/** Instant payout from the seller dashboard's "Withdraw" button. */
export async function withdraw(sellerAccountId: string, withdrawalId: string, amount: number) {
  return stripe.payouts.create( // expect: race/require-idempotency-key
    { amount, currency: 'usd', method: 'instant' },
    { stripeAccount: sellerAccountId },
  );
}

/** Clawback when an order is refunded after settlement. */
export async function reverse(transferId: string, amount: number) {
  return stripe.transfers.createReversal(transferId, { amount }); // expect: race/require-idempotency-key
}

/** The seller's balance, read on every dashboard load. */
export async function balanceOf(sellerAccountId: string) {
  return stripe.balance.retrieve({ stripeAccount: sellerAccountId }); // safe: race/require-idempotency-key
}
