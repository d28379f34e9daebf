import { Redis } from '@upstash/redis';

const kv = Redis.fromEnv();

// Usernames reserved in a hash: two sign-ups for the same name both see it free.
export async function reserveUsername(name: string, userId: string) {
  const taken = await kv.hexists('usernames', name);
  if (taken) return false;
  await kv.hset('usernames', { [name]: userId }); // expect: race/no-check-then-create
  return true;
}

// Idempotency with SET NX and an expiry in one command.
export async function startExport(userId: string) {
  const started = await kv.set(`export:${userId}`, Date.now(), { nx: true, ex: 600 }); // safe: race/no-check-then-create
  return started === 'OK';
}
