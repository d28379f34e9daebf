import type Stripe from 'stripe';

export async function fulfil(event: Stripe.Event): Promise<void> {
  await Promise.resolve(event.id);
}
