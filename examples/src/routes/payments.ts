import { Router } from 'express';
import { prisma } from '../db.js';
import { stripe } from '../stripe.js';

export const payments = Router();

// RACE: a double click on "Pay", or a client retrying after a timeout, sends two requests; Stripe
// cannot tell them apart and charges the card twice.
payments.post('/orders/:id/pay', async (req, res) => {
  const order = await prisma.order.findUnique({ where: { id: Number(req.params.id) } });
  if (!order || order.status !== 'pending') {
    res.status(404).json({ error: 'no pending order' });
    return;
  }
  const intent = await stripe.paymentIntents.create({
    amount: order.total,
    currency: 'usd',
    payment_method: String(req.body.paymentMethodId),
    confirm: true,
    metadata: { orderId: String(order.id) },
  });
  res.json({ status: intent.status, clientSecret: intent.client_secret });
});

// FIXED: the key names this order's payment, so Stripe answers a repeat with the first intent.
payments.post('/v2/orders/:id/pay', async (req, res) => {
  const order = await prisma.order.findUnique({ where: { id: Number(req.params.id) } });
  if (!order || order.status !== 'pending') {
    res.status(404).json({ error: 'no pending order' });
    return;
  }
  const intent = await stripe.paymentIntents.create(
    {
      amount: order.total,
      currency: 'usd',
      payment_method: String(req.body.paymentMethodId),
      confirm: true,
      metadata: { orderId: String(order.id) },
    },
    { idempotencyKey: `payment-intent-${order.id}` },
  );
  res.json({ status: intent.status, clientSecret: intent.client_secret });
});
