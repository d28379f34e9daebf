import path from 'node:path';
import rule from '../../src/rules/require-webhook-idempotency.js';
import { fixtureFile, fixturesDir, ruleTester } from '../rule-tester.js';

// The webhooks corpus project is the schema these cases run against: ProcessedWebhook and
// WebhookEvent keyed by the event id, Order.stripeSessionId and User.clerkId unique, StripeEvent.eventId
// and CreditGrant without a unique key.
const inCorpus = (file: string): string => path.join(fixturesDir, '..', 'corpus', 'webhooks', file);

const nextHeader = `import Stripe from 'stripe';
import { NextResponse } from 'next/server';
import { PrismaClient } from '@prisma/client';
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const prisma = new PrismaClient();
`;
const expressHeader = `import express from 'express';
import Stripe from 'stripe';
import { PrismaClient } from '@prisma/client';
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const prisma = new PrismaClient();
const app = express();
`;

ruleTester.run('require-webhook-idempotency', rule, {
  valid: [
    // claim-caught
    { filename: inCorpus('app/api/webhooks/stripe/route.ts'), code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  try {
    await prisma.processedWebhook.create({ data: { id: event.id } });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return NextResponse.json({ received: true });
    throw error;
  }
  await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  return NextResponse.json({ received: true });
}` },
    // claim-in-transaction
    { filename: inCorpus('app/api/webhooks/stripe/route.ts'), code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  try {
    await prisma.$transaction(async (tx) => {
      await tx.processedWebhook.create({ data: { id: event.id } });
      await tx.user.update({ where: { id: 'u1' }, data: { credits: { increment: 100 } } });
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return NextResponse.json({ duplicate: true });
    throw error;
  }
  return NextResponse.json({ received: true });
}` },
    // set-nx-ioredis
    { filename: inCorpus('src/server/webhooks.ts'), code: `import express from 'express';
import Redis from 'ioredis';
import { Webhook } from 'svix';
const redis = new Redis();
const app = express();
app.post('/webhooks/clerk', async (req, res) => {
  const svixId = req.header('svix-id')!;
  const evt = new Webhook('secret').verify(req.body, { 'svix-id': svixId, 'svix-timestamp': req.header('svix-timestamp')!, 'svix-signature': req.header('svix-signature')! });
  const first = await redis.set(\`svix:\${svixId}\`, '1', 'EX', 86400, 'NX');
  if (!first) return res.sendStatus(200);
  await fetch('https://crm.example.com/contacts', { method: 'POST', body: JSON.stringify(evt) });
  res.sendStatus(200);
});` },
    // set-nx-node-redis
    { filename: inCorpus('src/server/webhooks.ts'), code: `import { Hono } from 'hono';
import { createClient } from 'redis';
import Stripe from 'stripe';
const stripe = new Stripe('sk');
const redis = createClient();
const app = new Hono();
app.post('/webhooks/stripe', async (c) => {
  const event = stripe.webhooks.constructEvent(await c.req.text(), c.req.header('stripe-signature')!, 'whsec');
  if ((await redis.set(\`stripe:\${event.id}\`, '1', { condition: 'NX', expiration: { type: 'EX', value: 86400 } })) !== 'OK') return c.json({ duplicate: true });
  await redis.incr('payments:count');
  await fetch('https://ledger.example.com/entries', { method: 'POST', body: JSON.stringify(event.data.object) });
  return c.json({ received: true });
});` },
    // insert-on-conflict
    { filename: inCorpus('src/server/webhooks.ts'), code: `import Fastify from 'fastify';
import { Pool } from 'pg';
import Stripe from 'stripe';
const pool = new Pool();
const stripe = new Stripe('sk');
const app = Fastify();
app.post('/webhooks/stripe', async (request, reply) => {
  const event = stripe.webhooks.constructEvent(request.body as string, request.headers['stripe-signature'] as string, 'whsec');
  const { rowCount } = await pool.query('INSERT INTO handled_events (id) VALUES ($1) ON CONFLICT DO NOTHING', [event.id]);
  if (rowCount === 0) return reply.send({ received: true });
  await pool.query('UPDATE accounts SET credits = credits + 10 WHERE paddle_customer_id = $1', ['c1']);
  return reply.send({ received: true });
});` },
    // unique-object-key
    { filename: inCorpus('app/api/webhooks/stripe/route.ts'), code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  if (event.type === 'checkout.session.completed') {
    const session = event.data.object;
    await prisma.order.create({ data: { stripeSessionId: session.id, userId: 'u1', amount: 100 } });
    await sendReceiptEmail(session.customer_email!);
  }
  return NextResponse.json({ received: true });
}
declare function sendReceiptEmail(to: string): Promise<void>;` },
    // idempotent-writes
    { filename: inCorpus('app/api/webhooks/stripe/route.ts'), code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  switch (event.type) {
    case 'customer.subscription.updated': {
      const sub = event.data.object;
      await prisma.subscription.upsert({ where: { id: sub.id }, update: { status: sub.status }, create: { id: sub.id, userId: 'u1', status: sub.status, priceId: 'p', renewsAt: new Date() } });
      break;
    }
    case 'customer.subscription.deleted':
      await prisma.user.update({ where: { stripeCustomerId: String(event.data.object.customer) }, data: { plan: 'free' } });
      await prisma.subscription.delete({ where: { id: event.data.object.id } });
      break;
  }
  return NextResponse.json({ received: true });
}` },
    // queue-with-job-id
    { filename: inCorpus('src/github/app.ts'), code: `import { Webhooks } from '@octokit/webhooks';
import { Queue } from 'bullmq';
const builds = new Queue('builds');
const webhooks = new Webhooks({ secret: 's' });
webhooks.on('push', async ({ id, payload }) => {
  await builds.add('build', { sha: payload.after }, { jobId: id });
});
webhooks.on('release', async (event) => {
  await builds.add('release', { tag: event.payload.release.tag_name }, { deduplication: { id: event.id } });
});` },
    // event-with-id
    { filename: inCorpus('app/api/webhooks/stripe/route.ts'), code: nextHeader + `import { inngest } from '@/inngest/client';
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  await inngest.send({ id: event.id, name: 'stripe/event', data: event });
  return NextResponse.json({ received: true });
}` },
    // not-a-webhook
    { filename: inCorpus('src/server/webhooks.ts'), code: expressHeader + `app.post('/orders', express.json(), async (req, res) => {
  await prisma.creditGrant.create({ data: { userId: req.body.userId, amount: 1, reason: 'order' } });
  res.status(201).json({ ok: true });
});` },
    // webhook-settings-api
    { filename: inCorpus('src/server/webhooks.ts'), code: expressHeader + `app.post('/api/webhooks', express.json(), async (req, res) => {
  const endpoint = await prisma.webhookEndpoint.create({ data: { url: req.body.url, secret: 's', ownerId: req.body.ownerId } });
  res.status(201).json(endpoint);
});` },
    // sends-webhooks
    { filename: inCorpus('src/server/webhooks.ts'), code: `import crypto from 'node:crypto';
import express from 'express';
const app = express();
app.post('/webhooks/test', async (req, res) => {
  const body = JSON.stringify({ type: 'ping' });
  const signature = crypto.createHmac('sha256', 'secret').update(body).digest('hex');
  await fetch(req.body.url, { method: 'POST', body, headers: { 'x-signature': signature } });
  res.json({ sent: true });
});` },
    // reads-only
    { filename: inCorpus('app/api/webhooks/stripe/route.ts'), code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  console.log('received', event.type);
  const customer = await fetch(\`https://api.example.com/customers/\${event.id}\`);
  const user = await prisma.user.findUnique({ where: { id: 'u1' } });
  return NextResponse.json({ received: true, user, customer: customer.ok });
}` },
    // check-then-create-claim
    { filename: inCorpus('app/api/webhooks/stripe/route.ts'), code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  const seen = await prisma.webhookEvent.findUnique({ where: { id: event.id } });
  if (seen) return NextResponse.json({ received: true });
  await prisma.webhookEvent.create({ data: { id: event.id, type: event.type } });
  await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  return NextResponse.json({ received: true });
}` },
    // locked-check
    { filename: inCorpus('src/server/webhooks.ts'), code: `import express from 'express';
import Redis from 'ioredis';
import Redlock from 'redlock';
import Stripe from 'stripe';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const stripe = new Stripe('sk');
const redlock = new Redlock([new Redis()]);
const app = express();
app.post('/webhooks/stripe', async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.header('stripe-signature')!, 'whsec');
  const lock = await redlock.acquire([\`webhook:\${event.id}\`], 10_000);
  try {
    await prisma.creditGrant.create({ data: { userId: 'u1', amount: 1, reason: 'x' } });
  } finally {
    await lock.release();
  }
  res.json({ received: true });
});` },
    // serializable-check
    { filename: inCorpus('app/api/webhooks/stripe/route.ts'), code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  await prisma.$transaction(async (tx) => {
    const seen = await tx.webhookEvent.findUnique({ where: { id: event.id } });
    if (seen) return;
    await tx.user.update({ where: { id: 'u1' }, data: { credits: { increment: 100 } } });
    await tx.webhookEvent.upsert({ where: { id: event.id }, update: {}, create: { id: event.id, type: event.type } });
  }, { isolationLevel: 'Serializable' });
  return NextResponse.json({ received: true });
}` },
    // shopify-uninstalled
    { filename: inCorpus('app/routes/webhooks.orders.create.tsx'), code: `import { PrismaClient } from '@prisma/client';
import { authenticate } from '../shopify.server';
const db = new PrismaClient();
export const action = async ({ request }: { request: Request }) => {
  const { shop } = await authenticate.webhook(request);
  await db.session.deleteMany({ where: { shop } });
  return new Response();
};` },
    // response-send-is-not-a-message
    { filename: inCorpus('src/server/webhooks.ts'), code: expressHeader + `app.post('/webhooks/stripe', async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.header('stripe-signature')!, 'whsec');
  if (event.type === 'invoice.paid') return res.status(200).send('ok');
  res.status(204).send();
});` },
    // no-receiver-text
    { filename: inCorpus('src/server/webhooks.ts'), code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function grant(userId: string) {
  await prisma.creditGrant.create({ data: { userId, amount: 1, reason: 'x' } });
}` },
    // odd-shapes
    { filename: inCorpus('src/server/webhooks.ts'), code: expressHeader + `const method = 'constructEvent';
app.post(route, async (req, res) => {
  const event = stripe.webhooks[method](req.body, 'sig', 'whsec');
  await prisma[req.body.model].create({ data: { ...req.body } });
  res.json({});
});
app.post('/webhooks/x', async () => {
  const event = stripe.webhooks.constructEvent();
  await prisma.creditGrant.create();
  await prisma.creditGrant.findMany({ where: { [event.type]: 1 } });
});
app.post('/webhooks/y', async (...args) => {
  stripe.webhooks.constructEvent(...args);
});
webhooksOn.on();
declare const route: string;
declare const webhooksOn: { on(...args: unknown[]): void };` },
    // log-row-per-delivery
    { filename: inCorpus('app/api/webhooks/stripe/route.ts'), code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  await prisma.webhookLog.create({ data: { eventId: event.id, type: event.type, payload: JSON.stringify(event) } });
  return NextResponse.json({ received: true });
}` },
    // state-transition
    { filename: inCorpus('app/api/webhooks/stripe/route.ts'), code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  const session = event.data.object as Stripe.Checkout.Session;
  const { count } = await prisma.order.updateMany({ where: { stripeSessionId: session.id, status: 'pending' }, data: { status: 'paid' } });
  if (count === 0) return NextResponse.json({ received: true });
  await sendReceiptEmail(session.customer_email!);
  return NextResponse.json({ received: true });
}
declare function sendReceiptEmail(to: string): Promise<void>;` },
    // claim-in-helper
    { filename: inCorpus('app/api/webhooks/stripe/route.ts'), code: nextHeader + `import Redis from 'ioredis';
const redis = new Redis();
async function firstDelivery(id: string) {
  return (await redis.set(\`stripe:event:\${id}\`, '1', 'EX', 259200, 'NX')) === 'OK';
}
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  if (!(await firstDelivery(event.id))) return NextResponse.json({ received: true });
  await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  return NextResponse.json({ received: true });
}` },
  ],
  invalid: [
    {
      // missing-claim
      filename: inCorpus('app/api/webhooks/stripe/route.ts'),
      code: nextHeader + `export async function POST(req: Request) {
  const body = await req.text();
  const event = stripe.webhooks.constructEvent(body, req.headers.get('stripe-signature')!, 'whsec');
  if (event.type === 'invoice.paid') {
    await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  }
  return NextResponse.json({ received: true });
}`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 10,
          column: 11,
          data: { receiver: 'Stripe webhook handler', evidence: '`stripe.webhooks.constructEvent` on line 8', work: 'prisma.creditGrant.create', workLine: '10', id: 'event id `event.id`', sender: 'Stripe', late: '' },
          suggestions: [
            { messageId: 'claimFirst', output: nextHeader + `export async function POST(req: Request) {
  const body = await req.text();
  const event = stripe.webhooks.constructEvent(body, req.headers.get('stripe-signature')!, 'whsec');
  if ((await prisma.processedWebhook.createMany({ data: [{ id: event.id }], skipDuplicates: true })).count === 0) return NextResponse.json({ received: true });
  if (event.type === 'invoice.paid') {
    await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  }
  return NextResponse.json({ received: true });
}` },
          ],
        },
      ],
    },
    {
      // ungated-branch
      filename: inCorpus('app/api/webhooks/stripe/route.ts'),
      code: nextHeader + `export async function POST(req: Request) {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  } catch {
    return NextResponse.json({ error: 'bad signature' }, { status: 400 });
  }
  switch (event.type) {
    case 'checkout.session.completed':
      await prisma.order.create({ data: { stripeSessionId: event.data.object.id, userId: 'u1', amount: 100 } });
      await sendReceiptEmail('a@example.com');
      break;
    case 'invoice.paid':
      await sendReceiptEmail('b@example.com');
      break;
  }
  return NextResponse.json({ received: true });
}
declare function sendReceiptEmail(to: string): Promise<void>;`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 19,
          column: 13,
          suggestions: [
            { messageId: 'claimFirst', output: nextHeader + `export async function POST(req: Request) {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  } catch {
    return NextResponse.json({ error: 'bad signature' }, { status: 400 });
  }
  if ((await prisma.processedWebhook.createMany({ data: [{ id: event.id }], skipDuplicates: true })).count === 0) return NextResponse.json({ received: true });
  switch (event.type) {
    case 'checkout.session.completed':
      await prisma.order.create({ data: { stripeSessionId: event.data.object.id, userId: 'u1', amount: 100 } });
      await sendReceiptEmail('a@example.com');
      break;
    case 'invoice.paid':
      await sendReceiptEmail('b@example.com');
      break;
  }
  return NextResponse.json({ received: true });
}
declare function sendReceiptEmail(to: string): Promise<void>;` },
          ],
        },
      ],
    },
    {
      // check-not-claim
      filename: inCorpus('app/api/webhooks/stripe/route.ts'),
      code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  const seen = await prisma.webhookEvent.findUnique({ where: { id: event.id } });
  if (seen) return NextResponse.json({ received: true });
  await prisma.user.update({ where: { id: 'u1' }, data: { credits: { increment: 100 } } });
  await prisma.webhookEvent.create({ data: { id: event.id, type: event.type } });
  return NextResponse.json({ received: true });
}`,
      errors: [
        {
          messageId: 'checkNotClaim',
          line: 10,
          column: 9,
          data: { receiver: 'Stripe webhook handler', evidence: '`stripe.webhooks.constructEvent` on line 7', id: 'event id `event.id`', check: 'prisma.webhookEvent.findUnique', checkLine: '8', work: 'prisma.user.update', workLine: '10' },
          suggestions: [
            { messageId: 'claimFirst', output: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  const seen = await prisma.webhookEvent.findUnique({ where: { id: event.id } });
  if (seen) return NextResponse.json({ received: true });
  if ((await prisma.webhookEvent.createMany({ data: [{ id: event.id, type: event.type }], skipDuplicates: true })).count === 0) return NextResponse.json({ received: true });
  await prisma.user.update({ where: { id: 'u1' }, data: { credits: { increment: 100 } } });
  return NextResponse.json({ received: true });
}` },
          ],
        },
      ],
    },
    {
      // check-not-claim-redis
      filename: inCorpus('src/server/webhooks.ts'),
      code: `import { Hono } from 'hono';
import { createClient } from 'redis';
import { Webhook } from 'svix';
const redis = createClient();
const app = new Hono();
app.post('/webhooks/clerk', async (c) => {
  const svixId = c.req.header('svix-id')!;
  const evt = new Webhook('secret').verify(await c.req.text(), { 'svix-id': svixId, 'svix-timestamp': '', 'svix-signature': '' }) as { data: { email: string } };
  if (await redis.exists(\`clerk:\${svixId}\`)) return c.json({ duplicate: true });
  await sendWelcomeEmail(evt.data.email);
  await redis.set(\`clerk:\${svixId}\`, '1', { EX: 86400 });
  return c.json({ ok: true });
});
declare function sendWelcomeEmail(to: string): Promise<void>;`,
      errors: [
        {
          messageId: 'checkNotClaim',
          line: 10,
          column: 9,
          suggestions: [
            { messageId: 'claimFirst', output: `import { Hono } from 'hono';
import { createClient } from 'redis';
import { Webhook } from 'svix';
const redis = createClient();
const app = new Hono();
app.post('/webhooks/clerk', async (c) => {
  const svixId = c.req.header('svix-id')!;
  const evt = new Webhook('secret').verify(await c.req.text(), { 'svix-id': svixId, 'svix-timestamp': '', 'svix-signature': '' }) as { data: { email: string } };
  if (await redis.exists(\`clerk:\${svixId}\`)) return c.json({ duplicate: true });
  if ((await redis.set(\`clerk:\${svixId}\`, '1', { EX: 60 * 60 * 24 * 7, NX: true })) === null) return c.json({ ok: true });
  await sendWelcomeEmail(evt.data.email);
  await redis.set(\`clerk:\${svixId}\`, '1', { EX: 86400 });
  return c.json({ ok: true });
});
declare function sendWelcomeEmail(to: string): Promise<void>;` },
          ],
        },
      ],
    },
    {
      // unhandled-duplicate
      filename: inCorpus('app/api/webhooks/stripe/route.ts'),
      code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  await prisma.processedWebhook.create({ data: { id: event.id } });
  await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  return NextResponse.json({ received: true });
}`,
      errors: [
        {
          messageId: 'unhandledDuplicate',
          line: 8,
          column: 9,
          data: { receiver: 'Stripe webhook handler', evidence: '`stripe.webhooks.constructEvent` on line 7', id: 'event id `event.id`', claim: 'prisma.processedWebhook.create', claimLine: '8', constraint: 'the unique constraint @id on ProcessedWebhook.id (prisma/schema.prisma)', sender: 'Stripe' },
          suggestions: [
            { messageId: 'answerDuplicate', output: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  try {
    await prisma.processedWebhook.create({ data: { id: event.id } });
  } catch (error) {
    if (!(error instanceof Object && 'code' in error && error.code === 'P2002')) throw error;
    return NextResponse.json({ received: true });
  }
  await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  return NextResponse.json({ received: true });
}` },
          ],
        },
      ],
    },
    {
      // claim-without-constraint
      filename: inCorpus('app/api/webhooks/stripe/route.ts'),
      code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  await prisma.stripeEvent.create({ data: { eventId: event.id, type: event.type } });
  await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  return NextResponse.json({ received: true });
}`,
      errors: [
        {
          messageId: 'claimWithoutConstraint',
          line: 8,
          column: 9,
          data: { receiver: 'Stripe webhook handler', evidence: '`stripe.webhooks.constructEvent` on line 7', id: 'event id `event.id`', claim: 'prisma.stripeEvent.create', claimLine: '8', reason: 'no unique constraint on StripeEvent (eventId, type) was found in prisma/schema.prisma', target: 'StripeEvent (eventId)' },
          suggestions: [],
        },
      ],
    },
    {
      // late-record-moved
      filename: inCorpus('app/api/webhooks/stripe/route.ts'),
      code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  await prisma.webhookEvent.create({ data: { id: event.id, type: event.type } });
  return NextResponse.json({ received: true });
}`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 8,
          column: 9,
          data: { receiver: 'Stripe webhook handler', evidence: '`stripe.webhooks.constructEvent` on line 7', work: 'prisma.creditGrant.create', workLine: '8', id: 'event id `event.id`', sender: 'Stripe', late: ' `prisma.webhookEvent.create` (line 9) records the id only after the work.' },
          suggestions: [
            { messageId: 'claimFirst', output: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  if ((await prisma.webhookEvent.createMany({ data: [{ id: event.id, type: event.type }], skipDuplicates: true })).count === 0) return NextResponse.json({ received: true });
  await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  return NextResponse.json({ received: true });
}` },
          ],
        },
      ],
    },
    {
      // github-express-pg
      filename: inCorpus('src/server/webhooks.ts'),
      code: `import { Webhooks } from '@octokit/webhooks';
import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const github = new Webhooks({ secret: 's' });
const app = express();
app.post('/webhooks/github', async (req, res) => {
  if (!(await github.verify(req.body, req.header('x-hub-signature-256')!))) return res.status(401).send('bad signature');
  const delivery = req.header('x-github-delivery')!;
  await pool.query('INSERT INTO deployments (sha) VALUES ($1)', [req.body.after]);
  res.status(202).json({ delivery });
});`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 10,
          column: 9,
          suggestions: [
            { messageId: 'claimFirst', output: `import { Webhooks } from '@octokit/webhooks';
import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const github = new Webhooks({ secret: 's' });
const app = express();
app.post('/webhooks/github', async (req, res) => {
  if (!(await github.verify(req.body, req.header('x-hub-signature-256')!))) return res.status(401).send('bad signature');
  const delivery = req.header('x-github-delivery')!;
  if ((await pool.query('INSERT INTO processed_webhooks (id) VALUES ($1) ON CONFLICT DO NOTHING', [delivery])).rowCount === 0) {
    res.status(202).json({ delivery });
    return;
  }
  await pool.query('INSERT INTO deployments (sha) VALUES ($1)', [req.body.after]);
  res.status(202).json({ delivery });
});` },
          ],
        },
      ],
    },
    {
      // listener
      filename: inCorpus('src/github/app.ts'),
      code: `import { Webhooks } from '@octokit/webhooks';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const webhooks = new Webhooks({ secret: 's' });
webhooks.on('issues.opened', async ({ id, payload }) => {
  await prisma.creditGrant.create({ data: { userId: String(payload.sender.id), amount: 1, reason: 'issue' } });
});`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 6,
          column: 9,
          suggestions: [
            { messageId: 'claimFirst', output: `import { Webhooks } from '@octokit/webhooks';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const webhooks = new Webhooks({ secret: 's' });
webhooks.on('issues.opened', async ({ id, payload }) => {
  if ((await prisma.processedWebhook.createMany({ data: [{ id }], skipDuplicates: true })).count === 0) return;
  await prisma.creditGrant.create({ data: { userId: String(payload.sender.id), amount: 1, reason: 'issue' } });
});` },
          ],
        },
      ],
    },
    {
      // svix-ioredis
      filename: inCorpus('src/server/webhooks.ts'),
      code: `import express from 'express';
import Redis from 'ioredis';
import { Webhook } from 'svix';
const redis = new Redis();
const app = express();
app.post('/webhooks/resend', async (req, res) => {
  const evt = new Webhook('secret').verify(req.body, req.headers as Record<string, string>) as { type: string };
  const svixId = req.headers['svix-id'] as string;
  await redis.get('config');
  if (evt.type === 'email.bounced') await fetch('https://crm.example.com/bounces', { method: 'POST', body: svixId });
  res.sendStatus(204);
});`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 10,
          column: 43,
          suggestions: [
            { messageId: 'claimFirst', output: `import express from 'express';
import Redis from 'ioredis';
import { Webhook } from 'svix';
const redis = new Redis();
const app = express();
app.post('/webhooks/resend', async (req, res) => {
  const evt = new Webhook('secret').verify(req.body, req.headers as Record<string, string>) as { type: string };
  const svixId = req.headers['svix-id'] as string;
  await redis.get('config');
  if ((await redis.set(\`webhook:\${svixId}\`, '1', 'EX', 60 * 60 * 24 * 7, 'NX')) === null) {
    res.sendStatus(204);
    return;
  }
  if (evt.type === 'email.bounced') await fetch('https://crm.example.com/bounces', { method: 'POST', body: svixId });
  res.sendStatus(204);
});` },
          ],
        },
      ],
    },
    {
      // postgres-js
      filename: inCorpus('src/server/webhooks.ts'),
      code: `import express from 'express';
import postgres from 'postgres';
import Stripe from 'stripe';
const sql = postgres();
const stripe = new Stripe('sk');
const app = express();
app.post('/webhooks/stripe', async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.header('stripe-signature')!, 'whsec');
  await sql\`UPDATE accounts SET credits = credits + 10 WHERE paddle_customer_id = \${'c1'}\`;
  return res.json({ received: true });
});`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 9,
          column: 9,
          suggestions: [
            { messageId: 'claimFirst', output: `import express from 'express';
import postgres from 'postgres';
import Stripe from 'stripe';
const sql = postgres();
const stripe = new Stripe('sk');
const app = express();
app.post('/webhooks/stripe', async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.header('stripe-signature')!, 'whsec');
  if ((await sql\`INSERT INTO processed_webhooks (id) VALUES (\${event.id}) ON CONFLICT DO NOTHING\`).count === 0) return res.json({ received: true });
  await sql\`UPDATE accounts SET credits = credits + 10 WHERE paddle_customer_id = \${'c1'}\`;
  return res.json({ received: true });
});` },
          ],
        },
      ],
    },
    {
      // shopify-fetch
      filename: inCorpus('app/routes/webhooks.orders.create.tsx'),
      code: `import { authenticate } from '../shopify.server';
export const action = async ({ request }: { request: Request }) => {
  const { payload } = await authenticate.webhook(request);
  await fetch('https://erp.example.com/orders', { method: 'POST', body: JSON.stringify(payload) });
  return new Response();
};`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 4,
          column: 9,
          data: { receiver: 'Shopify webhook handler', evidence: '`authenticate.webhook` on line 3', work: 'fetch', workLine: '4', id: 'delivery id (the `x-shopify-webhook-id` header)', sender: 'Shopify', late: '' },
          suggestions: [],
        },
      ],
    },
    {
      // hmac-email
      filename: inCorpus('pages/api/webhooks/lemonsqueezy.ts'),
      code: `import crypto from 'node:crypto';
import type { NextApiRequest, NextApiResponse } from 'next';
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const digest = crypto.createHmac('sha256', 'secret').update(JSON.stringify(req.body)).digest('hex');
  if (!crypto.timingSafeEqual(Buffer.from(digest), Buffer.from(String(req.headers['x-signature'])))) return res.status(401).end();
  await sendEmail(req.body.data.attributes.user_email, 'Thanks!');
  res.status(200).json({ ok: true });
}
declare function sendEmail(to: string, subject: string): Promise<void>;`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // nest
      filename: inCorpus('src/nest/stripe.controller.ts'),
      code: `import { Controller, Headers, Post, Req } from '@nestjs/common';
import Stripe from 'stripe';
import { PrismaClient } from '@prisma/client';
@Controller('webhooks')
export class StripeController {
  private readonly stripe = new Stripe('sk');
  constructor(private readonly prisma: PrismaClient) {}
  @Post('stripe')
  async receive(@Req() req: { rawBody: Buffer }, @Headers('stripe-signature') signature: string) {
    const event = this.stripe.webhooks.constructEvent(req.rawBody, signature, 'whsec');
    await this.prisma.payment.create({ data: { paymentIntentId: (event.data.object as Stripe.PaymentIntent).id, amount: 1, status: 'paid' } });
    return { received: true };
  }
}`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 11,
          column: 11,
          suggestions: [
            { messageId: 'claimFirst', output: `import { Controller, Headers, Post, Req } from '@nestjs/common';
import Stripe from 'stripe';
import { PrismaClient } from '@prisma/client';
@Controller('webhooks')
export class StripeController {
  private readonly stripe = new Stripe('sk');
  constructor(private readonly prisma: PrismaClient) {}
  @Post('stripe')
  async receive(@Req() req: { rawBody: Buffer }, @Headers('stripe-signature') signature: string) {
    const event = this.stripe.webhooks.constructEvent(req.rawBody, signature, 'whsec');
    if ((await this.prisma.processedWebhook.createMany({ data: [{ id: event.id }], skipDuplicates: true })).count === 0) return { received: true };
    await this.prisma.payment.create({ data: { paymentIntentId: (event.data.object as Stripe.PaymentIntent).id, amount: 1, status: 'paid' } });
    return { received: true };
  }
}` },
          ],
        },
      ],
    },
    {
      // route-queue
      filename: inCorpus('src/server/webhooks.ts'),
      code: `import Fastify from 'fastify';
import { Queue } from 'bullmq';
const jobs = new Queue('jobs');
const app = Fastify();
app.route({
  method: 'POST',
  url: '/webhooks/paddle',
  handler: async (request, reply) => {
    const body = request.body as { event_type: string; event_id: string };
    if (body.event_type === 'subscription.activated') await jobs.add('provision', body);
    return reply.send({ ok: true });
  },
});`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 10,
          column: 61,
          suggestions: [],
        },
      ],
    },
    {
      // helper-work
      filename: inCorpus('app/api/webhooks/stripe/route.ts'),
      code: nextHeader + `import { Resend } from 'resend';
const resend = new Resend('re');
async function notify(email: string) {
  await resend.emails.send({ from: 'a@example.com', to: email, subject: 'Paid', html: '' });
}
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  if (event.type === 'invoice.paid') await notify(String(event.data.object.customer_email));
  return NextResponse.json({ received: true });
}`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 13,
          column: 44,
          suggestions: [],
        },
      ],
    },
    {
      // lambda
      filename: inCorpus('src/lambda/stripe.ts'),
      code: `import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import Stripe from 'stripe';
const stripe = new Stripe('sk');
const sns = new SNSClient({});
export const handler = async (request: { body: string; headers: Record<string, string> }) => {
  const event = stripe.webhooks.constructEvent(request.body, request.headers['stripe-signature']!, 'whsec');
  await sns.send(new PublishCommand({ TopicArn: 'arn', Message: JSON.stringify(event) }));
  return { statusCode: 200, body: '' };
};`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 7,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // pages-file
      filename: inCorpus('pages/api/webhooks/paddle.ts'),
      code: `import type { NextApiRequest, NextApiResponse } from 'next';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { event_type: type, event_id: eventId, data } = req.body;
  if (type === 'transaction.completed') {
    await prisma.creditGrant.create({ data: { userId: data.customer_id, amount: 100, reason: 'paddle' } });
  }
  res.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 7,
          column: 11,
          suggestions: [
            { messageId: 'claimFirst', output: `import type { NextApiRequest, NextApiResponse } from 'next';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { event_type: type, event_id: eventId, data } = req.body;
  if ((await prisma.processedWebhook.createMany({ data: [{ id: eventId }], skipDuplicates: true })).count === 0) {
    res.json({ ok: true });
    return;
  }
  if (type === 'transaction.completed') {
    await prisma.creditGrant.create({ data: { userId: data.customer_id, amount: 100, reason: 'paddle' } });
  }
  res.json({ ok: true });
}` },
          ],
        },
      ],
    },
    {
      // unhandled-sql
      filename: inCorpus('src/server/webhooks.ts'),
      code: `import Fastify from 'fastify';
