import type { Types } from 'mongoose';
import { Account } from '../models/account';

export class InsufficientCreditsError extends Error {}

// Two exports started together both read 100 credits and both save 100 - cost: one charge is lost.
export async function chargeForExport(ownerId: Types.ObjectId, cost: number) {
  const account = await Account.findOne({ ownerId }).orFail();
  if (account.credits < cost) throw new InsufficientCreditsError();
  account.credits -= cost;
  account.exportsRun += 1;
  await account.save(); // expect: race/no-read-modify-write
  return account.credits;
}

// The balance check lives in the filter; the result says whether the charge went through.
export async function chargeForReport(ownerId: Types.ObjectId, cost: number) {
  const { matchedCount } = await Account.updateOne( // safe: race/no-read-modify-write
    { ownerId, credits: { $gte: cost } },
    { $inc: { credits: -cost } },
  );
  if (matchedCount === 0) throw new InsufficientCreditsError();
}

// Top-ups need no read at all.
export async function topUp(ownerId: Types.ObjectId, amount: number) {
  await Account.updateOne({ ownerId }, { $inc: { credits: amount } }); // safe: race/no-read-modify-write
}

// The read only finds the account; the new name comes from the request.
export async function rename(ownerId: Types.ObjectId, displayName: string) {
  const account = await Account.findOne({ ownerId });
  if (!account) throw new Error('no account');
  account.displayName = displayName;
  await account.save(); // safe: race/no-read-modify-write
}
