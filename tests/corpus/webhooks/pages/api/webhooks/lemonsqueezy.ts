import crypto from 'node:crypto';
import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '@/lib/db';

export const config = { api: { bodyParser: false } };

async function rawBody(req: NextApiRequest): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// Lemon Squeezy signs with an HMAC and retries failed deliveries; order_created grants credits.
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const raw = await rawBody(req);
  const digest = crypto.createHmac('sha256', process.env.LEMONSQUEEZY_WEBHOOK_SECRET!).update(raw).digest('hex');
  const signature = String(req.headers['x-signature'] ?? '');
  if (signature.length !== digest.length || !crypto.timingSafeEqual(Buffer.from(digest), Buffer.from(signature))) {
    return res.status(401).json({ error: 'Invalid signature' });
  }

  const payload = JSON.parse(raw);
  if (payload.meta.event_name === 'order_created') {
    await prisma.creditGrant.create({ // expect: race/require-webhook-idempotency
      data: { userId: payload.meta.custom_data.user_id, amount: 500, reason: `lemon order ${payload.data.id}` },
    });
  }
  res.status(200).json({ ok: true });
}
