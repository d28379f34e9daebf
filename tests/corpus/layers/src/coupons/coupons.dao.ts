import db from '@/lib/knex';

export interface CouponRow {
  id: number;
  code: string;
  percent_off: number;
  created_by: number;
}

function findByCode(code: string): Promise<CouponRow | undefined> {
  return db<CouponRow>('coupons').where({ code }).first();
}

async function insert(coupon: Omit<CouponRow, 'id'>): Promise<CouponRow> {
  const [row] = await db<CouponRow>('coupons').insert(coupon).returning('*');
  return row as CouponRow;
}

function findRedemption(couponId: number, userId: number) {
  return db('coupon_redemptions').where({ coupon_id: couponId, user_id: userId }).first();
}

/** Records the redemption unless this user already redeemed this coupon; false then. */
async function insertRedemption(couponId: number, userId: number): Promise<boolean> {
  const rows = await db('coupon_redemptions')
    .insert({ coupon_id: couponId, user_id: userId })
    .onConflict(['coupon_id', 'user_id'])
    .ignore()
    .returning('id');
  return rows.length > 0;
}

export default { findByCode, insert, findRedemption, insertRedemption };
