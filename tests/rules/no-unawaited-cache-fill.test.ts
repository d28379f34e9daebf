import rule from '../../src/rules/no-unawaited-cache-fill.js';
import { ruleTester, typedRuleTester } from '../rule-tester.js';

const ioredis = `import Redis from 'ioredis';
import { db } from './db';
const redis = new Redis();
`;
const cacheManager = `import { createCache } from 'cache-manager';
import { db } from './db';
const cache = createCache({ ttl: 60_000 });
`;
const lru = `import { LRUCache } from 'lru-cache';
import { db } from './db';
interface User { id: string; name: string }
const users = new LRUCache<string, User>({ max: 500 });
`;
const stampede = [{ reportStampede: true }] as const;

/** The code with `await ` inserted before `fill`, its one occurrence. */
const awaited = (code: string, fill: string): string => code.replace(fill, `await ${fill}`);

const ioredisStatement =
  ioredis + `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await db.user.findUnique({ where: { id } });
  redis.set(\`user:\${id}\`, JSON.stringify(user), 'EX', 300);
  return user;
}`;
const upstashBranch =
  `import { Redis } from '@upstash/redis';
const redis = Redis.fromEnv();
declare function loadPosts(): Promise<{ slug: string }[]>;
export async function GET() {
  let posts = await redis.get<{ slug: string }[]>('posts:latest');
  if (!posts) {
    posts = await loadPosts();
    redis.set('posts:latest', posts, { ex: 60 });
  }
  return Response.json(posts);
}`;
const keyvThen =
  `import Keyv from 'keyv';
const keyv = new Keyv({ namespace: 'profiles' });
declare function loadProfile(id: string): Promise<{ id: string }>;
export async function profile(id: string) {
  const hit = await keyv.get<{ id: string }>(id);
  if (hit) return hit;
  const loaded = await loadProfile(id);
  keyv.set(id, loaded, 60_000).then((stored) => console.debug('stored', stored));
  return loaded;
}`;
const tryAroundFill =
  ioredis + `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await db.user.findUnique({ where: { id } });
  try {
    redis.setex(\`user:\${id}\`, 300, JSON.stringify(user));
  } catch (error) {
    console.warn(error);
  }
  return user;
}`;
const mapChainInAsync =
  `const names = new Map<string, string>();
declare function fetchName(id: string): Promise<string>;
export async function nameOf(id: string) {
  if (names.has(id)) return names.get(id);
  fetchName(id).then((name) => {
    names.set(id, name);
  });
  return 'unknown';
}`;
const loopWithContinue =
  ioredis + `export async function usersByIds(ids: string[]) {
  const users: unknown[] = [];
  for (const id of ids) {
    const cached = await redis.get(\`user:\${id}\`);
    if (cached) {
      users.push(JSON.parse(cached));
      continue;
    }
    const user = await db.user.findUnique({ where: { id } });
    redis?.set(\`user:\${id}\`, JSON.stringify(user));
    users.push(user);
  }
  return users;
}`;
const keptPromise =
  ioredis + `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await db.user.findUnique({ where: { id } });
  const filling = redis.set(\`user:\${id}\`, JSON.stringify(user));
  return user;
}`;
const handledFill =
  ioredis + `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await db.user.findUnique({ where: { id } });
  redis.set(\`user:\${id}\`, JSON.stringify(user)).catch(() => undefined);
  return user;
}`;
const rethrowingHandler =
  ioredis + `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await db.user.findUnique({ where: { id } });
  redis.set(\`user:\${id}\`, JSON.stringify(user)).catch((error) => {
    throw new Error('cache fill failed', { cause: error });
  });
  return user;
}`;
const nodeRedisVoid = `import { createClient } from 'redis';
const client = await createClient({ url: process.env.REDIS_URL }).connect();
declare function fetchWeather(city: string): Promise<{ temp: number }>;
export async function weather(city: string) {
  const key = \`weather:\${city}\`;
  const cached = await client.get(key);
  if (cached !== null) {
    return JSON.parse(cached) as { temp: number };
  }
  const report = await fetchWeather(city);
  void client.set(key, JSON.stringify(report), { EX: 600 });
  return report;
}`;
const nestService = `import { Inject, Injectable } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import { ProductsRepository, type Product } from './products.repository';
@Injectable()
export class ProductsService {
  constructor(@Inject(CACHE_MANAGER) private readonly cacheManager: Cache, private readonly products: ProductsRepository) {}
  async findOne(id: string) {
    const cached = await this.cacheManager.get<Product>(\`product:\${id}\`);
    if (cached) return cached;
    const product = await this.products.findById(id);
    this.cacheManager.set(\`product:\${id}\`, product, 60_000);
    return product;
  }
}`;
const ioredisAwaited = awaited(ioredisStatement, "redis.set(`user:${id}`, JSON.stringify(user), 'EX', 300);");
const lruMissPath = lru + `export async function getUser(id: string) {
  const hit = users.get(id);
  if (hit) return hit;
  const user = await db.user.load(id);
  users.set(id, user);
  return user;
}`;

