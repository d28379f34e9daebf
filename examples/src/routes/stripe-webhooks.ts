import { Prisma } from '@prisma/client';
import express, { Router } from 'express';
import type Stripe from 'stripe';
import { prisma } from '../db.js';
import { stripe } from '../stripe.js';

export const stripeWebhooks = Router();

// RACE: Stripe delivers an event at least once and retries it when the answer is slow; every
// delivery of the same payment_intent.succeeded credits the order again.
stripeWebhooks.post('/webhooks/stripe', express.raw({ type: 'application/json' }), async (req, res) => {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.header('stripe-signature') ?? '', process.env.STRIPE_WEBHOOK_SECRET ?? '');
  } catch {
    res.status(400).send('bad signature');
    return;
  }
  if (event.type === 'payment_intent.succeeded') {
    const intent = event.data.object;
    await prisma.order.update({
      where: { id: Number(intent.metadata.orderId) },
      data: { amountPaid: { increment: intent.amount_received }, status: 'paid' },
    });
  }
  res.json({ received: true });
});

// FIXED: the event id is claimed in the same transaction as the credit; a second delivery fails on
// StripeEvent's primary key, credits nothing, and is answered with success.
stripeWebhooks.post('/v2/webhooks/stripe', express.raw({ type: 'application/json' }), async (req, res) => {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.header('stripe-signature') ?? '', process.env.STRIPE_WEBHOOK_SECRET ?? '');
  } catch {
    res.status(400).send('bad signature');
    return;
  }
  if (event.type === 'payment_intent.succeeded') {
    const intent = event.data.object;
    try {
      await prisma.$transaction([
        prisma.stripeEvent.create({ data: { id: event.id, type: event.type } }),
        prisma.order.update({
          where: { id: Number(intent.metadata.orderId) },
          data: { amountPaid: { increment: intent.amount_received }, status: 'paid' },
        }),
      ]);
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
    }
  }
  res.json({ received: true });
});
