import mongoose from 'mongoose';
import { Product } from '../models/product';

export class OutOfStockError extends Error {}

// The classic oversell: the stock check runs on a read that a concurrent order has already made stale.
export async function reserve(sku: string, qty: number) {
  const product = await Product.findOne({ sku }).lean();
  if (!product || product.stock < qty) throw new OutOfStockError(sku);
  await Product.updateOne({ sku }, { $inc: { stock: -qty, reserved: qty } }); // expect: race/no-read-modify-write
}

// The same reservation with the check moved into the filter, and the null result handled.
export async function reserveAtomically(sku: string, qty: number) {
  const updated = await Product.findOneAndUpdate( // safe: race/no-read-modify-write
    { sku, stock: { $gte: qty } },
    { $inc: { stock: -qty, reserved: qty } },
    { returnDocument: 'after' },
  );
  if (!updated) throw new OutOfStockError(sku);
  return updated.stock;
}

// Inside a transaction the read is a snapshot: a concurrent write to the product aborts this one.
export async function restock(sku: string, qty: number) {
  const session = await mongoose.startSession();
  try {
    await session.withTransaction(async () => {
      const product = await Product.findOne({ sku }).session(session).orFail();
      product.stock = product.stock + qty;
      await product.save(); // safe: race/no-read-modify-write
    });
  } finally {
    await session.endSession();
  }
}
