import { prisma } from '../db.js';

export const wishlistRepository = {
  find(customerId: number, productId: number) {
    return prisma.wishlistItem.findFirst({ where: { customerId, productId } });
  },

  add(customerId: number, productId: number) {
    return prisma.wishlistItem.create({ data: { customerId, productId } });
  },

  /** Adds the item, or returns the one already there, in one statement. */
  save(customerId: number, productId: number) {
    return prisma.wishlistItem.upsert({
      where: { customerId_productId: { customerId, productId } },
      update: {},
      create: { customerId, productId },
    });
  },
};
