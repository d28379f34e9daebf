import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { prisma } from '@/lib/db';
import { sendEmail } from '@/lib/email';
import { stripe } from '@/lib/stripe';

// Every event is logged before it is handled, but StripeEvent.eventId is only indexed: the log
// does not stop a second delivery, which sends the dunning mail again.
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, process.env.STRIPE_WEBHOOK_SECRET!);
  await prisma.stripeEvent.create({ data: { eventId: event.id, type: event.type } }); // expect: race/require-webhook-idempotency

  if (event.type === 'invoice.payment_failed') {
    const invoice = event.data.object as Stripe.Invoice;
    await sendEmail(invoice.customer_email ?? '', 'Payment failed', '<p>Please update your card.</p>');
  }
  return NextResponse.json({ received: true });
}
