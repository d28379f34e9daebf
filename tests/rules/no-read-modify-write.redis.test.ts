import rule from '../../src/rules/no-read-modify-write.js';
import { ruleTester } from '../rule-tester.js';

const ioredis = "import Redis from 'ioredis';\nconst redis = new Redis();\n";

ruleTester.run('no-read-modify-write (redis)', rule, {
  valid: [
    // INCR, INCRBY and HINCRBY change the value in one command
    ioredis + `export async function count(page: string, userId: string, amount: number) {
  await redis.incr(\`views:\${page}\`);
  await redis.incrby(\`credits:\${userId}\`, amount);
  await redis.hincrby(\`stats:\${userId}\`, 'logins', 1);
}`,
    // a rate limit that counts first and checks the count INCR returned
    ioredis + `export async function allow(ip: string, limit: number) {
  const hits = await redis.incr(\`rate:\${ip}\`);
  if (hits === 1) await redis.expire(\`rate:\${ip}\`, 60);
  if (hits > limit) throw new Error('rate limited');
}`,
    // WATCH makes EXEC fail when the key changed since the read (ioredis resolves null)
    ioredis + `export async function bump(key: string) {
  await redis.watch(key);
  const count = Number(await redis.get(key));
  const result = await redis.multi().set(key, count + 1).exec();
  if (result === null) throw new Error('changed meanwhile, retry');
}`,
    // WATCH with node-redis, whose EXEC throws a WatchError
    ioredis + `import { createClient } from 'redis';
const client = await createClient().connect();
export async function bump(key: string) {
  await client.watch(key);
  const count = Number(await client.get(key));
  await client.multi().set(key, count + 1).exec();
}`,
    // a Lua script checks and changes the value in one step
    ioredis + `export async function spend(key: string, cost: number) {
  const balance = Number(await redis.get(key));
  if (balance < cost) return false;
  const left = await redis.eval("local v = tonumber(redis.call('GET', KEYS[1]) or '0'); if v < tonumber(ARGV[1]) then return -1 end; return redis.call('DECRBY', KEYS[1], ARGV[1])", 1, key, cost);
  return left !== -1;
}`,
    // a cache fill writes what the database returned, not what Redis held
    ioredis + `declare function loadUser(id: string): Promise<{ id: string; name: string }>;
export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached) as { id: string; name: string };
  const user = await loadUser(id);
  await redis.set(\`user:\${id}\`, JSON.stringify(user), 'EX', 300);
  return user;
}`,
    // the old value is returned; the new one comes from the input
    ioredis + `export async function swap(key: string, value: string) {
  const previous = await redis.get(key);
  await redis.set(key, value);
  return previous;
}`,
    // the value read from one key is written to another
    ioredis + `export async function snapshot(day: string) {
  const total = Number(await redis.get('visits:total'));
  await redis.set(\`visits:\${day}\`, total + 0);
}`,
    // a hash field read, another written
    ioredis + `export async function touch(userId: string) {
  const logins = Number(await redis.hget(\`user:\${userId}\`, 'logins'));
  await redis.hset(\`user:\${userId}\`, 'lastSeen', String(Date.now()));
  return logins;
}`,
    // Redlock holds the key between the read and the write
    ioredis + `import Redlock from 'redlock';
const redlock = new Redlock([redis]);
export async function bump(key: string) {
  await redlock.using([\`lock:\${key}\`], 5000, async () => {
    const count = Number(await redis.get(key));
    await redis.set(key, count + 1);
  });
}`,
    // in-memory counters are not shared state
    ioredis + `export async function count(counts: Map<string, number>, key: string) {
  const current = counts.get(key) ?? 0;
  await Promise.resolve();
  counts.set(key, current + 1);
}`,
    // Upstash INCR
    ioredis + `import { Redis as Upstash } from '@upstash/redis';
const kv = Upstash.fromEnv();
export async function count(page: string) {
  return kv.incr(\`views:\${page}\`);
}`,
  ],
  invalid: [
    {
      // the counter: GET, add, SET
      code: ioredis + `export async function bump(key: string, amount: number) {
  const count = Number(await redis.get(key));
  await redis.set(key, count + amount);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: ioredis + `export async function bump(key: string, amount: number) {
  const count = Number(await redis.get(key));
  await redis.incrby(key, amount);
}`,
            },
          ],
        },
      ],
    },
    {
      // a decrease becomes DECRBY
      code: ioredis + `export async function spend(userId: string, cost: number) {
  const credits = Number(await redis.get(\`credits:\${userId}\`));
  await redis.set(\`credits:\${userId}\`, credits - cost);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: ioredis + `export async function spend(userId: string, cost: number) {
  const credits = Number(await redis.get(\`credits:\${userId}\`));
  await redis.decrby(\`credits:\${userId}\`, cost);
}`,
            },
          ],
        },
      ],
    },
    {
      // a hash field read and written back (node-redis)
      code: ioredis + `import { createClient } from 'redis';
const client = await createClient().connect();
export async function spend(userId: string, field: string) {
  const left = Number(await client.hGet(\`quota:\${userId}\`, field));
  await client.hSet(\`quota:\${userId}\`, field, left - 2);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: ioredis + `import { createClient } from 'redis';
const client = await createClient().connect();
export async function spend(userId: string, field: string) {
  const left = Number(await client.hGet(\`quota:\${userId}\`, field));
  await client.hIncrBy(\`quota:\${userId}\`, field, -2);
}`,
            },
          ],
        },
      ],
    },
    {
      // node-redis with upper-case commands
      code: ioredis + `import { createClient } from 'redis';
const client = await createClient().connect();
export async function bump(key: string) {
  const count = Number(await client.GET(key));
  await client.SET(key, count + 1);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: ioredis + `import { createClient } from 'redis';
const client = await createClient().connect();
export async function bump(key: string) {
  const count = Number(await client.GET(key));
  await client.INCRBY(key, 1);
}`,
            },
          ],
        },
      ],
    },
    {
      // Upstash
      code: ioredis + `import { Redis as Upstash } from '@upstash/redis';
const kv = Upstash.fromEnv();
export async function bump(page: string) {
  const views = Number(await kv.get(\`views:\${page}\`));
  await kv.set(\`views:\${page}\`, views + 1);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: ioredis + `import { Redis as Upstash } from '@upstash/redis';
const kv = Upstash.fromEnv();
export async function bump(page: string) {
  const views = Number(await kv.get(\`views:\${page}\`));
  await kv.incrby(\`views:\${page}\`, 1);
}`,
            },
          ],
        },
      ],
    },
    {
      // Upstash writes a hash with an object of fields
      code: ioredis + `import { Redis as Upstash } from '@upstash/redis';
const kv = Upstash.fromEnv();
export async function play(track: string) {
  const plays = Number(await kv.hget(\`track:\${track}\`, 'plays'));
  await kv.hset(\`track:\${track}\`, { plays: plays + 1 });
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: ioredis + `import { Redis as Upstash } from '@upstash/redis';
const kv = Upstash.fromEnv();
export async function play(track: string) {
  const plays = Number(await kv.hget(\`track:\${track}\`, 'plays'));
  await kv.hincrby(\`track:\${track}\`, 'plays', 1);
}`,
            },
          ],
        },
      ],
    },
    {
      // a fractional amount needs INCRBYFLOAT
      code: ioredis + `export async function tip(key: string) {
  const total = Number(await redis.get(key));
  await redis.set(key, total + 0.5);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: ioredis + `export async function tip(key: string) {
  const total = Number(await redis.get(key));
  await redis.incrbyfloat(key, 0.5);
}`,
            },
          ],
        },
      ],
    },
    {
      // the rate limit that checks a stale count before INCR
      code: ioredis + `export async function allow(ip: string, limit: number) {
  const hits = Number(await redis.get(\`rate:\${ip}\`));
  if (hits >= limit) throw new Error('rate limited');
  await redis.incr(\`rate:\${ip}\`);
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // stock kept in a hash, checked and then decremented
      code: ioredis + `export async function reserve(sku: string, qty: number) {
  const stock = Number(await redis.hget('stock', sku));
  if (stock < qty) return false;
  await redis.hincrby('stock', sku, -qty);
  return true;
}`,
      errors: [
        {
          messageId: 'staleGuard',
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // a guarded SET: DECRBY alone would still overdraw, so no rewrite is offered
      code: ioredis + `export async function spend(key: string, cost: number) {
  const balance = Number(await redis.get(key));
  if (balance < cost) throw new Error('insufficient');
  await redis.set(key, balance - cost);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // a JSON document read, changed and written back
      code: ioredis + `export async function addToCart(userId: string, item: string) {
  const stored = await redis.get(\`cart:\${userId}\`);
  const cart: string[] = stored ? JSON.parse(stored) : [];
  cart.push(item);
  await redis.set(\`cart:\${userId}\`, JSON.stringify(cart));
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 7,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // MULTI without WATCH queues the stale value
      code: ioredis + `export async function bump(key: string) {
  const count = Number(await redis.get(key));
  await redis.multi().set(key, count + 1).expire(key, 60).exec();
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: ioredis + `export async function bump(key: string) {
  const count = Number(await redis.get(key));
  await redis.multi().incrby(key, 1).expire(key, 60).exec();
}`,
            },
          ],
        },
      ],
    },
    {
      // WATCH without EXEC protects nothing
      code: ioredis + `export async function bump(key: string) {
  await redis.watch(key);
  const count = Number(await redis.get(key));
  await redis.set(key, count + 1);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: ioredis + `export async function bump(key: string) {
  await redis.watch(key);
  const count = Number(await redis.get(key));
  await redis.incrby(key, 1);
}`,
            },
          ],
        },
      ],
    },
    {
      // an expiry has no INCRBY spelling: no rewrite
      code: ioredis + `export async function bump(key: string) {
  const count = Number(await redis.get(key));
  await redis.setex(key, 60, count + 1);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 5,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      // the read in a helper of the same file
      code: ioredis + `async function countOf(key: string) {
  return Number(await redis.get(key));
}
export async function bump(key: string) {
  const count = await countOf(key);
  await redis.set(key, count + 1);
}`,
      errors: [
        {
          messageId: 'lostUpdate',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'useAtomicUpdate',
              output: ioredis + `async function countOf(key: string) {
  return Number(await redis.get(key));
}
export async function bump(key: string) {
  const count = await countOf(key);
  await redis.incrby(key, 1);
}`,
            },
          ],
        },
      ],
    },
  ],
});
