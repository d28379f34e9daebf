import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL ?? '');

export class SoldOutError extends Error {}

// The stock check runs on a value another order may already have used: both orders pass it.
export async function reserve(productId: number, quantity: number) {
  const [product] = await sql`SELECT stock FROM products WHERE id = ${productId}`;
  if (!product || product.stock < quantity) throw new SoldOutError();
  await sql`UPDATE products SET stock = stock - ${quantity} WHERE id = ${productId}`; // expect: race/no-read-modify-write
}

// The check is repeated by the UPDATE itself, and the row count says whether it held.
export async function reserveSafely(productId: number, quantity: number) {
  const [product] = await sql`SELECT stock FROM products WHERE id = ${productId}`;
  if (!product || product.stock < quantity) throw new SoldOutError();
  const { count } = await sql`UPDATE products SET stock = stock - ${quantity} WHERE id = ${productId} AND stock >= ${quantity}`; // safe: race/no-read-modify-write
  if (count === 0) throw new SoldOutError();
}

// Restock inside sql.begin with the row locked.
export async function restock(productId: number, delivered: number) {
  return sql.begin(async (sql) => {
    const [product] = await sql`SELECT stock FROM products WHERE id = ${productId} FOR UPDATE`;
    await sql`UPDATE products SET stock = ${product.stock + delivered} WHERE id = ${productId}`; // safe: race/no-read-modify-write
    return product.stock + delivered;
  });
}

// Admin edit of the SKU with an optimistic version check.
export async function renameSku(productId: number, sku: string) {
  const [product] = await sql`SELECT version FROM products WHERE id = ${productId}`;
  const result = await sql`UPDATE products SET sku = ${sku}, version = ${product.version + 1} WHERE id = ${productId} AND version = ${product.version}`; // safe: race/no-read-modify-write
  if (result.count === 0) throw new Error('edited by someone else');
}
