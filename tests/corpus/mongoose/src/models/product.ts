import { Schema, model } from 'mongoose';

const productSchema = new Schema({
  sku: { type: String, required: true, unique: true },
  title: { type: String, required: true },
  stock: { type: Number, default: 0 },
  reserved: { type: Number, default: 0 },
});

export const Product = model('Product', productSchema);