ruleTester.run('no-unawaited-cache-fill', rule, {
  valid: [
    // awaited fill: no stampede report unless asked for
    ioredisAwaited,
    // handled fire-and-forget, allowed by default
    ioredis + `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await db.user.findUnique({ where: { id } });
  redis.set(\`user:\${id}\`, JSON.stringify(user), 'EX', 300).catch((error) => console.warn('cache fill failed', error));
  return user;
}`,
    // void with a handler
    ioredis + `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await db.user.findUnique({ where: { id } });
  void redis.set(\`user:\${id}\`, JSON.stringify(user)).catch(() => undefined);
  return user;
}`,
    // a promise kept and awaited later
    ioredis + `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await db.user.findUnique({ where: { id } });
  const filling = redis.set(\`user:\${id}\`, JSON.stringify(user));
  await audit(id);
  await filling;
  return user;
}
declare function audit(id: string): Promise<void>;`,
    // returned fill
    ioredis + `export async function refresh(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return 'OK';
  const user = await db.user.findUnique({ where: { id } });
  return redis.set(\`user:\${id}\`, JSON.stringify(user));
}`,
    // read-through forms are single-flight already
    cacheManager + `export async function getUser(id: string) {
  return cache.wrap(\`user:\${id}\`, () => db.user.findUnique({ where: { id } }), 300_000);
}`,
    `import { LRUCache } from 'lru-cache';
declare function fetchUser(id: string): Promise<{ id: string }>;
const users = new LRUCache<string, { id: string }>({ max: 500, fetchMethod: (id) => fetchUser(id) });
export async function getUser(id: string) {
  return users.fetch(id);
}`,
    // a key that gates an action is not a cache: no-check-then-create's business
    ioredis + `export async function handle(eventId: string) {
  const seen = await redis.get(\`processed:\${eventId}\`);
  if (seen) return;
  await db.event.process(eventId);
  redis.set(\`processed:\${eventId}\`, '1', 'EX', 86400);
}`,
    // a write not on a miss path
    ioredis + `export async function touch(id: string) {
  redis.set(\`last-seen:\${id}\`, Date.now());
}`,
    // the cached value is only tested, never used: not a cache of it
    ioredis + `export async function warm(id: string) {
  if (await redis.get(\`user:\${id}\`)) return;
  redis.set(\`user:\${id}\`, JSON.stringify(await db.user.findUnique({ where: { id } })));
}`,
    // a write computed from the cached value updates it rather than filling a miss
    `import Keyv from 'keyv';
const keyv = new Keyv();
export async function addToCart(userId: string, sku: string) {
  const cart = (await keyv.get<string[]>(\`cart:\${userId}\`)) ?? [];
  if (cart.includes(sku)) return cart;
  keyv.set(\`cart:\${userId}\`, [...cart, sku]);
  return cart;
}`,
    // a Map local to the function is not shared
    `export async function resolveAll(ids: string[]) {
  const seen = new Map<string, string>();
  for (const id of ids) {
    const hit = seen.get(id);
    if (hit) continue;
    fetchName(id).then((name) => seen.set(id, name));
  }
}
declare function fetchName(id: string): Promise<string>;`,
    // a Map field of a per-request object
    `export class RequestScope {
  private names = new Map<string, string>();
  lookup(id: string) {
    const hit = this.names.get(id);
    if (hit) return hit;
    fetchName(id).then((name) => this.names.set(id, name));
    return undefined;
  }
}
declare function fetchName(id: string): Promise<string>;`,
    // a module-level map of promises in flight: the single-flight fix itself
    `const inflight = new Map<string, Promise<string>>();
export function getName(id: string) {
  let pending = inflight.get(id);
  if (!pending) {
    pending = fetchName(id);
    inflight.set(id, pending);
  }
  return pending;
}
declare function fetchName(id: string): Promise<string>;`,
    // a returned promise chain whose callback fills an in-process cache
    lru + `export function getUser(id: string) {
  const hit = users.get(id);
  if (hit) return Promise.resolve(hit);
  return db.user.load(id).then((user: User) => {
    users.set(id, user);
    return user;
  });
}`,
    // stampede: the value is computed without waiting
    { code: ioredis + `export async function slugFor(title: string) {
  const cached = await redis.get(\`slug:\${title}\`);
  if (cached) return cached;
  const slug = title.toLowerCase().replace(/\\W+/g, '-');
  await redis.set(\`slug:\${title}\`, slug);
  return slug;
}`, options: stampede },
    // stampede: a promise in flight shared through a map
    { code: ioredis + `const loading = new Map<string, Promise<unknown>>();
export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  let pending = loading.get(id);
  if (!pending) {
    pending = db.user.findUnique({ where: { id } }).finally(() => loading.delete(id));
    loading.set(id, pending);
  }
  const user = await pending;
  await redis.set(\`user:\${id}\`, JSON.stringify(user), 'EX', 300);
  return user;
}`, options: stampede },
    // stampede: a lock on the key is taken before loading
    { code: `import Redis from 'ioredis';
import Redlock from 'redlock';
import { db } from './db';
const redis = new Redis();
const redlock = new Redlock([redis]);
export async function getReport(id: string) {
  const cached = await redis.get(\`report:\${id}\`);
  if (cached) return JSON.parse(cached);
  const lock = await redlock.acquire([\`lock:report:\${id}\`], 5000);
  try {
    const report = await db.report.build(id);
    await redis.set(\`report:\${id}\`, JSON.stringify(report), 'EX', 600);
    return report;
  } finally {
    await lock.release();
  }
}`, options: stampede },
    // stampede: a load through a helper that coalesces concurrent calls
    { code: ioredis + `declare function singleflight<T>(key: string, load: () => Promise<T>): Promise<T>;
export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await singleflight(\`user:\${id}\`, () => db.user.findUnique({ where: { id } }));
  await redis.set(\`user:\${id}\`, JSON.stringify(user), 'EX', 300);
  return user;
}`, options: stampede },
    // stampede: the whole function is memoised per key
    { code: ioredis + `import pMemoize from 'p-memoize';
export const getUser = pMemoize(async (id: string) => {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await db.user.findUnique({ where: { id } });
  await redis.set(\`user:\${id}\`, JSON.stringify(user), 'EX', 300);
  return user;
});`, options: stampede },
    // stampede: a cache in front of a cache; the inner one is where the load happens
    { code: `import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { db } from './db';
const redis = new Redis();
const local = new LRUCache<string, string>({ max: 100 });
async function fromRedis(id: string) {
  return redis.get(\`product:\${id}\`);
}
export async function getProduct(id: string) {
  const hit = local.get(id);
  if (hit) return hit;
  const product = await fromRedis(id);
  if (product) local.set(id, product);
  return product;
}`, options: stampede },
    // a client the file gives no evidence for is not taken for a cache
    `declare const store: { get(key: string): Promise<string | undefined>; set(key: string, value: string): Promise<void> };
declare function load(id: string): Promise<string>;
export async function nameOf(id: string) {
  const hit = await store.get(id);
  if (hit) return hit;
  const name = await load(id);
  store.set(id, name);
  return name;
}`,
    // a fill in a callback that is not a promise continuation: not followed
    ioredis + `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await db.user.findUnique({ where: { id } });
  setImmediate(() => redis.set(\`user:\${id}\`, JSON.stringify(user)));
  return user;
}`,
    // another key than the one looked up
    ioredis + `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached);
  const user = await db.user.findUnique({ where: { id } });
  redis.set(\`user:email:\${user.email}\`, JSON.stringify(user));
  return user;
}`,
    // the write does not depend on the miss
    ioredis + `export async function getUser(id: string) {
  const cached = await redis.get(\`user:\${id}\`);
  const user = cached ? JSON.parse(cached) : await db.user.findUnique({ where: { id } });
  await redis.set(\`user:\${id}\`, JSON.stringify(user));
  return user;
}`,
    // odd input: no arguments, spread arguments, computed names
    ioredis + `export async function odd(args: [string, string], name: 'set') {
  const cached = await redis.get(...args);
  if (cached) return cached;
  redis.set(...args);
  redis[name]('k', 'v');
  redis.get();
  return undefined;
}`,
    `import Keyv from 'keyv';
const keyv = new Keyv();
export async function odd(key: string, entry: [string, unknown], method: 'get') {
  const hit = await keyv[method](key);
  if (hit) return hit;
  keyv.set(...entry);
  keyv.set(key, ...[1]);
  keyv.set();
  keyv?.set(key, await load());
  return undefined;
}
declare function load(): Promise<unknown>;`,
  ],
  invalid: [
    {
      // ioredis, statement
      code: ioredisStatement,
      errors: [
        {
          messageId: 'floatingFill',
          line: 8,
          column: 3,
          data: { fill: 'redis.set', fillLine: '8', lookup: 'redis.get', lookupLine: '5' },
          suggestions: [{ messageId: 'awaitFill', output: awaited(ioredisStatement, 'redis.set(`user:${id}`, JSON.stringify(user), \'EX\', 300);') }],
        },
      ],
    },
    {
      // node-redis, exit guard with a block, `void`
      code: nodeRedisVoid,
      errors: [
        {
          messageId: 'floatingFill',
          line: 11,
          column: 8,
          suggestions: [{ messageId: 'awaitFill', output: nodeRedisVoid.replace('void client.set', 'await client.set') }],
        },
      ],
    },
    {
      // @upstash/redis in a route handler, the fill inside the miss branch
      code: upstashBranch,
      errors: [
        {
          messageId: 'floatingFill',
          line: 8,
          column: 5,
          suggestions: [{ messageId: 'awaitFill', output: awaited(upstashBranch, 'redis.set(\'posts:latest\', posts, { ex: 60 });') }],
        },
      ],
    },
    {
      // keyv: `.then()` without a `.catch()` handles nothing
      code: keyvThen,
      errors: [
        {
          messageId: 'floatingFill',
          line: 8,
          column: 3,
          suggestions: [{ messageId: 'awaitFill', output: awaited(keyvThen, 'keyv.set(id, loaded, 60_000).then((stored) => console.debug(\'stored\', stored));') }],
        },
      ],
    },
    {
      // try/catch does not catch a rejection that nothing awaits
      code: tryAroundFill,
      errors: [
        {
          messageId: 'floatingFill',
          line: 9,
          column: 5,
          suggestions: [{ messageId: 'awaitFill', output: awaited(tryAroundFill, 'redis.setex(`user:${id}`, 300, JSON.stringify(user));') }],
        },
      ],
    },
    {
      // cache-manager in a NestJS service: await, or read through `wrap`
      code: nestService,
      errors: [
        {
          messageId: 'floatingFill',
          line: 12,
          column: 5,
          data: { fill: 'this.cacheManager.set', fillLine: '12', lookup: 'this.cacheManager.get', lookupLine: '9' },
          suggestions: [
            {
              messageId: 'awaitFill',
              output: awaited(nestService, 'this.cacheManager.set(`product:${id}`, product, 60_000);'),
            },
            {
              messageId: 'useReadThrough',
              output: `import { Inject, Injectable } from '@nestjs/common';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import type { Cache } from 'cache-manager';
import { ProductsRepository, type Product } from './products.repository';
@Injectable()
export class ProductsService {
  constructor(@Inject(CACHE_MANAGER) private readonly cacheManager: Cache, private readonly products: ProductsRepository) {}
  async findOne(id: string) {
    return this.cacheManager.wrap(\`product:\${id}\`, () => this.products.findById(id), 60_000);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // lru-cache: the promise chain that fills is left running, outside an async function
      code: lru + `export function getUserSoon(id: string): User | undefined {
  const hit = users.get(id);
  if (hit) return hit;
  db.user.load(id).then((user: User) => users.set(id, user));
  return undefined;
}`,
      errors: [{ messageId: 'floatingFill', line: 8, column: 41, data: { fill: 'users.set', fillLine: '8', lookup: 'users.get', lookupLine: '6' }, suggestions: [] }],
    },
    {
      // a module-level Map, the chain in an async function
      code: mapChainInAsync,
      errors: [
        {
          messageId: 'floatingFill',
          line: 6,
          column: 5,
          suggestions: [{ messageId: 'awaitFill', output: awaited(mapChainInAsync, 'fetchName(id).then((name) => {') }],
        },
      ],
    },
    {
      // an asynchronous fill in a promise callback, not returned from it
      code: ioredis + `export function getUser(id: string) {
  return redis.get(\`user:\${id}\`).then((cached) => {
    if (cached) return JSON.parse(cached);
    return db.user.findUnique({ where: { id } }).then((user) => {
      redis.set(\`user:\${id}\`, JSON.stringify(user));
      return user;
    });
  });
}`,
      errors: [{ messageId: 'floatingFill', line: 8, column: 7, suggestions: [] }],
    },
    {
      // a cache read in a loop: `continue` on a hit
      code: loopWithContinue,
      errors: [
        {
          messageId: 'floatingFill',
          line: 13,
          column: 5,
          suggestions: [{ messageId: 'awaitFill', output: awaited(loopWithContinue, 'redis?.set(`user:${id}`, JSON.stringify(user));') }],
        },
      ],
    },
    {
      // a promise kept in a variable and never awaited
      code: keptPromise,
      errors: [
        {
          messageId: 'floatingFill',
          line: 8,
          column: 19,
          suggestions: [{ messageId: 'awaitFill', output: awaited(keptPromise, 'redis.set(`user:${id}`, JSON.stringify(user));') }],
        },
      ],
    },
    {
      // module top level: no `await` suggestion outside a function
      code: ioredis + `const cached = await redis.get('config');
export const config = cached ? JSON.parse(cached) : await db.config.load();
if (!cached) redis.set('config', JSON.stringify(config));`,
      errors: [{ messageId: 'floatingFill', line: 6, column: 14, suggestions: [] }],
    },
    {
      // a handled fire-and-forget, when the option disallows it
      code: handledFill,
      options: [{ allowHandledFireAndForget: false }],
      errors: [
        {
          messageId: 'backgroundFill',
          line: 8,
          column: 3,
          suggestions: [{ messageId: 'awaitFill', output: awaited(handledFill, 'redis.set(`user:${id}`, JSON.stringify(user)).catch(() => undefined);') }],
        },
      ],
    },
    {
      // a handler that rethrows handles nothing
      code: rethrowingHandler,
      errors: [
        {
          messageId: 'floatingFill',
          line: 8,
          column: 3,
          suggestions: [{ messageId: 'awaitFill', output: awaited(rethrowingHandler, 'redis.set(`user:${id}`, JSON.stringify(user)).catch((error) => {') }],
        },
      ],
    },
    {
      // stampede, Redis: no read-through form, the message names the fix
      code: ioredisAwaited,
      options: stampede,
      errors: [
        {
          messageId: 'stampede',
          line: 8,
          column: 9,
          data: {
            fill: 'redis.set',
            fillLine: '8',
            lookup: 'redis.get',
            lookupLine: '5',
            load: 'db.user.findUnique',
            loadLine: '7',
            remedy:
              'Share one load per key: keep the promise of the load in flight in a map by key, so that concurrent misses wait for it, or take a lock on the key and read it again once you hold it.',
          },
          suggestions: [],
        },
      ],
    },
    {
      // stampede, cache-manager: read through `wrap`
      code: cacheManager + `export async function getUser(id: string) {
  const cached = await cache.get<{ id: string }>(\`user:\${id}\`);
  if (cached) return cached;
  const user = await db.user.findUnique({ where: { id } });
  await cache.set(\`user:\${id}\`, user);
  return user;
}`,
      options: stampede,
      errors: [
        {
          messageId: 'stampede',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'useReadThrough',
              output: cacheManager + `export async function getUser(id: string) {
  return cache.wrap(\`user:\${id}\`, () => db.user.findUnique({ where: { id } }));
}`,
            },
          ],
        },
      ],
    },
    {
      // stampede, cache-manager: a hit tested for more than presence keeps its miss path (no rewrite)
      code: cacheManager + `export async function getUser(id: string) {
  const cached = await cache.get<{ id: string; version: number }>(\`user:\${id}\`);
  if (cached && cached.version === 2) return cached;
  const user = await db.user.findUnique({ where: { id } });
  await cache.set(\`user:\${id}\`, user);
  return user;
}`,
      options: stampede,
      errors: [{ messageId: 'stampede', line: 8, column: 9, suggestions: [] }],
    },
    {
      // stampede, lru-cache: the load moves into the cache's fetchMethod
      code: lruMissPath,
      options: stampede,
      errors: [
        {
          messageId: 'stampede',
          line: 9,
          column: 3,
          suggestions: [
            {
              messageId: 'useReadThrough',
              output: `import { LRUCache } from 'lru-cache';
import { db } from './db';
interface User { id: string; name: string }
const users = new LRUCache<string, User>({ max: 500, fetchMethod: async (id) => db.user.load(id) });
export async function getUser(id: string) {
  return users.fetch(id);
}`,
            },
          ],
        },
      ],
    },
    {
      // stampede, lru-cache with a declared return type: no rewrite (fetch may resolve undefined)
      code: lruMissPath.replace('getUser(id: string) {', 'getUser(id: string): Promise<User> {'),
      options: stampede,
      errors: [{ messageId: 'stampede', line: 9, column: 3, suggestions: [] }],
    },
    {
      // stampede, node-cache, through a returned promise chain
      code: `import NodeCache from 'node-cache';
const rates = new NodeCache({ stdTTL: 600 });
declare function fetchRates(base: string): Promise<Record<string, number>>;
export function ratesFor(base: string) {
  const cached = rates.get<Record<string, number>>(base);
  if (cached) return Promise.resolve(cached);
  return fetchRates(base).then((fresh) => {
    rates.set(base, fresh);
    return fresh;
  });
}`,
      options: stampede,
      errors: [{ messageId: 'stampede', line: 8, column: 5, data: { fill: 'rates.set', fillLine: '8', lookup: 'rates.get', lookupLine: '5', load: 'fetchRates', loadLine: '7', remedy: 'Share one load per key: keep the promise of the load in flight in a map by key, so that concurrent misses wait for it, or take a lock on the key and read it again once you hold it.' }, suggestions: [] }],
    },
    {
      // stampede, a Map field of a NestJS service
      code: `import { Injectable } from '@nestjs/common';
declare function fetchFlags(tenant: string): Promise<string[]>;
@Injectable()
export class FlagsService {
  private readonly flags = new Map<string, string[]>();
  async forTenant(tenant: string) {
    const known = this.flags.get(tenant);
    if (known) return known;
    const loaded = await fetchFlags(tenant);
    this.flags.set(tenant, loaded);
    return loaded;
  }
}`,
      options: stampede,
      errors: [{ messageId: 'stampede', line: 10, column: 5, suggestions: [] }],
    },
  ],
});

const keyvFactory = `import Keyv from 'keyv';
function makeStore() {
  return new Keyv<string>({ namespace: 'names' });
}
const store = makeStore();
declare function load(id: string): Promise<string>;
export async function nameOf(id: string) {
  const hit = await store.get(id);
  if (hit) return hit;
  const name = await load(id);
  store.set(id, name);
  return name;
}`;

// Without types nothing shows that `store` is a Keyv; the checker does.
ruleTester.run('no-unawaited-cache-fill (untyped)', rule, { valid: [keyvFactory], invalid: [] });

typedRuleTester.run('no-unawaited-cache-fill (typed)', rule, {
  valid: [],
  invalid: [
    {
      code: keyvFactory,
      errors: [
        {
          messageId: 'floatingFill',
          line: 11,
          column: 3,
          suggestions: [{ messageId: 'awaitFill', output: keyvFactory.replace('  store.set(id, name);', '  await store.set(id, name);') }],
        },
      ],
    },
  ],
});
