import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { prisma } from '@/lib/db';
import { stripe } from '@/lib/stripe';

// The claim and the credits commit together: a duplicate delivery fails on the primary key and
// rolls back, and a failed one leaves no claim behind, so Stripe's retry runs it again.
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, process.env.STRIPE_WEBHOOK_SECRET!);
  if (event.type !== 'invoice.paid') return NextResponse.json({ ignored: event.type });
  const invoice = event.data.object as Stripe.Invoice;

  try {
    await prisma.$transaction(async (tx) => {
      await tx.processedWebhook.create({ data: { id: event.id } });
      await tx.user.update({ // safe: race/require-webhook-idempotency
        where: { stripeCustomerId: String(invoice.customer) },
        data: { credits: { increment: 1000 } },
      });
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return NextResponse.json({ received: true, duplicate: true });
    throw error;
  }
  return NextResponse.json({ received: true });
}
