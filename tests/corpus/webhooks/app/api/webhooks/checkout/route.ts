import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { prisma } from '@/lib/db';
import { sendEmail } from '@/lib/email';
import { stripe } from '@/lib/stripe';

// Every delivery is logged; the order moves from pending to paid in one conditional update, and
// only the delivery that moved it sends the receipt.
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, process.env.STRIPE_WEBHOOK_SECRET!);
  await prisma.webhookLog.create({ data: { eventId: event.id, type: event.type, payload: JSON.stringify(event) } }); // safe: race/require-webhook-idempotency

  if (event.type === 'checkout.session.completed') {
    const session = event.data.object as Stripe.Checkout.Session;
    const { count } = await prisma.order.updateMany({
      where: { stripeSessionId: session.id, status: 'pending' },
      data: { status: 'paid' },
    });
    if (count === 0) return NextResponse.json({ received: true });
    await sendEmail(session.customer_details!.email!, 'Receipt', '<p>Paid, thank you.</p>'); // safe: race/require-webhook-idempotency
  }
  return NextResponse.json({ received: true });
}
