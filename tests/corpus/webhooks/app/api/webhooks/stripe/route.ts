import { headers } from 'next/headers';
import { NextResponse } from 'next/server';
import type Stripe from 'stripe';
import { prisma } from '@/lib/db';
import { sendEmail } from '@/lib/email';
import { stripe } from '@/lib/stripe';

// The usual boilerplate: verify, switch on the type, act. Stripe retries an event until it gets a
// 2xx, and can deliver it twice at once; nothing here notices a second delivery.
export async function POST(req: Request) {
  const body = await req.text();
  const signature = (await headers()).get('stripe-signature');
  if (!signature) return NextResponse.json({ error: 'missing signature' }, { status: 400 });

  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch (err) {
    return NextResponse.json({ error: `Webhook Error: ${(err as Error).message}` }, { status: 400 });
  }

  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object as Stripe.Checkout.Session;
      // stripeSessionId is unique: a second delivery fails here before the receipt goes out.
      await prisma.order.create({
        data: { stripeSessionId: session.id, userId: session.client_reference_id!, amount: session.amount_total ?? 0 },
      });
      await sendEmail(session.customer_details!.email!, 'Your receipt', '<p>Thanks for your order.</p>'); // safe: race/require-webhook-idempotency
      break;
    }
    case 'invoice.paid': {
      const invoice = event.data.object as Stripe.Invoice;
      const user = await prisma.user.findUnique({ where: { stripeCustomerId: String(invoice.customer) } });
      if (!user) break;
      // Each delivery of the same invoice.paid adds another 1,000 credits.
      await prisma.creditGrant.create({ data: { userId: user.id, amount: 1000, reason: `invoice ${invoice.id}` } }); // expect: race/require-webhook-idempotency
      break;
    }
    case 'customer.subscription.deleted': {
      const subscription = event.data.object as Stripe.Subscription;
      await prisma.user.update({ where: { stripeCustomerId: String(subscription.customer) }, data: { plan: 'free' } });
      break;
    }
  }

  return NextResponse.json({ received: true });
}
