import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { prisma } from '../db.js';
import { redis } from '../redis.js';

// The session token goes out in the cookie while SET is still in flight: the browser's next
// request can arrive first and be treated as logged out.
export async function login(req: Request, res: Response) {
  const user = await prisma.user.findUniqueOrThrow({ where: { email: req.body.email } });
  const token = randomBytes(32).toString('hex');
  redis.set(`session:${token}`, user.id, 'EX', 60 * 60 * 24); // expect: race/no-respond-before-persist
  res.cookie('session', token, { httpOnly: true, sameSite: 'lax' });
  res.json({ ok: true });
}

export async function loginSafely(req: Request, res: Response) {
  const user = await prisma.user.findUniqueOrThrow({ where: { email: req.body.email } });
  const token = randomBytes(32).toString('hex');
  await redis.set(`session:${token}`, user.id, 'EX', 60 * 60 * 24); // safe: race/no-respond-before-persist
  res.cookie('session', token, { httpOnly: true, sameSite: 'lax' });
  res.json({ ok: true });
}

// Cache-aside: a miss fills the cache without waiting. The cache holds a copy of rows stored
// elsewhere; the client acts on nothing that only the cache holds.
export async function profile(req: Request, res: Response) {
  const key = `profile:${req.params.id}`;
  const cached = await redis.get(key);
  if (cached) {
    res.json(JSON.parse(cached));
    return;
  }
  const user = await prisma.user.findUniqueOrThrow({ where: { id: req.params.id } });
  redis.set(key, JSON.stringify(user), 'EX', 60); // safe: race/no-respond-before-persist // expect: race/no-unawaited-cache-fill
  res.json(user);
}

// Not a handler: a plain function that happens to write.
export function rememberDevice(userId: string, device: string) {
  redis.sadd(`devices:${userId}`, device); // safe: race/no-respond-before-persist
  return device;
}
