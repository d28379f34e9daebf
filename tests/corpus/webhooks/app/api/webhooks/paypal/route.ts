import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';
import { sendEmail } from '@/lib/email';

const PAYPAL_API = process.env.PAYPAL_API ?? 'https://api-m.paypal.com';

// The order's status is read, then the mail goes out, then the status is written: two deliveries
// of the same capture both read "pending" and both send the mail.
export async function POST(req: Request) {
  const event = await req.json();
  const verification = await fetch(`${PAYPAL_API}/v1/notifications/verify-webhook-signature`, { // safe: race/require-webhook-idempotency
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.PAYPAL_TOKEN}` },
    body: JSON.stringify({
      transmission_id: req.headers.get('paypal-transmission-id'),
      transmission_sig: req.headers.get('paypal-transmission-sig'),
      webhook_id: process.env.PAYPAL_WEBHOOK_ID,
      webhook_event: event,
    }),
  });
  if ((await verification.json()).verification_status !== 'SUCCESS') {
    return NextResponse.json({ error: 'invalid signature' }, { status: 400 });
  }

  if (event.event_type === 'PAYMENT.CAPTURE.COMPLETED') {
    const sessionId = event.resource.custom_id as string;
    const order = await prisma.order.findUnique({ where: { stripeSessionId: sessionId } });
    if (!order || order.status === 'paid') return NextResponse.json({ received: true });
    await sendEmail(event.resource.payer.email_address, 'Payment received', '<p>Thank you!</p>'); // expect: race/require-webhook-idempotency
    await prisma.order.update({ where: { id: order.id }, data: { status: 'paid' } });
  }
  return NextResponse.json({ received: true });
}
