import type Stripe from 'stripe';
import { WebhookEvent } from '../models/webhook-event';
import { fulfilOrder } from './orders';

// Stripe retries deliveries: two at once both miss the event and the second dies on E11000
// after the first has fulfilled, so Stripe retries again.
export async function handleStripeEvent(event: Stripe.Event) {
  const seen = await WebhookEvent.findOne({ eventId: event.id });
  if (seen) return;
  await WebhookEvent.create({ eventId: event.id, type: event.type }); // expect: race/no-check-then-create
  await fulfilOrder(event);
}

// Claim the event id first and treat a duplicate key as "already handled".
export async function handleStripeEventOnce(event: Stripe.Event) {
  if (await WebhookEvent.exists({ eventId: event.id })) return;
  try {
    await WebhookEvent.create({ eventId: event.id, type: event.type }); // safe: race/no-check-then-create
  } catch (error) {
    if (error instanceof Object && 'code' in error && error.code === 11000) return;
    throw error;
  }
  await fulfilOrder(event);
}

// Logging every delivery: the insert does not depend on the lookup.
export async function logDelivery(event: Stripe.Event) {
  const previous = await WebhookEvent.countDocuments({ type: event.type });
  await WebhookEvent.create({ eventId: `${event.id}:${previous}`, type: event.type }); // safe: race/no-check-then-create
}
