import { ConflictError, NotFoundError } from '../shared/errors';
import { findReferralByCode, incrementReferralUses, insertReferral, setReferralUses } from './referrals.dao';

export const referralService = {
  // Vanity codes are not unique in the schema: two users picking the same one both get it.
  async createCode(ownerId: number, code: string) {
    const existing = await findReferralByCode(code);
    if (existing) throw new ConflictError(`code ${code} is taken`);
    return insertReferral({ code, ownerId }); // expect: race/no-check-then-create
  },

  // Two sign-ups with the same code both read `uses` and both write it plus one.
  async redeem(code: string) {
    const referral = await findReferralByCode(code);
    if (!referral) throw new NotFoundError('referral');
    await setReferralUses(referral.id, referral.uses + 1); // expect: race/no-read-modify-write
    return referral.ownerId;
  },

  // The increment is atomic, but the limit check before it is stale: the last use is given twice.
  async redeemLimited(code: string) {
    const referral = await findReferralByCode(code);
    if (!referral) throw new NotFoundError('referral');
    if (referral.uses >= referral.maxUses) throw new ConflictError('referral code used up');
    await incrementReferralUses(referral.id); // expect: race/no-read-modify-write
    return referral.ownerId;
  },

  // The read only resolves the code; the database counts the use.
  async countSignup(code: string) {
    const referral = await findReferralByCode(code);
    if (!referral) return null;
    await incrementReferralUses(referral.id); // safe: race/no-read-modify-write
    return referral.ownerId;
  },
};
