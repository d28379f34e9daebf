import db from '@/lib/knex';

export function findSubscriber(listId: number, email: string) {
  return db('newsletter_subscribers').where({ list_id: listId, email }).first();
}

export async function insertSubscriber(listId: number, email: string): Promise<void> {
  await db('newsletter_subscribers').insert({ list_id: listId, email });
}

export async function confirmSubscriber(id: number): Promise<void> {
  await db('newsletter_subscribers').where({ id }).update({ confirmed: true });
}
