import { ConflictError, NotFoundError } from '@/shared/errors';
import couponsDao from './coupons.dao';

// Two admins creating the same code both find it free: coupons.code has no unique index.
export async function createCoupon(code: string, percentOff: number, adminId: number) {
  const existing = await couponsDao.findByCode(code);
  if (existing) throw new ConflictError(`coupon ${code} exists`);
  return couponsDao.insert({ code, percent_off: percentOff, created_by: adminId }); // expect: race/no-check-then-create
}

// The redemption insert is ON CONFLICT DO NOTHING on (coupon_id, user_id), and its outcome is checked.
export async function redeemCoupon(code: string, userId: number) {
  const coupon = await couponsDao.findByCode(code);
  if (!coupon) throw new NotFoundError('coupon');
  if (await couponsDao.findRedemption(coupon.id, userId)) throw new ConflictError('coupon already used');
  const recorded = await couponsDao.insertRedemption(coupon.id, userId); // safe: race/no-check-then-create
  if (!recorded) throw new ConflictError('coupon already used');
  return coupon;
}
