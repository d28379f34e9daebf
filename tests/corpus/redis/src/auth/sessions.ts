import { randomUUID } from 'node:crypto';
import { redis } from '../lib/redis';

// Two logins at once both find no session and each stores its own token: one caller gets a
// token that the other overwrote.
export async function sessionFor(userId: string) {
  const existing = await redis.get(`session:${userId}`);
  if (existing) return existing;
  const token = randomUUID();
  await redis.setex(`session:${userId}`, 3600, token); // expect: race/no-check-then-create
  return token;
}

// One-time login codes: a second request while a code is live must not replace it.
export async function sendLoginCode(email: string, send: (code: string) => Promise<void>) {
  if (await redis.get(`otp:${email}`)) throw new Error('a code was already sent');
  const code = String(Math.floor(100000 + Math.random() * 900000));
  await redis.set(`otp:${email}`, code, 'EX', 300); // expect: race/no-check-then-create
  await send(code);
}

// Rate limit by an atomic counter: INCR cannot be raced.
export async function allowRequest(ip: string) {
  const hits = await redis.incr(`rate:${ip}`); // safe: race/no-check-then-create
  if (hits === 1) await redis.expire(`rate:${ip}`, 60);
  return hits <= 100;
}
