/* eslint race/no-unawaited-cache-fill: ["error", { "reportStampede": true }] -- the catalog pages are hot keys: a stampede on expiry is the risk here */
import { createCache } from 'cache-manager';
import pMemoize from 'p-memoize';
import Redlock from 'redlock';
import { LRUCache } from 'lru-cache';
import { prisma } from '../lib/db.js';
import { logger } from '../lib/logger.js';
import { redis } from '../lib/redis.js';

const redlock = new Redlock([redis], { retryCount: 10, retryDelay: 100 });
const memory = createCache({ ttl: 30_000 });
const local = new LRUCache<string, string>({ max: 1000, ttl: 5_000 });

// Every request that misses while the category is being loaded runs the same query.
export async function categoryPage(slug: string) {
  const key = `category:${slug}`;
  const cached = await redis.get(key);
  if (cached) return JSON.parse(cached) as unknown;
  const page = await prisma.category.findUniqueOrThrow({ where: { slug }, include: { products: true } });
  await redis.set(key, JSON.stringify(page), 'EX', 60); // expect: race/no-unawaited-cache-fill
  return page;
}

// Filled in the background on purpose, but the concurrent misses still all load.
export async function brandPage(slug: string) {
  const key = `brand:${slug}`;
  const cached = await redis.get(key);
  if (cached) return JSON.parse(cached) as unknown;
  const brand = await prisma.brand.findUniqueOrThrow({ where: { slug }, include: { products: true } });
  redis.set(key, JSON.stringify(brand), 'EX', 60).catch((err: unknown) => logger.warn({ err, key }, 'brand cache fill failed')); // expect: race/no-unawaited-cache-fill
  return brand;
}

// cache-manager has a read-through form that loads once per key.
export async function menu(locale: string) {
  const cached = await memory.get<unknown[]>(`menu:${locale}`);
  if (cached) return cached;
  const items = await prisma.menuItem.findMany({ where: { locale }, orderBy: { position: 'asc' } });
  await memory.set(`menu:${locale}`, items); // expect: race/no-unawaited-cache-fill
  return items;
}

// One load per key: concurrent misses wait for the promise already in flight.
const inFlight = new Map<string, Promise<unknown>>();

export async function collectionPage(slug: string) {
  const key = `collection:${slug}`;
  const cached = await redis.get(key);
  if (cached) return JSON.parse(cached) as unknown;
  let loading = inFlight.get(key);
  if (!loading) {
    loading = prisma.collection
      .findUniqueOrThrow({ where: { slug }, include: { products: true } })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, loading);
  }
  const collection = await loading;
  await redis.set(key, JSON.stringify(collection), 'EX', 60); // safe: race/no-unawaited-cache-fill
  return collection;
}

// A lock on the key: only its holder loads, the others read what it stored.
export async function searchFacets(query: string) {
  const key = `facets:${query}`;
  const cached = await redis.get(key);
  if (cached) return JSON.parse(cached) as unknown;
  return redlock.using([`lock:${key}`], 5_000, async () => {
    const again = await redis.get(key);
    if (again) return JSON.parse(again) as unknown;
    const facets = await prisma.product.groupBy({ by: ['brandId'], where: { name: { contains: query } }, _count: true });
    await redis.set(key, JSON.stringify(facets), 'EX', 120); // safe: race/no-unawaited-cache-fill
    return facets;
  });
}

// Memoised per argument: concurrent calls for one slug share a promise.
export const sitemapFor = pMemoize(async (section: string) => {
  const key = `sitemap:${section}`;
  const cached = await redis.get(key);
  if (cached) return cached;
  const entries = await prisma.page.findMany({ where: { section }, select: { path: true } });
  const xml = entries.map((entry) => `<url><loc>${entry.path}</loc></url>`).join('');
  await redis.set(key, xml, 'EX', 3600); // safe: race/no-unawaited-cache-fill
  return xml;
});

// Nothing is loaded: the value is computed from the arguments.
export async function breadcrumbs(path: string) {
  const key = `breadcrumbs:${path}`;
  const cached = await redis.get(key);
  if (cached) return cached;
  const trail = path.split('/').filter(Boolean).join(' › ');
  await redis.set(key, trail, 'EX', 3600); // safe: race/no-unawaited-cache-fill
  return trail;
}

// A small local cache in front of Redis: the load is itself a cache read.
async function cachedPrice(sku: string) {
  return redis.get(`price:${sku}`);
}

export async function priceOf(sku: string) {
  const hit = local.get(sku);
  if (hit) return hit;
  const price = await cachedPrice(sku);
  if (price) local.set(sku, price); // safe: race/no-unawaited-cache-fill
  return price;
}
