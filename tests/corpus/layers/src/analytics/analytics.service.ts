import counters from '@/analytics/counters.dao';

// Concurrent page views read the same count and write the same count plus one.
export async function recordView(path: string) {
  const counter = await counters.get(path);
  if (!counter) return;
  await counters.set(path, counter.views + 1); // expect: race/no-read-modify-write
}

// Embeds count double; the database adds to whatever the count is when the update runs.
export async function recordEmbedView(path: string) {
  const counter = await counters.get(path);
  if (!counter) return;
  await counters.increment(path, 2); // safe: race/no-read-modify-write
}
