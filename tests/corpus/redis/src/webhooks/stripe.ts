import type { Request, Response } from 'express';
import { redis } from '../lib/redis';

declare function fulfil(eventId: string, payload: unknown): Promise<void>;

// Stripe retries deliveries and can send the same event twice at once: both deliveries pass
// the EXISTS check and the order is fulfilled twice.
export async function stripeWebhook(req: Request, res: Response) {
  const event = req.body as { id: string; data: unknown };
  const seen = await redis.exists(`stripe:event:${event.id}`);
  if (seen) {
    res.sendStatus(200);
    return;
  }
  await redis.set(`stripe:event:${event.id}`, '1', 'EX', 60 * 60 * 24); // expect: race/no-check-then-create
  await fulfil(event.id, event.data);
  res.sendStatus(200);
}

// Claims the event with SET NX: exactly one delivery gets 'OK'.
export async function stripeWebhookClaimed(req: Request, res: Response) {
  const event = req.body as { id: string; data: unknown };
  const claimed = await redis.set(`stripe:event:${event.id}`, '1', 'EX', 60 * 60 * 24, 'NX'); // safe: race/no-check-then-create
  if (claimed !== 'OK') {
    res.sendStatus(200);
    return;
  }
  await fulfil(event.id, event.data);
  res.sendStatus(200);
}

// Dedup set: SADD reports whether the id was new, so no separate check is needed.
export async function githubWebhook(req: Request, res: Response) {
  const delivery = req.header('x-github-delivery') ?? '';
  const added = await redis.sadd('github:deliveries', delivery); // safe: race/no-check-then-create
  if (added === 0) {
    res.sendStatus(200);
    return;
  }
  res.sendStatus(202);
}

// The dedup set checked first, then added to: two deliveries both see "not a member".
export async function shopifyWebhook(req: Request, res: Response) {
  const id = req.header('x-shopify-webhook-id') ?? '';
  if (await redis.sismember('shopify:webhooks', id)) {
    res.sendStatus(200);
    return;
  }
  await redis.sadd('shopify:webhooks', id); // expect: race/no-check-then-create
  res.sendStatus(202);
}
