import { prisma } from '@/lib/prisma';

export default function findReview(productId: number, authorId: number) {
  return prisma.review.findFirst({ where: { productId, authorId } });
}
