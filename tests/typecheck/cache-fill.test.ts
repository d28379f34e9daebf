/**
 * The suggestions of `no-unawaited-cache-fill` must type-check against the real types of ioredis,
 * node-redis, @upstash/redis, keyv, cache-manager and lru-cache: each snippet is linted, each of its
 * suggestions applied, and the original and every output type-checked with ts-morph.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import type { SourceFile } from 'ts-morph';
import { diagnosticsOf, typecheckProject } from './harness.js';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rule = 'race/no-unawaited-cache-fill';
const config: Linter.Config[] = [
  plugin.configs.all,
  { settings: { race: { root: here, schema: ['migrations'] } } },
  { rules: { [rule]: ['error', { reportStampede: true }] } },
];

const loader = `interface User {
  id: string;
  email: string;
}
declare const db: { findUser(id: string): Promise<User> };
`;

const cases: { name: string; code: string; suggestions: readonly string[] }[] = [
  {
    name: 'ioredis-statement',
    code: `import Redis from 'ioredis';
${loader}
const redis = new Redis();
export async function getUser(id: string): Promise<User> {
  const cached = await redis.get(\`user:\${id}\`);
  if (cached) return JSON.parse(cached) as User;
  const user = await db.findUser(id);
  redis.set(\`user:\${id}\`, JSON.stringify(user), 'EX', 300);
  return user;
}
`,
    suggestions: ['awaitFill'],
  },
  {
    name: 'node-redis-void',
    code: `import { createClient } from 'redis';
${loader}
const client = createClient({ url: process.env.REDIS_URL });
export async function getUser(id: string): Promise<User> {
  const key = \`user:\${id}\`;
  const cached = await client.get(key);
  if (typeof cached === 'string') return JSON.parse(cached) as User;
  const user = await db.findUser(id);
  void client.set(key, JSON.stringify(user), { EX: 300 });
  return user;
}
`,
    suggestions: ['awaitFill'],
  },
  {
    name: 'upstash-branch',
    code: `import { Redis } from '@upstash/redis';
${loader}
const redis = Redis.fromEnv();
export async function getUser(id: string): Promise<User> {
  let user = await redis.get<User>(\`user:\${id}\`);
  if (!user) {
    user = await db.findUser(id);
    redis.set(\`user:\${id}\`, user, { ex: 300 });
  }
  return user;
}
`,
    suggestions: ['awaitFill'],
  },
  {
    name: 'keyv-then',
    code: `import Keyv from 'keyv';
${loader}
const keyv = new Keyv<User>({ namespace: 'users' });
export async function getUser(id: string): Promise<User> {
  const hit = await keyv.get(id);
  if (hit) return hit;
  const user = await db.findUser(id);
  keyv.set(id, user, 300_000).then((stored) => console.debug('cached', stored));
  return user;
}
`,
    suggestions: ['awaitFill'],
  },
  {
    name: 'cache-manager-floating',
    code: `import { createCache } from 'cache-manager';
${loader}
const cache = createCache({ ttl: 60_000 });
export async function getUser(id: string): Promise<User> {
  const cached = await cache.get<User>(\`user:\${id}\`);
  if (cached) return cached;
  const user = await db.findUser(id);
  cache.set(\`user:\${id}\`, user, 300_000);
  return user;
}
`,
    suggestions: ['awaitFill', 'useReadThrough'],
  },
  {
    name: 'cache-manager-injected',
    code: `import type { Cache } from 'cache-manager';
${loader}
export class UsersService {
  constructor(private readonly cacheManager: Cache) {}
  async findOne(id: string): Promise<User> {
    const cached = await this.cacheManager.get<User>(\`user:\${id}\`);
    if (cached) return cached;
    const user = await db.findUser(id);
    await this.cacheManager.set(\`user:\${id}\`, user);
    return user;
  }
}
`,
    suggestions: ['useReadThrough'],
  },
  {
    name: 'lru-cache-stampede',
    code: `import { LRUCache } from 'lru-cache';
${loader}
const users = new LRUCache<string, User>({ max: 1000, ttl: 60_000 });
export async function getUser(id: string) {
  const hit = users.get(id);
  if (hit) return hit;
  const user = await db.findUser(id);
  users.set(id, user);
  return user;
}
`,
    suggestions: ['useReadThrough'],
  },
];

const project = typecheckProject();

describe.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (name, { code, suggestions }) => {
  const file = (suffix: string, text: string): SourceFile =>
    project.createSourceFile(path.join(here, 'src', `cache-fill-${name}${suffix}.ts`), text, { overwrite: true });

  it('reports once, and every suggestion type-checks', () => {
    const messages = new Linter({ cwd: here }).verify(code, config, { filename: path.join(here, 'src', `cache-fill-${name}.ts`) });
    const reports = messages.filter((message) => message.ruleId === rule);
    expect(reports).toHaveLength(1);
    const offered = reports[0]?.suggestions ?? [];
    expect(offered.map((suggestion) => suggestion.messageId)).toEqual(suggestions);
    const original = file('', code);
    expect(diagnosticsOf(original), original.getFullText()).toBe('');
    offered.forEach((suggestion, index) => {
      const output = file(`.${String(index)}`, code.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + code.slice(suggestion.fix.range[1]));
      expect(output.getFullText()).not.toBe(code);
      expect(diagnosticsOf(output), output.getFullText()).toBe('');
    });
  }, 60_000);
});
