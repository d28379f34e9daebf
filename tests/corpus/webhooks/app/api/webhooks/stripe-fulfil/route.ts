import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { grantCredits } from '@/lib/credits';
import { stripe } from '@/lib/stripe';

// The work lives in a helper module; a second delivery grants the pack again.
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, process.env.STRIPE_WEBHOOK_SECRET!);
  if (event.type === 'checkout.session.completed') {
    const session = event.data.object as Stripe.Checkout.Session;
    await grantCredits(session.client_reference_id!, 5000, 'credit pack'); // expect: race/require-webhook-idempotency
  }
  return NextResponse.json({ received: true });
}
