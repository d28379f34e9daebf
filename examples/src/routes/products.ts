import type { Product } from '@prisma/client';
import { Router } from 'express';
import { prisma } from '../db.js';
import { redis } from '../redis.js';

export const products = Router();

// RACE: the cache fill is left running. Until it lands every request misses and queries the
// database again, and a Redis error is an unhandled rejection that stops the process.
products.get('/products/:id', async (req, res) => {
  const key = `product:${req.params.id}`;
  const cached = await redis.get(key);
  if (cached) {
    res.json(JSON.parse(cached));
    return;
  }
  const product = await prisma.product.findUnique({ where: { id: Number(req.params.id) } });
  if (!product) {
    res.status(404).json({ error: 'no such product' });
    return;
  }
  redis.set(key, JSON.stringify(product), 'EX', 60);
  res.json(product);
});

// FIXED: the fill is awaited, so its failure reaches the error handler, and requests that miss
// together share one database load instead of each running their own (a cache stampede).
const loads = new Map<number, Promise<Product | null>>();

products.get('/v2/products/:id', async (req, res) => {
  const id = Number(req.params.id);
  const key = `product:${id}`;
  const cached = await redis.get(key);
  if (cached) {
    res.json(JSON.parse(cached));
    return;
  }
  let load = loads.get(id);
  if (!load) {
    load = prisma.product.findUnique({ where: { id } }).finally(() => loads.delete(id));
    loads.set(id, load);
  }
  const product = await load;
  if (!product) {
    res.status(404).json({ error: 'no such product' });
    return;
  }
  await redis.set(key, JSON.stringify(product), 'EX', 60);
  res.json(product);
});
