import { redis } from '../lib/redis';

// Page views counted with GET and SET: two requests read 41 and both store 42.
export async function countView(pageId: string) {
  const views = Number(await redis.get(`views:${pageId}`));
  await redis.set(`views:${pageId}`, views + 1); // expect: race/no-read-modify-write
  return views + 1;
}

// INCR counts in the server: nothing to race.
export async function countDownload(fileId: string) {
  return redis.incr(`downloads:${fileId}`); // safe: race/no-read-modify-write
}

// A limit checked on a count read earlier: a burst of requests all see 99 and all get through.
export async function checkQuota(apiKey: string, limit: number) {
  const used = Number(await redis.get(`quota:${apiKey}`));
  if (used >= limit) throw new Error('quota exceeded');
  await redis.incr(`quota:${apiKey}`); // expect: race/no-read-modify-write
}

// Count first, then decide on the count INCR returned.
export async function checkRate(ip: string, limit: number) {
  const hits = await redis.incr(`rate:${ip}`); // safe: race/no-read-modify-write
  if (hits === 1) await redis.expire(`rate:${ip}`, 60);
  if (hits > limit) throw new Error('rate limited');
}

// Optimistic: WATCH makes EXEC return null when another client changed the key in between.
export async function awardPoints(userId: string, points: number) {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await redis.watch(`points:${userId}`);
    const current = Number(await redis.get(`points:${userId}`));
    const next = Math.min(current + points, 10_000);
    const result = await redis.multi().set(`points:${userId}`, next).exec(); // safe: race/no-read-modify-write
    if (result !== null) return next;
  }
  throw new Error('too much contention');
}

// The check and the decrement in one Lua script.
const spendScript = `
local balance = tonumber(redis.call('GET', KEYS[1]) or '0')
if balance < tonumber(ARGV[1]) then return -1 end
return redis.call('DECRBY', KEYS[1], ARGV[1])
`;
export async function spendTokens(userId: string, cost: number) {
  const left = await redis.eval(spendScript, 1, `tokens:${userId}`, cost); // safe: race/no-read-modify-write
  if (left === -1) throw new Error('not enough tokens');
  return left;
}
