import { setTimeout as sleep } from 'node:timers/promises';
import { prisma } from '../db';

const SEARCH_URL = process.env.SEARCH_URL ?? 'http://search:9200';

async function indexProduct(id: number, name: string) {
  await fetch(`${SEARCH_URL}/products/_doc/${id}`, { method: 'PUT', body: JSON.stringify({ name }) });
}

// A change-data-capture consumer indexes the new product; a second later the search may not have it yet.
export async function createAndSearch(name: string, price: number) {
  const product = await prisma.product.create({ data: { name, price } });
  await sleep(1000); // expect: race/no-sleep-synchronization
  const response = await fetch(`${SEARCH_URL}/products/_search?q=${encodeURIComponent(name)}`);
  return { product, hits: await response.json() };
}

// The indexing promise is right there: await it instead of sleeping.
export async function renameProduct(id: number, name: string) {
  const product = await prisma.product.update({ where: { id }, data: { name } });
  const indexing = indexProduct(id, name);
  await sleep(300); // expect: race/no-sleep-synchronization
  const response = await fetch(`${SEARCH_URL}/products/_search?q=${encodeURIComponent(name)}`);
  await indexing;
  return { product, hits: await response.json() };
}

// Nothing reads or calls anything after the pause: a log line is all that follows.
export async function reprice(id: number, price: number) {
  await prisma.product.update({ where: { id }, data: { price } });
  await sleep(100); // safe: race/no-sleep-synchronization
  console.log(`repriced ${id}`);
}

// Rate limiting between calls to a paid API, in a loop.
export async function reindexAll() {
  const products = await prisma.product.findMany();
  for (const product of products) {
    await indexProduct(product.id, product.name);
    await sleep(250); // safe: race/no-sleep-synchronization
  }
}
