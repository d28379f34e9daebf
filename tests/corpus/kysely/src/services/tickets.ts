import { db } from '../database';

// Two buyers of the last tickets both pass the check, then both take tickets.
export async function buyTickets(eventId: number, count: number) {
  const pool = await db.selectFrom('ticket_pool').selectAll().where('event_id', '=', eventId).executeTakeFirstOrThrow();
  if (pool.remaining < count) throw new Error('sold out');
  await db.updateTable('ticket_pool').set((eb) => ({ remaining: eb('remaining', '-', count) })).where('event_id', '=', eventId).execute(); // expect: race/no-read-modify-write
}

// The check moves into the WHERE clause and the changed row count decides.
export async function buyTicketsChecked(eventId: number, count: number) {
  const result = await db // safe: race/no-read-modify-write
    .updateTable('ticket_pool')
    .set((eb) => ({ remaining: eb('remaining', '-', count) }))
    .where('event_id', '=', eventId)
    .where('remaining', '>=', count)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new Error('sold out');
}

// Optimistic editing: the revision in the filter, and RETURNING through executeTakeFirstOrThrow()
// throws when another editor saved first.
export async function editPage(pageId: number, body: string) {
  const page = await db.selectFrom('wiki_page').select(['id', 'revision']).where('id', '=', pageId).executeTakeFirstOrThrow();
  await db // safe: race/no-read-modify-write
    .updateTable('wiki_page')
    .set({ body, revision: page.revision + 1 })
    .where('id', '=', pageId)
    .where('revision', '=', page.revision)
    .returning(['id', 'revision'])
    .executeTakeFirstOrThrow();
  return page.revision + 1;
}

// The title comes from the request; the read only checks the page exists.
export async function retitle(pageId: number, title: string) {
  const page = await db.selectFrom('wiki_page').select('id').where('id', '=', pageId).executeTakeFirst();
  if (!page) throw new Error('no such page');
  await db.updateTable('wiki_page').set({ title }).where('id', '=', pageId).execute(); // safe: race/no-read-modify-write
}
