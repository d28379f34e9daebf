import rule from '../../src/rules/no-check-then-create.js';
import { ruleTester, typedRuleTester } from '../rule-tester.js';

const ioredis = "import Redis from 'ioredis';\nconst redis = new Redis();\n";
const nodeRedis = "import { createClient } from 'redis';\nconst client = await createClient().connect();\n";
const upstash = "import { Redis } from '@upstash/redis';\nconst redis = Redis.fromEnv();\n";

/** An existence check of `claim:${orderId}` deciding a write, in function `claim`. */
const claim = (create: string, check = 'redis.exists'): string => `export async function claim(orderId: string, worker: string) {
  if (await ${check}(\`claim:\${orderId}\`)) return false;
  ${create}
  return true;
}`;

ruleTester.run('no-check-then-create (redis)', rule, {
  valid: [
    // SET NX in every client's spelling, SETNX and HSETNX create only when absent
    ioredis + claim("await redis.set(`claim:${orderId}`, worker, 'EX', 60, 'NX');"),
    nodeRedis + claim('await client.set(`claim:${orderId}`, worker, { EX: 60, NX: true });', 'client.exists'),
    nodeRedis + claim("await client.set(`claim:${orderId}`, worker, { condition: 'NX' });", 'client.exists'),
    upstash + claim('await redis.set(`claim:${orderId}`, worker, { nx: true, ex: 60 });'),
    ioredis + claim('await redis.setnx(`claim:${orderId}`, worker);'),
    upstash +
      `export async function reserve(name: string, userId: string) {
  if (await redis.hexists('usernames', name)) throw new Error('taken');
  await redis.hsetnx('usernames', name, userId);
}`,
    // a lock key taken with SET NX before the check
    ioredis +
      `export async function runOnce(jobId: string) {
  const lockKey = \`lock:job:\${jobId}\`;
  const acquired = await redis.set(lockKey, 'me', 'PX', 30000, 'NX');
  if (!acquired) return;
  if (await redis.get(\`done:\${jobId}\`)) return;
  await redis.set(\`done:\${jobId}\`, '1');
}`,
    // Redlock: a lock around the callback, or acquired before the check
    ioredis +
      `import Redlock from 'redlock';
const redlock = new Redlock([redis]);
export async function runOnce(jobId: string) {
  await redlock.using([\`job:\${jobId}\`], 5000, async () => {
    if (await redis.exists(\`done:\${jobId}\`)) return;
    await redis.set(\`done:\${jobId}\`, '1');
  });
}
export async function runTwice(jobId: string) {
  const lock = await redlock.acquire([\`job:\${jobId}\`], 5000);
  if (!(await redis.exists(\`done:\${jobId}\`))) await redis.set(\`done:\${jobId}\`, '1');
  await lock.release();
}`,
    // cache-aside: a miss fills the cache with a copy of data kept elsewhere
    ioredis +
      `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await loadUser(id);
  await redis.set(\`user:\${id}\`, JSON.stringify(user), 'EX', 300);
  return user;
}
declare function loadUser(id: string): Promise<unknown>;`,
    // the check reads another key
    ioredis + claim('await redis.set(`worker:${worker}`, orderId);'),
    // the write does not depend on the check
    ioredis +
      `export async function touch(orderId: string) {
  const seen = await redis.exists(\`claim:\${orderId}\`);
  await redis.set(\`claim:\${orderId}\`, 'x');
  return seen;
}`,
    // an atomic counter is not a create
    ioredis + claim('await redis.incr(`claim:${orderId}`);'),
    // in-memory maps and an unknown `cache` object are not Redis
    `import { cache } from './cache';
export async function claim(orderId: string, seen: Map<string, string>) {
  if (!seen.get(orderId)) seen.set(orderId, 'x');
  if (!(await cache.get(orderId))) await cache.set(orderId, 'x');
}`,
    // without type information, a client from an unknown factory is not Redis (see the typed run)
    `interface Redis { exists(key: string): Promise<number>; set(key: string, value: string): Promise<'OK'> }
declare function connect(): Redis;
const redis = connect();
${claim('await redis.set(`claim:${orderId}`, worker);')}`,
  ],
  invalid: [
    // ioredis: NX joins the EX arguments
    {
      code: ioredis + claim("await redis.set(`claim:${orderId}`, worker, 'EX', 60);"),
      errors: [
        {
          messageId: 'checkThenSet',
          line: 5,
          column: 9,
          data: {
            race: 'Two concurrent calls can both run `redis.exists` (line 4) and find nothing at `claim:${orderId}` before either runs `redis.set` (line 5)',
          },
          suggestions: [
            { messageId: 'useAtomicCreate', output: ioredis + claim("await redis.set(`claim:${orderId}`, worker, 'EX', 60, 'NX');") },
          ],
        },
      ],
    },
    // node-redis: NX merges into the options object, or gets one
    {
      code: nodeRedis + claim('await client.set(`claim:${orderId}`, worker, { EX: 60 });', 'client.get'),
      errors: [
        {
          messageId: 'checkThenSet',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: nodeRedis + claim('await client.set(`claim:${orderId}`, worker, { EX: 60, NX: true });', 'client.get'),
            },
          ],
        },
      ],
    },
    {
      code: nodeRedis + claim('await client.set(`claim:${orderId}`, worker);', 'client.exists'),
      errors: [
        {
          messageId: 'checkThenSet',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: nodeRedis + claim('await client.set(`claim:${orderId}`, worker, { NX: true });', 'client.exists'),
            },
          ],
        },
      ],
    },
    // node-redis setEx becomes SET with EX and NX options
    {
      code: nodeRedis + claim('await client.setEx(`claim:${orderId}`, 60, worker);', 'client.exists'),
      errors: [
        {
          messageId: 'checkThenSet',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output: nodeRedis + claim('await client.set(`claim:${orderId}`, worker, { EX: 60, NX: true });', 'client.exists'),
            },
          ],
        },
      ],
    },
    // Upstash: lower-case options
    {
      code: upstash + claim('await redis.set(`claim:${orderId}`, worker, { ex: 60 });'),
      errors: [
        {
          messageId: 'checkThenSet',
          line: 5,
          column: 9,
          suggestions: [
            { messageId: 'useAtomicCreate', output: upstash + claim('await redis.set(`claim:${orderId}`, worker, { ex: 60, nx: true });') },
          ],
        },
      ],
    },
    // a hash field: HSETNX
    {
      code:
        upstash +
        `export async function reserve(name: string, userId: string) {
  const taken = await redis.hexists('usernames', name);
  if (taken) throw new Error('taken');
  await redis.hset('usernames', name, userId);
}`,
      errors: [
        {
          messageId: 'checkThenSet',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output:
                upstash +
                `export async function reserve(name: string, userId: string) {
  const taken = await redis.hexists('usernames', name);
  if (taken) throw new Error('taken');
  await redis.hsetnx('usernames', name, userId);
}`,
            },
          ],
        },
      ],
    },
    // a per-caller token returned on a hit is not a cache fill: the second writer replaces the first token
    {
      code:
        ioredis +
        `export async function session(userId: string) {
  const key = \`session:\${userId}\`;
  const existing = await redis.get(key);
  if (existing) return existing;
  const token = crypto.randomUUID();
  await redis.setex(key, 3600, token);
  return token;
}`,
      errors: [
        {
          messageId: 'checkThenSet',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicCreate',
              output:
                ioredis +
                `export async function session(userId: string) {
  const key = \`session:\${userId}\`;
  const existing = await redis.get(key);
  if (existing) return existing;
  const token = crypto.randomUUID();
  await redis.set(key, token, 'EX', 3600, 'NX');
  return token;
}`,
            },
          ],
        },
      ],
    },
    // a set member as a dedup gate; SADD has no rewrite that keeps the gate's shape
    {
      code: `import { redis } from '../lib/redis';
export async function handle(eventId: string) {
  if (await redis.sismember('processed', eventId)) return;
  await redis.sadd('processed', eventId);
}`,
      errors: [{ messageId: 'checkThenSet', line: 4, column: 9 }],
    },
  ],
});

typedRuleTester.run('no-check-then-create (redis, typed)', rule, {
  valid: [
    `export async function claim(cache: Map<string, string>, orderId: string) {
  if (!(await Promise.resolve(cache.get(orderId)))) cache.set(orderId, 'x');
}`,
  ],
  invalid: [
    // the declared type names Redis: evidence without an import
    {
      code: `interface Redis { exists(key: string): Promise<number>; set(key: string, value: string): Promise<'OK'> }
declare function connect(): Redis;
const redis = connect();
${claim('await redis.set(`claim:${orderId}`, worker);')}`,
      errors: [{ messageId: 'checkThenSet', line: 6, column: 9 }],
    },
  ],
});
