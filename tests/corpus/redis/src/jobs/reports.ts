import { createClient } from 'redis';
import Redlock from 'redlock';
import Redis from 'ioredis';

const client = createClient({ url: process.env.REDIS_URL });
await client.connect();
const lockClient = new Redis();
const redlock = new Redlock([lockClient], { retryCount: 0 });

declare function buildReport(day: string): Promise<string>;

// A lock key taken with SET NX PX before the check serialises the workers.
export async function buildDailyReport(day: string) {
  const lockKey = `lock:report:${day}`;
  const acquired = await client.set(lockKey, String(process.pid), { NX: true, PX: 60_000 });
  if (!acquired) return;
  try {
    if (await client.exists(`report:${day}`)) return;
    await client.set(`report:${day}`, await buildReport(day)); // safe: race/no-check-then-create
  } finally {
    await client.del(lockKey);
  }
}

// Redlock around the check and the write.
export async function buildWeeklyReport(week: string) {
  await redlock.using([`report:week:${week}`], 60_000, async () => {
    if (await lockClient.exists(`report:${week}`)) return;
    await lockClient.set(`report:${week}`, await buildReport(week)); // safe: race/no-check-then-create
  });
}

// Two workers pick the same day: both see no report and both build and store one.
export async function buildMonthlyReport(month: string) {
  if (await client.exists(`report:${month}`)) return;
  const report = await buildReport(month);
  await client.set(`report:${month}`, report); // expect: race/no-check-then-create
}

// The check lives in a helper: the same race, one call away.
async function alreadyQueued(jobId: string) {
  return (await client.exists(`queued:${jobId}`)) === 1;
}
export async function enqueue(jobId: string) {
  if (await alreadyQueued(jobId)) return;
  await client.set(`queued:${jobId}`, '1'); // expect: race/no-check-then-create
}
