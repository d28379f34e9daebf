import type { Case } from '../cases.js';

export const cases: readonly Case[] = [
  {
    name: 'ioredis-rmw-counter',
    rule: 'no-read-modify-write',
    code: `import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');

export async function addCredits(userId: string, amount: number): Promise<void> {
  const credits = Number(await redis.get(\`credits:\${userId}\`));
  await redis.set(\`credits:\${userId}\`, credits + amount);
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'ioredis-rmw-hash',
    rule: 'no-read-modify-write',
    code: `import Redis from 'ioredis';

const redis = new Redis();

export async function useQuota(userId: string, cost: number): Promise<void> {
  const left = Number(await redis.hget(\`quota:\${userId}\`, 'left'));
  await redis.hset(\`quota:\${userId}\`, 'left', left - cost);
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'ioredis-rmw-hash-object',
    rule: 'no-read-modify-write',
    code: `import Redis from 'ioredis';

const redis = new Redis();

export async function play(trackId: string): Promise<void> {
  const plays = Number(await redis.hget(\`track:\${trackId}\`, 'plays'));
  await redis.hset(\`track:\${trackId}\`, { plays: plays + 1 });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'ioredis-rmw-multi',
    rule: 'no-read-modify-write',
    code: `import Redis from 'ioredis';

const redis = new Redis();

export async function visit(page: string): Promise<void> {
  const views = Number(await redis.get(\`views:\${page}\`));
  await redis.multi().set(\`views:\${page}\`, views + 1).expire(\`views:\${page}\`, 86400).exec();
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'node-redis-rmw-counter',
    rule: 'no-read-modify-write',
    code: `import { createClient } from 'redis';

const client = await createClient({ url: process.env.REDIS_URL }).connect();

export async function spend(userId: string, cost: number): Promise<void> {
  const credits = Number(await client.get(\`credits:\${userId}\`));
  await client.set(\`credits:\${userId}\`, credits - cost);
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'node-redis-rmw-hash',
    rule: 'no-read-modify-write',
    code: `import { createClient } from 'redis';

const client = createClient();
await client.connect();

export async function score(gameId: string, player: string, points: number): Promise<void> {
  const current = Number(await client.hGet(\`scores:\${gameId}\`, player));
  await client.hSet(\`scores:\${gameId}\`, player, current + points);
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'node-redis-rmw-float',
    rule: 'no-read-modify-write',
    code: `import { createClient } from 'redis';

const client = await createClient().connect();

export async function tip(jarId: string): Promise<void> {
  const total = Number(await client.get(\`jar:\${jarId}\`));
  await client.set(\`jar:\${jarId}\`, total + 0.5);
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
];
