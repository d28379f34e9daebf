import { nanoid } from 'nanoid';
import { NextResponse } from 'next/server';
import { getStripe } from '../../../src/lib/get-stripe.js';

// Hosted checkout: a second session for the same cart is harmless, the customer pays on one.
export async function POST(request: Request) {
  const { cartId, priceId } = (await request.json()) as { cartId: string; priceId: string };
  const session = await getStripe().checkout.sessions.create({ // safe: race/require-idempotency-key
    mode: 'payment',
    line_items: [{ price: priceId, quantity: 1 }],
    client_reference_id: cartId,
    success_url: 'https://shop.example/thanks',
  });
  return NextResponse.json({ url: session.url });
}

// One-click reorder: the key is a nanoid made per request, so a double click charges twice.
export async function PUT(request: Request) {
  const { customerId, paymentMethodId, amount } = (await request.json()) as { customerId: string; paymentMethodId: string; amount: number };
  const stripe = getStripe();
  const intent = await stripe.paymentIntents.create(
    { amount, currency: 'usd', customer: customerId, payment_method: paymentMethodId, confirm: true, off_session: true },
    { idempotencyKey: `reorder_${nanoid()}` }, // expect: race/require-idempotency-key
  );
  return NextResponse.json({ status: intent.status });
}
