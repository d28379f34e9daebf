import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { notifyCustomer } from '@/lib/notify';
import { stripe } from '@/lib/stripe';

// The mail is sent by a helper in another module; a redelivery sends it again.
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, process.env.STRIPE_WEBHOOK_SECRET!);
  if (event.type === 'charge.dispute.created') {
    const dispute = event.data.object as Stripe.Dispute;
    await notifyCustomer(String(dispute.evidence.customer_email_address), 'About your payment', 'We have received a dispute.'); // expect: race/require-webhook-idempotency
  }
  return NextResponse.json({ received: true });
}
