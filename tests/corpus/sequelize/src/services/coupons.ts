import { Transaction } from 'sequelize';
import { sequelize } from '../db';
import { Coupon } from '../models/coupon';
import { User } from '../models/user';

// Two admins issuing the same code at once both see it free and both insert.
export async function issueCoupon(code: string, percentOff: number) {
  const existing = await Coupon.findOne({ where: { code } });
  if (existing) throw new Error(`coupon ${code} exists`);
  return Coupon.create({ code, percentOff }); // expect: race/no-check-then-create
}

// Serializable: the second transaction fails to commit instead of inserting a duplicate.
export async function issueCouponSerializable(code: string, percentOff: number) {
  return sequelize.transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.SERIALIZABLE }, async (transaction) => {
    const existing = await Coupon.findOne({ where: { code }, transaction });
    if (existing) throw new Error(`coupon ${code} exists`);
    return Coupon.create({ code, percentOff }, { transaction }); // safe: race/no-check-then-create
  });
}

// A transaction at the default level does not help: both reads see no coupon.
export async function issueCouponInTransaction(code: string, percentOff: number) {
  return sequelize.transaction(async (t) => {
    const count = await Coupon.count({ where: { code }, transaction: t });
    if (count === 0) {
      await Coupon.create({ code, percentOff }, { transaction: t }); // expect: race/no-check-then-create
    }
  });
}

// A referral coupon per owner: locking the owner's row first makes the owner's requests take
// turns, so the second sees the first one's coupon. (Locking the coupon rows themselves would
// lock nothing in PostgreSQL while no coupon exists.)
export async function issueReferralCoupon(ownerId: number, code: string) {
  await sequelize.transaction(async (t) => {
    await User.findByPk(ownerId, { lock: t.LOCK.UPDATE, transaction: t });
    const existing = await Coupon.findOne({ where: { code, ownerId }, transaction: t });
    if (!existing) await Coupon.create({ code, ownerId, percentOff: 10 }, { transaction: t }); // safe: race/no-check-then-create
  });
}

// Seeding skips rows that already exist in one statement.
export async function seedCoupons(codes: string[]) {
  const existing = await Coupon.findAll({ where: { code: codes } });
  if (existing.length < codes.length) {
    await Coupon.bulkCreate(codes.map((code) => ({ code, percentOff: 10 })), { ignoreDuplicates: true }); // safe: race/no-check-then-create
  }
}

// Built, filled in, then saved: the same race through an instance.
export async function draftCoupon(code: string) {
  if (await Coupon.findOne({ where: { code } })) return null;
  const coupon = Coupon.build({ code });
  coupon.set('percentOff', 5);
  await coupon.save(); // expect: race/no-check-then-create
  return coupon;
}
