import type Stripe from 'stripe';

export async function fulfilOrder(event: Stripe.Event): Promise<void> {
  await Promise.resolve(event.id);
}
