import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { prisma } from '@/lib/db';
import { redis } from '@/lib/redis';
import { stripe } from '@/lib/stripe';

/** True for the first delivery of an event: SET NX answers null to every later one for three days. */
async function firstDelivery(id: string): Promise<boolean> {
  return (await redis.set(`stripe:event:${id}`, '1', 'EX', 60 * 60 * 24 * 3, 'NX')) === 'OK';
}

export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, process.env.STRIPE_WEBHOOK_SECRET!);
  if (!(await firstDelivery(event.id))) return NextResponse.json({ received: true });

  if (event.type === 'charge.refunded') {
    const charge = event.data.object as Stripe.Charge;
    await prisma.creditGrant.create({ data: { userId: String(charge.metadata.userId), amount: -charge.amount_refunded, reason: 'refund' } }); // safe: race/require-webhook-idempotency
  }
  return NextResponse.json({ received: true });
}
