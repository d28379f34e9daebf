import crypto from 'node:crypto';
import { Webhooks } from '@octokit/webhooks';
import { Queue } from 'bullmq';
import express from 'express';
import { Pool } from 'pg';
import { Webhook } from 'svix';
import { prisma } from '../../lib/db';
import { redis } from '../../lib/redis';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const github = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET! });
const deliveries = new Queue('deliveries', { connection: { host: 'localhost' } });
export const app = express();

// GitHub redelivers on timeouts: a second delivery posts to Slack again.
app.post('/webhooks/github', express.text({ type: 'application/json' }), async (req, res) => {
  const ok = await github.verify(req.body, req.header('x-hub-signature-256') ?? '');
  if (!ok) return res.status(401).send('bad signature');
  const event = req.header('x-github-event');
  const payload = JSON.parse(req.body);
  if (event === 'release') {
    await fetch(process.env.SLACK_WEBHOOK_URL!, { // expect: race/require-webhook-idempotency
      method: 'POST',
      body: JSON.stringify({ text: `Released ${payload.release.tag_name}` }),
    });
  }
  res.sendStatus(202);
});

// Shopify's HMAC checked by hand, then the webhook id claimed with SET NX before the ERP call.
app.post('/webhooks/shopify/orders', express.raw({ type: 'application/json' }), async (req, res) => {
  const hmac = req.get('x-shopify-hmac-sha256') ?? '';
  const digest = crypto.createHmac('sha256', process.env.SHOPIFY_API_SECRET!).update(req.body).digest('base64');
  if (!crypto.timingSafeEqual(Buffer.from(digest), Buffer.from(hmac))) return res.sendStatus(401);

  const webhookId = req.get('x-shopify-webhook-id');
  const first = await redis.set(`shopify:webhook:${webhookId}`, '1', 'EX', 60 * 60 * 48, 'NX');
  if (first === null) return res.sendStatus(200);
  await fetch(`${process.env.ERP_URL}/sales-orders`, { method: 'POST', body: req.body }); // safe: race/require-webhook-idempotency
  res.sendStatus(200);
});

// Svix deliveries handed to a queue whose job id is the message id: BullMQ keeps one job per id.
app.post('/webhooks/svix', express.raw({ type: 'application/json' }), async (req, res) => {
  const wh = new Webhook(process.env.SVIX_SECRET!);
  const headers = {
    'svix-id': req.header('svix-id')!,
    'svix-timestamp': req.header('svix-timestamp')!,
    'svix-signature': req.header('svix-signature')!,
  };
  const message = wh.verify(req.body, headers);
  await deliveries.add('deliver', message, { jobId: headers['svix-id'] }); // safe: race/require-webhook-idempotency
  res.sendStatus(204);
});

// Paddle's notification id is in the body; the purchase row has no unique key on it.
app.post('/webhooks/paddle', express.json(), async (req, res) => {
  const notification = req.body;
  if (notification.event_type === 'transaction.completed') {
    await pool.query( // expect: race/require-webhook-idempotency
      'INSERT INTO purchases (transaction_id, customer_id, amount) VALUES ($1, $2, $3)',
      [notification.data.id, notification.data.customer_id, notification.data.details.totals.total],
    );
  }
  res.json({ ok: true });
});

// An ordinary API route: a retried request is the client's to deduplicate.
app.post('/api/orders', express.json(), async (req, res) => {
  const order = await prisma.order.create({ // safe: race/require-webhook-idempotency
    data: { stripeSessionId: crypto.randomUUID(), userId: req.body.userId, amount: req.body.amount },
  });
  await prisma.creditGrant.create({ data: { userId: req.body.userId, amount: 10, reason: 'first order' } }); // safe: race/require-webhook-idempotency
  res.status(201).json(order);
});

// Registering a customer's webhook endpoint: a webhook route that receives no deliveries.
app.post('/api/webhooks', express.json(), async (req, res) => {
  const endpoint = await prisma.webhookEndpoint.create({ // safe: race/require-webhook-idempotency
    data: { url: req.body.url, secret: crypto.randomBytes(24).toString('hex'), ownerId: req.body.ownerId },
  });
  res.status(201).json(endpoint);
});
