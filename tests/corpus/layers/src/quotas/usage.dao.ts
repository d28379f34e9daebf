import db from '@/lib/knex';

interface UsageRow {
  api_key_id: number;
  day: string;
  calls: number;
}

export function getUsage(apiKeyId: number, day: string): Promise<UsageRow | undefined> {
  return db<UsageRow>('api_usage').where({ api_key_id: apiKeyId, day }).first();
}

export async function bumpUsage(apiKeyId: number, day: string): Promise<void> {
  await db('api_usage').where({ api_key_id: apiKeyId, day }).increment('calls', 1);
}

/** Counts one call unless the key has made `limit` calls that day; false then. */
export async function consumeUsage(apiKeyId: number, day: string, limit: number): Promise<boolean> {
  const changed = await db('api_usage')
    .where({ api_key_id: apiKeyId, day })
    .andWhere('calls', '<', limit)
    .increment('calls', 1);
  return changed === 1;
}
