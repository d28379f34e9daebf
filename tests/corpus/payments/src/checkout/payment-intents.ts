import { randomUUID } from 'node:crypto';
import express from 'express';
import { prisma } from '../lib/db.js';
import { stripe } from '../lib/stripe.js';

export const checkout = express.Router();

// A reload of the checkout page, or a second tab, creates another intent for the same cart.
checkout.post('/carts/:cartId/intent', async (req, res) => {
  const cart = await prisma.cart.findUniqueOrThrow({ where: { id: req.params.cartId } });
  const intent = await stripe.paymentIntents.create({ // expect: race/require-idempotency-key
    amount: cart.total,
    currency: cart.currency,
    automatic_payment_methods: { enabled: true },
    metadata: { cartId: cart.id },
  });
  res.json({ clientSecret: intent.client_secret });
});

// Keyed by the order: the second submit gets the first intent back.
checkout.post('/orders/:orderId/intent', async (req, res) => {
  const order = await prisma.order.findUniqueOrThrow({ where: { id: req.params.orderId } });
  const intent = await stripe.paymentIntents.create( // safe: race/require-idempotency-key
    { amount: order.total, currency: 'usd', customer: order.stripeCustomerId, metadata: { orderId: order.id } },
    { idempotencyKey: `order-${order.id}-payment-intent` },
  );
  res.json({ clientSecret: intent.client_secret });
});

// "Pay now" confirms server-side with a key that is new on every click.
checkout.post('/orders/:orderId/pay', async (req, res) => {
  const order = await prisma.order.findUniqueOrThrow({ where: { id: req.params.orderId } });
  const intent = await stripe.paymentIntents.create(
    {
      amount: order.total,
      currency: 'usd',
      customer: order.stripeCustomerId,
      payment_method: req.body.paymentMethodId,
      confirm: true,
      off_session: true,
    },
    { idempotencyKey: randomUUID() }, // expect: race/require-idempotency-key
  );
  res.json({ status: intent.status });
});

// The client sends the key it generated once for this checkout, and resends it on retry.
checkout.post('/express-checkout', async (req, res) => {
  const idempotencyKey = req.get('Idempotency-Key');
  if (!idempotencyKey) {
    res.status(400).json({ error: 'Idempotency-Key header required' });
    return;
  }
  const intent = await stripe.paymentIntents.create( // safe: race/require-idempotency-key
    { amount: req.body.amount, currency: 'usd', payment_method: req.body.paymentMethodId, confirm: true },
    { idempotencyKey },
  );
  res.json({ status: intent.status });
});

// Reading an intent back moves no money.
checkout.get('/intents/:id', async (req, res) => {
  const intent = await stripe.paymentIntents.retrieve(req.params.id); // safe: race/require-idempotency-key
  res.json({ status: intent.status, amount: intent.amount });
});
