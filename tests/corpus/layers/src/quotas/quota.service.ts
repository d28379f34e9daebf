import { QuotaExceededError } from '../shared/errors';
import { today } from '../shared/text';
import { bumpUsage, consumeUsage, getUsage } from './usage.dao';

// A burst of calls all read the count below the limit before any of them is counted.
export async function enforceQuota(apiKeyId: number, limit: number) {
  const day = today();
  const usage = await getUsage(apiKeyId, day);
  if (usage && usage.calls >= limit) throw new QuotaExceededError();
  await bumpUsage(apiKeyId, day); // expect: race/no-read-modify-write
}

// The limit is in the UPDATE's WHERE and the changed-row count decides; the read only feeds the
// "remaining calls" header.
export async function enforceQuotaStrict(apiKeyId: number, limit: number) {
  const day = today();
  const usage = await getUsage(apiKeyId, day);
  const allowed = await consumeUsage(apiKeyId, day, limit); // safe: race/no-read-modify-write
  if (!allowed) throw new QuotaExceededError();
  return Math.max(0, limit - (usage?.calls ?? 0) - 1);
}
