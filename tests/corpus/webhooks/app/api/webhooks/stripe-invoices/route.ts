import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { prisma } from '@/lib/db';
import { stripe } from '@/lib/stripe';

// The claim holds: the primary key lets one delivery through. But the duplicate dies on P2002,
// answers 500, and Stripe keeps retrying an event that was handled long ago.
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, process.env.STRIPE_WEBHOOK_SECRET!);

  await prisma.processedWebhook.create({ data: { id: event.id } }); // expect: race/require-webhook-idempotency

  if (event.type === 'invoice.payment_failed') {
    const invoice = event.data.object as Stripe.Invoice;
    await prisma.creditGrant.create({ data: { userId: String(invoice.customer), amount: -500, reason: 'failed payment fee' } });
  }
  return NextResponse.json({ received: true });
}
