import { Router } from 'express';
import { prisma } from '../db.js';

export const orders = Router();

// RACE: two buyers of the last unit both read stock 1, both pass the check, and both orders
// decrement it: the shop sells a unit it does not have.
orders.post('/products/:id/orders', async (req, res) => {
  const id = Number(req.params.id);
  const quantity = Number(req.body.quantity);
  const product = await prisma.product.findUnique({ where: { id } });
  if (!product || product.stock < quantity) {
    res.status(409).json({ error: 'out of stock' });
    return;
  }
  await prisma.product.update({ where: { id }, data: { stock: product.stock - quantity } });
  res.status(201).json({ ordered: quantity });
});

// FIXED: the stock check is part of the write; no row changes when the stock is too low.
orders.post('/v2/products/:id/orders', async (req, res) => {
  const id = Number(req.params.id);
  const quantity = Number(req.body.quantity);
  const { count } = await prisma.product.updateMany({
    where: { id, stock: { gte: quantity } },
    data: { stock: { decrement: quantity } },
  });
  if (count === 0) {
    res.status(409).json({ error: 'out of stock' });
    return;
  }
  res.status(201).json({ ordered: quantity });
});
