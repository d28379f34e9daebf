import { Router } from 'express';
import { prisma } from '../db.js';

export const coupons = Router();

// RACE: nothing in the schema makes a coupon code unique, so two admins who create the same
// code at the same moment both insert it.
coupons.post('/coupons', async (req, res) => {
  const { code, discount } = req.body as { code: string; discount: number };
  const duplicate = await prisma.coupon.findFirst({ where: { code } });
  if (duplicate) {
    res.status(409).json({ error: 'code exists' });
    return;
  }
  res.status(201).json(await prisma.coupon.create({ data: { code, discount } }));
});

// FIXED: a serializable transaction makes PostgreSQL abort one of two overlapping attempts.
coupons.post('/v2/coupons', async (req, res) => {
  const { code, discount } = req.body as { code: string; discount: number };
  const coupon = await prisma.$transaction(
    async (tx) => {
      const duplicate = await tx.coupon.findFirst({ where: { code } });
      if (duplicate) return null;
      return tx.coupon.create({ data: { code, discount } });
    },
    { isolationLevel: 'Serializable' },
  );
  res.status(coupon ? 201 : 409).json(coupon ?? { error: 'code exists' });
});
