import { Prisma } from '@prisma/client';
import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { prisma } from '@/lib/db';
import { sendEmail } from '@/lib/email';
import { stripe } from '@/lib/stripe';

// Claim first, and treat the primary-key violation as "already handled".
export async function POST(req: Request) {
  const signature = req.headers.get('stripe-signature') ?? '';
  const event = stripe.webhooks.constructEvent(await req.text(), signature, process.env.STRIPE_CONNECT_SECRET!);

  try {
    await prisma.processedWebhook.create({ data: { id: event.id } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return NextResponse.json({ received: true });
    }
    throw error;
  }

  if (event.type === 'payout.paid') {
    const payout = event.data.object as Stripe.Payout;
    await prisma.payment.create({ data: { paymentIntentId: payout.id, amount: payout.amount, status: 'paid_out' } }); // safe: race/require-webhook-idempotency
    await sendEmail(String(payout.metadata?.email), 'Payout sent', `<p>${payout.amount / 100} is on its way.</p>`);
  }
  return NextResponse.json({ received: true });
}
