// Redis helpers of an entity (ioredis): cache-aside reads, rate limits, locks, counters and
// idempotency keys; a few of them racy, most of them safe.
import { sourceFile } from './imports.mjs';

const helpers = {
  cacheAside: (entity, random) => [
    `export async function getCached${entity.name}(`,
    `  id: string,`,
    `  load: (id: string) => Promise<${entity.name}Record | null>,`,
    `): Promise<${entity.name}Record | null> {`,
    `  const cached = await redis.get(keyOf(id));`,
    `  if (cached) return JSON.parse(cached) as ${entity.name}Record;`,
    `  const fresh = await load(id);`,
    `  if (fresh) await redis.set(keyOf(id), JSON.stringify(fresh), 'EX', ${random.pick([60, 300, 900, 3600])});`,
    `  return fresh;`,
    `}`,
  ],
  invalidate: (entity) => [
    `export async function invalidate${entity.name}(...ids: string[]): Promise<void> {`,
    `  if (ids.length === 0) return;`,
    `  await redis.del(...ids.map(keyOf));`,
    `}`,
  ],
  rateLimit: (entity, random) => [
    `export async function allow${entity.name}Request(actorId: string, limit = ${random.pick([10, 30, 60, 120])}): Promise<boolean> {`,
    `  const window = Math.floor(Date.now() / 60_000);`,
    `  const key = \`rl:${entity.kebab}:\${actorId}:\${window}\`;`,
    `  const count = await redis.incr(key);`,
    `  if (count === 1) await redis.expire(key, 60);`,
    `  return count <= limit;`,
    `}`,
  ],
  lock: (entity, random) => [
    `export async function with${entity.name}Lock<T>(id: string, work: () => Promise<T>): Promise<T> {`,
    `  const token = randomUUID();`,
    `  const lockKey = \`lock:${entity.kebab}:\${id}\`;`,
    `  const acquired = await redis.set(lockKey, token, 'PX', ${random.pick([2000, 5000, 10000])}, 'NX');`,
    `  if (acquired !== 'OK') throw new ConflictError('${entity.kebab} is busy');`,
    `  try {`,
    `    return await work();`,
    `  } finally {`,
    `    await redis.eval(RELEASE_SCRIPT, 1, lockKey, token);`,
    `  }`,
    `}`,
  ],
  leaderboard: (entity) => [
    `export async function rank${entity.name}(id: string, by = 1): Promise<number> {`,
    `  return Number(await redis.zincrby('${entity.kebab}:ranking', by, id));`,
    `}`,
    ``,
    `export async function top${entity.name}s(count = 10): Promise<string[]> {`,
    `  return redis.zrevrange('${entity.kebab}:ranking', 0, count - 1);`,
    `}`,
  ],
  onceNx: (entity) => [
    `export async function markOnce${entity.name}(id: string, ttlSeconds = 86_400): Promise<boolean> {`,
    `  const result = await redis.set(\`once:${entity.kebab}:\${id}\`, '1', 'EX', ttlSeconds, 'NX');`,
    `  return result === 'OK';`,
    `}`,
  ],
  // Racy: the counter is read, changed in the process and written back.
  racyCounter: (entity) => [
    `export async function add${entity.name}Views(id: string, views: number): Promise<number> {`,
    `  const key = \`views:${entity.kebab}:\${id}\`;`,
    `  const current = Number(await redis.get(key));`,
    `  const next = current + views;`,
    `  await redis.set(key, String(next));`,
    `  return next;`,
    `}`,
  ],
  // Racy: two requests with one key both miss and both run the work.
  racyIdempotency: (entity) => [
    `export async function runOnce${entity.name}<T>(requestId: string, work: () => Promise<T>): Promise<T> {`,
    `  const key = \`idem:${entity.kebab}:\${requestId}\`;`,
    `  const stored = await redis.get(key);`,
    `  if (stored) return JSON.parse(stored) as T;`,
    `  const result = await work();`,
    `  await redis.set(key, JSON.stringify(result), 'EX', 86_400);`,
    `  return result;`,
    `}`,
  ],
};

const weights = { cacheAside: 10, invalidate: 8, rateLimit: 5, lock: 3, leaderboard: 3, onceNx: 3, racyCounter: 0.7, racyIdempotency: 0.7 };

export function cacheFile(file, entity, random) {
  const chosen = new Set(['cacheAside', 'invalidate']);
  for (let i = random.int(2, 6); i > 0; i--) chosen.add(random.weighted(weights));
  const body = [
    `const keyOf = (id: string) => \`${entity.kebab}:\${id}\`;`,
    ...(chosen.has('lock')
      ? [``, `const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";`]
      : []),
    ...[...chosen].flatMap((name) => ['', ...helpers[name](entity, random)]),
  ];
  return sourceFile(file, body, {
    'node:crypto': ['randomUUID'],
    'src/db/redis': ['redis'],
    'src/lib/errors': ['ConflictError'],
    [`${entity.dir}/${entity.kebab}.types`]: [`${entity.name}Record:type`],
  });
}
