import { and, eq, gte, sql } from 'drizzle-orm';
import { db } from '../db/client';
import { documents, products } from '../db/schema';

export class OutOfStockError extends Error {}

// The classic oversell: both checkouts pass the stock check, both decrement.
export async function reserve(productId: number, quantity: number) {
  const [product] = await db.select().from(products).where(eq(products.id, productId));
  if (!product) throw new Error('unknown product');
  if (product.stock < quantity) throw new OutOfStockError(product.sku);
  await db // expect: race/no-read-modify-write
    .update(products)
    .set({ stock: sql`${products.stock} - ${quantity}` })
    .where(eq(products.id, productId));
}

// The stock check is in the WHERE clause and the returned rows say whether it held.
export async function reserveChecked(productId: number, quantity: number) {
  const reserved = await db // safe: race/no-read-modify-write
    .update(products)
    .set({ stock: sql`${products.stock} - ${quantity}` })
    .where(and(eq(products.id, productId), gte(products.stock, quantity)))
    .returning({ id: products.id });
  if (reserved.length === 0) throw new OutOfStockError(String(productId));
}

// Optimistic concurrency: the version in the filter, the row count checked.
export async function saveDocument(id: number, body: string) {
  const [doc] = await db.select().from(documents).where(eq(documents.id, id));
  if (!doc) throw new Error('not found');
  const result = await db // safe: race/no-read-modify-write
    .update(documents)
    .set({ body, version: doc.version + 1 })
    .where(and(eq(documents.id, id), eq(documents.version, doc.version)));
  if (result.rowCount === 0) throw new Error('the document changed since it was opened');
}

// The read only checks ownership; the title comes from the request.
export async function renameDocument(id: number, ownerId: string, title: string) {
  const doc = await db.query.documents.findFirst({ where: eq(documents.id, id) });
  if (!doc || doc.ownerId !== ownerId) throw new Error('forbidden');
  await db.update(documents).set({ title }).where(eq(documents.id, id)); // safe: race/no-read-modify-write
}
