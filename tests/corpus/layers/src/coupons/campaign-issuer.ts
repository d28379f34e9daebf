import db from '@/lib/knex';
import { findCouponCode, insertCouponCode } from './coupon-codes';

// Issues a campaign's codes in one transaction at the default isolation level: an admin
// creating one of the same codes meanwhile is not seen, and the code ends up twice.
export async function issueCampaignCodes(codes: string[], percentOff: number, adminId: number) {
  return db.transaction(async (trx) => {
    const issued: string[] = [];
    for (const code of codes) {
      if (await findCouponCode(trx, code)) continue;
      await insertCouponCode(trx, code, percentOff, adminId); // expect: race/no-check-then-create
      issued.push(code);
    }
    return issued;
  });
}
