import { Hono } from 'hono';
import { createClient } from 'redis';
import { Resend } from 'resend';
import { Webhook } from 'svix';
import { prisma } from '../../lib/db';

type ClerkUser = { type: string; data: { id: string; email_addresses: { email_address: string }[] } };

const resend = new Resend(process.env.RESEND_API_KEY);
const redis = await createClient({ url: process.env.REDIS_URL }).connect();
export const app = new Hono();

function verify(body: string, svixId: string, timestamp: string, signature: string): ClerkUser {
  const wh = new Webhook(process.env.CLERK_WEBHOOK_SECRET!);
  return wh.verify(body, { 'svix-id': svixId, 'svix-timestamp': timestamp, 'svix-signature': signature }) as ClerkUser;
}

// SET NX on the svix id: the first delivery gets 'OK', a duplicate gets null and stops.
app.post('/webhooks/clerk', async (c) => {
  const svixId = c.req.header('svix-id') ?? '';
  const evt = verify(await c.req.text(), svixId, c.req.header('svix-timestamp') ?? '', c.req.header('svix-signature') ?? '');
  const claimed = await redis.set(`clerk:${svixId}`, '1', { NX: true, EX: 60 * 60 * 24 * 5 });
  if (!claimed) return c.json({ duplicate: true });
  if (evt.type === 'user.created') {
    await resend.emails.send({ from: 'hello@acme.dev', to: evt.data.email_addresses[0]!.email_address, subject: 'Welcome', html: '<p>Hi!</p>' }); // safe: race/require-webhook-idempotency
  }
  return c.json({ ok: true });
});

// EXISTS, then the mail, then SET: two overlapping deliveries both pass the EXISTS.
app.post('/webhooks/clerk/sessions', async (c) => {
  const svixId = c.req.header('svix-id') ?? '';
  const wh = new Webhook(process.env.CLERK_WEBHOOK_SECRET!);
  const evt = wh.verify(await c.req.text(), {
    'svix-id': svixId,
    'svix-timestamp': c.req.header('svix-timestamp') ?? '',
    'svix-signature': c.req.header('svix-signature') ?? '',
  }) as ClerkUser;
  if (await redis.exists(`clerk:${svixId}`)) return c.json({ duplicate: true });
  await resend.emails.send({ from: 'security@acme.dev', to: evt.data.email_addresses[0]!.email_address, subject: 'New sign-in', html: '<p>Was it you?</p>' }); // expect: race/require-webhook-idempotency
  await redis.set(`clerk:${svixId}`, '1', { EX: 60 * 60 * 24 * 5 }); // expect: race/no-check-then-create
  return c.json({ ok: true });
});

// The event is recorded only after the credits are granted.
app.post('/webhooks/clerk/referrals', async (c) => {
  const svixId = c.req.header('svix-id') ?? '';
  const wh = new Webhook(process.env.CLERK_WEBHOOK_SECRET!);
  const evt = wh.verify(await c.req.text(), {
    'svix-id': svixId,
    'svix-timestamp': c.req.header('svix-timestamp') ?? '',
    'svix-signature': c.req.header('svix-signature') ?? '',
  }) as ClerkUser;
  await prisma.creditGrant.create({ data: { userId: evt.data.id, amount: 200, reason: 'referral' } }); // expect: race/require-webhook-idempotency
  await prisma.processedWebhook.create({ data: { id: svixId } });
  return c.json({ ok: true });
});

// Sends webhooks to a customer: it signs what it sends and reads no delivery.
app.post('/webhooks/test', async (c) => {
  const { url, secret } = await c.req.json<{ url: string; secret: string }>();
  const body = JSON.stringify({ type: 'ping', sentAt: Date.now() });
  const signature = crypto.subtle ? await sign(secret, body) : '';
  await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-acme-signature': signature } }); // safe: race/require-webhook-idempotency
  return c.json({ sent: true });
});

declare function sign(secret: string, body: string): Promise<string>;
