import { Router } from 'express';
import { prisma } from '@/lib/prisma';
import findReview from './find-review';

export const reviewsRouter = Router();

interface ReviewBody {
  rating: number;
  text: string;
}

// One review per product and author, checked in code: two submits both pass.
reviewsRouter.post('/products/:productId/reviews', async (req, res) => {
  const productId = Number(req.params.productId);
  const authorId = Number(res.locals.userId);
  if (await findReview(productId, authorId)) return res.status(409).json({ error: 'already reviewed' });
  const review = await insertReview(productId, authorId, req.body as ReviewBody); // expect: race/no-check-then-create
  return res.status(201).json(review);
});

function insertReview(productId: number, authorId: number, body: ReviewBody) {
  return prisma.review.create({ data: { productId, authorId, rating: body.rating, text: body.text } });
}
