import { pool } from '../db.js';

// The pool comes from ./db; nothing in this file names the driver, so only type information
// can tell that pool.query reaches PostgreSQL. Two webhook deliveries pay the reward twice.
export async function grantReferralReward(referrerId: number, refereeId: number) {
  const { rows } = await pool.query(
    'SELECT id FROM referral_rewards WHERE referrer_id = $1 AND referee_id = $2',
    [referrerId, refereeId],
  );
  if (rows.length > 0) return;
  await pool.query( // expect: race/no-check-then-create
    'INSERT INTO referral_rewards (referrer_id, referee_id, amount) VALUES ($1, $2, 500)',
    [referrerId, refereeId],
  );
}
