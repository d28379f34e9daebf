import type { Knex } from 'knex';

export function findCouponCode(trx: Knex.Transaction, code: string) {
  return trx('coupons').where({ code }).first('id');
}

export async function insertCouponCode(trx: Knex.Transaction, code: string, percentOff: number, adminId: number) {
  await trx('coupons').insert({ code, percent_off: percentOff, created_by: adminId });
}
