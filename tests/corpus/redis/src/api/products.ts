import { LRUCache } from 'lru-cache';
import { redis } from '../lib/redis';

interface Product {
  id: string;
  name: string;
  price: number;
}
declare function loadProduct(id: string): Promise<Product>;
declare function chargeCard(orderId: string, amount: number): Promise<{ chargeId: string }>;

// Cache-aside: two misses both load and both fill the same value, which is harmless.
export async function getProduct(id: string): Promise<Product> {
  const cached = await redis.get(`product:${id}`);
  if (cached) return JSON.parse(cached) as Product;
  const product = await loadProduct(id);
  await redis.set(`product:${id}`, JSON.stringify(product), 'EX', 300); // safe: race/no-check-then-create
  return product;
}

// An in-process LRU in front of Redis: local state.
const local = new LRUCache<string, Product>({ max: 500 });
export async function getProductFast(id: string): Promise<Product> {
  const hit = local.get(id);
  if (hit) return hit;
  const product = await getProduct(id);
  local.set(id, product); // safe: race/no-check-then-create
  return product;
}

// An idempotency key implemented as a cache: two requests with the same key both miss and
// both charge the card.
export async function pay(idempotencyKey: string, orderId: string, amount: number) {
  const stored = await redis.get(`idempotency:${idempotencyKey}`);
  if (stored) return JSON.parse(stored) as { chargeId: string };
  const charge = await chargeCard(orderId, amount);
  await redis.set(`idempotency:${idempotencyKey}`, JSON.stringify(charge), 'EX', 86400); // expect: race/no-check-then-create
  return charge;
}
