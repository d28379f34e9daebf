import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { prisma } from '@/lib/db';
import { stripe } from '@/lib/stripe';

// "Idempotency check" done with a lookup, and the event recorded once the work is done. Two
// deliveries that overlap both find nothing and both add the credits.
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(
    await req.text(),
    req.headers.get('stripe-signature') ?? '',
    process.env.STRIPE_WEBHOOK_SECRET!,
  );

  const existing = await prisma.webhookEvent.findUnique({ where: { id: event.id } });
  if (existing) {
    return NextResponse.json({ received: true, duplicate: true });
  }

  if (event.type === 'invoice.paid') {
    const invoice = event.data.object as Stripe.Invoice;
    await prisma.user.update({ // expect: race/require-webhook-idempotency
      where: { stripeCustomerId: String(invoice.customer) },
      data: { credits: { increment: 1000 } },
    });
  }

  await prisma.webhookEvent.create({ data: { id: event.id, type: event.type } }); // expect: race/no-check-then-create
  return NextResponse.json({ received: true });
}
