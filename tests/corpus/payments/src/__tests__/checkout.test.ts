import { describe, expect, it } from 'vitest';
import { stripe } from '../lib/stripe.js';

describe('checkout against the Stripe test mode', () => {
  it('charges a test card', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }); // safe: race/require-idempotency-key
    expect(intent.status).toBe('succeeded');
  });
});
