import type { Case } from '../cases.js';

const models = `import { Schema, model } from 'mongoose';

interface Account {
  email: string;
  name?: string;
  credits: number;
}

interface Product {
  sku: string;
  stock: number;
  reserved: number;
}

const Account = model<Account>(
  'Account',
  new Schema<Account>({ email: { type: String, required: true }, name: String, credits: { type: Number, default: 0 } }),
);

const Product = model<Product>(
  'Product',
  new Schema<Product>({ sku: { type: String, required: true }, stock: { type: Number, default: 0 }, reserved: { type: Number, default: 0 } }),
);
`;

export const cases: readonly Case[] = [
  {
    name: 'mongoose-rmw-save',
    rule: 'no-read-modify-write',
    code: `${models}
export async function spend(id: string, cost: number, name: string): Promise<void> {
  const account = await Account.findById(id);
  if (!account) throw new Error('No such account');
  account.credits -= cost;
  account.name = name;
  await account.save();
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'mongoose-rmw-save-guarded',
    rule: 'no-read-modify-write',
    code: `${models}
export async function spend(email: string, cost: number): Promise<void> {
  const account = await Account.findOne({ email }).orFail();
  if (account.credits < cost) throw new Error('Not enough credits');
  account.credits -= cost;
  await account.save();
}
`,
    report: 'lostUpdate',
    suggestions: ['useConditionalUpdate'],
  },
  {
    name: 'mongoose-rmw-set',
    rule: 'no-read-modify-write',
    code: `${models}
export async function restock(sku: string, amount: number): Promise<void> {
  const product = await Product.findOne({ sku }).lean().orFail();
  await Product.updateOne({ sku }, { $set: { stock: product.stock + amount, reserved: 0 } });
}
`,
    report: 'lostUpdate',
    suggestions: ['useAtomicUpdate'],
  },
  {
    name: 'mongoose-rmw-stale-inc',
    rule: 'no-read-modify-write',
    code: `${models}
export async function reserve(id: string, qty: number): Promise<void> {
  const product = await Product.findById(id).orFail();
  if (product.stock < qty) {
    throw new Error('Out of stock');
  }
  await Product.findByIdAndUpdate(id, { $inc: { stock: -qty, reserved: qty } });
}
`,
    report: 'staleGuard',
    suggestions: ['useConditionalUpdate'],
  },
  {
    name: 'mongoose-rmw-set-guarded',
    rule: 'no-read-modify-write',
    code: `${models}
export async function reserve(sku: string, qty: number): Promise<void> {
  const product = await Product.findOne({ sku }).orFail();
  if (product.stock < qty) throw new Error('Out of stock');
  await Product.updateOne({ sku }, { stock: product.stock - qty });
}
`,
    report: 'lostUpdate',
    suggestions: ['useConditionalUpdate'],
  },
];
