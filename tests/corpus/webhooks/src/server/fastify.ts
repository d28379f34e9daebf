import Fastify from 'fastify';
import { Pool } from 'pg';
import Stripe from 'stripe';

const pool = new Pool();
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
export const server = Fastify();

// The claim is an INSERT … ON CONFLICT DO NOTHING on the primary key; only the delivery that
// inserted the row goes on.
server.post('/webhooks/stripe', { config: { rawBody: true } }, async (request, reply) => {
  const signature = request.headers['stripe-signature'] as string;
  const event = stripe.webhooks.constructEvent(request.rawBody as string, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  const claim = await pool.query('INSERT INTO handled_events (id) VALUES ($1) ON CONFLICT DO NOTHING', [event.id]);
  if (claim.rowCount === 0) return reply.send({ received: true });
  if (event.type === 'invoice.paid') {
    const invoice = event.data.object as Stripe.Invoice;
    await pool.query('UPDATE accounts SET credits = credits + 1000 WHERE paddle_customer_id = $1', [invoice.customer]); // safe: race/require-webhook-idempotency
  }
  return reply.send({ received: true });
});

// Top-ups applied with an atomic increment: atomic against each other, but each delivery adds.
server.route({
  method: 'POST',
  url: '/webhooks/stripe/topups',
  handler: async (request, reply) => {
    const event = stripe.webhooks.constructEvent(request.body as string, request.headers['stripe-signature'] as string, process.env.STRIPE_TOPUP_SECRET!);
    if (event.type === 'topup.succeeded') {
      const topup = event.data.object as Stripe.Topup;
      await pool.query('UPDATE accounts SET credits = credits + $1 WHERE paddle_customer_id = $2', [topup.amount, topup.metadata.customer]); // expect: race/require-webhook-idempotency
    }
    return reply.send({ received: true });
  },
});
