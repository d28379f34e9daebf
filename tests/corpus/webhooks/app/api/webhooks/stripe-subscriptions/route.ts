import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { prisma } from '@/lib/db';
import { stripe } from '@/lib/stripe';

// Only state copied from the event, keyed by Stripe's own ids: applying it twice changes nothing.
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, process.env.STRIPE_WEBHOOK_SECRET!);

  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated': {
      const sub = event.data.object as Stripe.Subscription;
      const fields = {
        userId: String(sub.metadata.userId),
        status: sub.status,
        priceId: sub.items.data[0]!.price.id,
        renewsAt: new Date(sub.current_period_end * 1000),
      };
      await prisma.subscription.upsert({ where: { id: sub.id }, update: fields, create: { id: sub.id, ...fields } }); // safe: race/require-webhook-idempotency
      break;
    }
    case 'customer.subscription.deleted': {
      const sub = event.data.object as Stripe.Subscription;
      await prisma.subscription.update({ where: { id: sub.id }, data: { status: 'canceled' } }); // safe: race/require-webhook-idempotency
      await prisma.user.update({ where: { stripeCustomerId: String(sub.customer) }, data: { plan: 'free' } });
      break;
    }
  }
  return NextResponse.json({ received: true });
}
