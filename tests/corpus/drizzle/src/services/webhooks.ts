import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { db } from '../db/client';
import { webhookEvents } from '../db/schema';
import { fulfil } from './fulfil';

// Claim-after-check on the (provider, eventId) primary key: a retried delivery dies on 23505
// after the first one has started fulfilling.
export async function onStripeEvent(event: Stripe.Event) {
  const seen = await db.query.webhookEvents.findFirst({
    where: and(eq(webhookEvents.provider, 'stripe'), eq(webhookEvents.eventId, event.id)),
  });
  if (seen) return;
  await db.insert(webhookEvents).values({ provider: 'stripe', eventId: event.id }); // expect: race/no-check-then-create
  await fulfil(event);
}

// Claim first: the insert that wins the key is the one that fulfils.
export async function onStripeEventOnce(event: Stripe.Event) {
  const claimed = await db
    .insert(webhookEvents) // safe: race/no-check-then-create
    .values({ provider: 'stripe', eventId: event.id })
    .onConflictDoNothing()
    .returning();
  if (claimed.length === 0) return;
  await fulfil(event);
}