import { Pool } from 'pg';
import Stripe from 'stripe';
const pool = new Pool();
const stripe = new Stripe('sk');
const app = Fastify();
app.post('/webhooks/stripe', async (request, reply) => {
  const event = stripe.webhooks.constructEvent(request.body as string, request.headers['stripe-signature'] as string, 'whsec');
  await pool.query('INSERT INTO handled_events (id) VALUES ($1)', [event.id]);
  await pool.query('UPDATE accounts SET credits = credits + 10 WHERE paddle_customer_id = $1', ['c1']);
  return reply.send({ received: true });
});`,
      errors: [
        {
          messageId: 'unhandledDuplicate',
          line: 9,
          column: 9,
          suggestions: [
            { messageId: 'answerDuplicate', output: `import Fastify from 'fastify';
import { Pool } from 'pg';
import Stripe from 'stripe';
const pool = new Pool();
const stripe = new Stripe('sk');
const app = Fastify();
app.post('/webhooks/stripe', async (request, reply) => {
  const event = stripe.webhooks.constructEvent(request.body as string, request.headers['stripe-signature'] as string, 'whsec');
  try {
    await pool.query('INSERT INTO handled_events (id) VALUES ($1)', [event.id]);
  } catch (error) {
    if (!(error instanceof Object && 'code' in error && /^(?:23505|ER_DUP_ENTRY|SQLITE_CONSTRAINT)/.test(String(error.code)))) throw error;
    return reply.send({ received: true });
  }
  await pool.query('UPDATE accounts SET credits = credits + 10 WHERE paddle_customer_id = $1', ['c1']);
  return reply.send({ received: true });
});` },
          ],
        },
      ],
    },
    {
      // needs-table
      filename: fixtureFile('bare', 'app/api/webhooks/stripe/route.ts'),
      code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  return NextResponse.json({ received: true });
}`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 8,
          column: 9,
          suggestions: [
            { messageId: 'claimFirst', output: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  if ((await prisma.processedWebhook.createMany({ data: [{ id: event.id }], skipDuplicates: true })).count === 0) return NextResponse.json({ received: true });
  await prisma.creditGrant.create({ data: { userId: 'u1', amount: 100, reason: 'invoice' } });
  return NextResponse.json({ received: true });
}` },
          ],
        },
      ],
    },
    {
      // state-checked-by-read
      filename: inCorpus('app/api/webhooks/stripe/route.ts'),
      code: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  const session = event.data.object as Stripe.Checkout.Session;
  const order = await prisma.order.findUnique({ where: { stripeSessionId: session.id } });
  if (order?.status === 'paid') return NextResponse.json({ received: true });
  await prisma.order.update({ where: { stripeSessionId: session.id }, data: { status: 'paid' } });
  await sendReceiptEmail(session.customer_email!);
  return NextResponse.json({ received: true });
}
declare function sendReceiptEmail(to: string): Promise<void>;`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 12,
          column: 9,
          suggestions: [
            { messageId: 'claimFirst', output: nextHeader + `export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  const session = event.data.object as Stripe.Checkout.Session;
  const order = await prisma.order.findUnique({ where: { stripeSessionId: session.id } });
  if (order?.status === 'paid') return NextResponse.json({ received: true });
  await prisma.order.update({ where: { stripeSessionId: session.id }, data: { status: 'paid' } });
  if ((await prisma.processedWebhook.createMany({ data: [{ id: event.id }], skipDuplicates: true })).count === 0) return NextResponse.json({ received: true });
  await sendReceiptEmail(session.customer_email!);
  return NextResponse.json({ received: true });
}
declare function sendReceiptEmail(to: string): Promise<void>;` },
          ],
        },
      ],
    },
    {
      // imported-helper-work
      filename: inCorpus('app/api/webhooks/stripe/route.ts'),
      code: nextHeader + `import { notifyCustomer } from '@/lib/notify';
export async function POST(req: Request) {
  const event = stripe.webhooks.constructEvent(await req.text(), req.headers.get('stripe-signature')!, 'whsec');
  await notifyCustomer('a@example.com', 'Disputed', 'We received a dispute.');
  return NextResponse.json({ received: true });
}`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 9,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // probot
      filename: inCorpus('src/github/probot.ts'),
      code: `import type { Probot } from 'probot';
import { Queue } from 'bullmq';
const triage = new Queue('triage');
export default (app: Probot) => {
  process.on('exit', () => triage.add('flush', {}));
  app.on('issues.opened', async (context) => {
    await triage.add('label', { issue: context.payload.issue.number });
  });
};`,
      errors: [
        {
          messageId: 'missingClaim',
          line: 7,
          column: 11,
          suggestions: [],
        },
      ],
    },
  ],
});
