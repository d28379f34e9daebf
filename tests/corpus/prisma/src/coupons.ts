import type { Request, Response } from 'express';
import { prisma } from './db';

// Classic: coupon codes are not unique in the schema; two admins create the same code.
export async function createCoupon(req: Request, res: Response) {
  const { code, discount } = req.body as { code: string; discount: number };
  const duplicate = await prisma.coupon.findFirst({ where: { code } });
  if (duplicate) {
    res.status(409).json({ error: 'exists' });
    return;
  }
  const coupon = await prisma.coupon.create({ data: { code, discount, createdBy: 1 } }); // expect: race/no-check-then-create
  res.status(201).json(coupon);
}

// Serializable transaction: PostgreSQL aborts one of two overlapping check-then-inserts.
export async function createCouponSerializable(code: string, discount: number) {
  return prisma.$transaction(
    async (tx) => {
      const duplicate = await tx.coupon.findFirst({ where: { code } });
      if (duplicate) throw new Error('exists');
      return tx.coupon.create({ data: { code, discount, createdBy: 1 } }); // safe: race/no-check-then-create
    },
    { isolationLevel: 'Serializable' },
  );
}

// A transaction at the default isolation (READ COMMITTED) does not stop the race.
export async function createCouponInTransaction(code: string, discount: number) {
  return prisma.$transaction(async (tx) => {
    const duplicate = await tx.coupon.findFirst({ where: { code } });
    if (duplicate) throw new Error('exists');
    return tx.coupon.create({ data: { code, discount, createdBy: 1 } }); // expect: race/no-check-then-create
  });
}

// Advisory lock on the code serialises the check and the create.
export async function createCouponLocked(code: string, discount: number) {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${code}))`;
    const duplicate = await tx.coupon.findFirst({ where: { code } });
    if (duplicate) throw new Error('exists');
    return tx.coupon.create({ data: { code, discount, createdBy: 1 } }); // safe: race/no-check-then-create
  });
}

// The check is on users, the create on coupons: different records.
export async function grantWelcomeCoupon(userId: number, code: string) {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new Error('no such user');
  return prisma.coupon.create({ data: { code, discount: 10, createdBy: userId } }); // safe: race/no-check-then-create
}
