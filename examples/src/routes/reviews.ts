import { Router } from 'express';
import { prisma } from '../db.js';

export const reviews = Router();

// RACE: one review per customer and product, find-or-create written by hand.
reviews.put('/products/:productId/review', async (req, res) => {
  const productId = Number(req.params.productId);
  const { customerId, stars } = req.body as { customerId: number; stars: number };
  const review =
    (await prisma.review.findFirst({ where: { productId, customerId } })) ??
    (await prisma.review.create({ data: { productId, customerId, stars } }));
  res.json(review);
});

// FIXED: one atomic upsert on the composite unique key.
reviews.put('/v2/products/:productId/review', async (req, res) => {
  const productId = Number(req.params.productId);
  const { customerId, stars } = req.body as { customerId: number; stars: number };
  const review = await prisma.review.upsert({
    where: { productId_customerId: { productId, customerId } },
    update: { stars },
    create: { productId, customerId, stars },
  });
  res.json(review);
});
