import { redis } from '../lib/redis';

interface Cart {
  items: { sku: string; qty: number }[];
}
declare function loadCart(userId: string): Promise<Cart>;

// The cart kept as one JSON value: two "add to cart" clicks each write back the cart they read,
// and one item disappears.
export async function addItem(userId: string, sku: string) {
  const stored = await redis.get(`cart:${userId}`);
  const cart: Cart = stored ? JSON.parse(stored) : { items: [] };
  cart.items.push({ sku, qty: 1 });
  await redis.set(`cart:${userId}`, JSON.stringify(cart), 'EX', 86_400); // expect: race/no-read-modify-write
}

// Quantities kept in a hash: HINCRBY changes one field in place.
export async function addQuantity(userId: string, sku: string, qty: number) {
  await redis.hincrby(`cart:items:${userId}`, sku, qty); // safe: race/no-read-modify-write
}

// A cache fill writes what the database returned, not what Redis held.
export async function cartFor(userId: string): Promise<Cart> {
  const cached = await redis.get(`cart:view:${userId}`);
  if (cached) return JSON.parse(cached) as Cart;
  const cart = await loadCart(userId);
  await redis.set(`cart:view:${userId}`, JSON.stringify(cart), 'EX', 60); // safe: race/no-read-modify-write
  return cart;
}
