import { db } from '../db';

export class SoldOutError extends Error {}

// Two bookings for the last seat both pass the check, then both decrement.
export async function book(eventId: number, count: number) {
  const seats = await db('seats').where({ event_id: eventId }).first();
  if (seats.available < count) throw new SoldOutError();
  await db('seats').where({ event_id: eventId }).decrement('available', count); // expect: race/no-read-modify-write
}

// The check rides in the WHERE clause and the affected row count tells whether it held.
export async function bookChecked(eventId: number, count: number) {
  const booked = await db('seats').where({ event_id: eventId }).where('available', '>=', count).decrement('available', count); // safe: race/no-read-modify-write
  if (booked === 0) throw new SoldOutError();
}

// Autosave merges one field into the stored draft: two tabs saving at once lose a field.
export async function autosave(draftId: number, field: string, value: string) {
  const draft = await db('drafts').where({ id: draftId }).first();
  await db('drafts').where({ id: draftId }).update({ fields: { ...draft.fields, [field]: value } }); // expect: race/no-read-modify-write
}

// The same merge with the revision in the filter, and a conflict when it changed.
export async function autosaveRevision(draftId: number, field: string, value: string) {
  const draft = await db('drafts').where({ id: draftId }).first();
  const saved = await db('drafts') // safe: race/no-read-modify-write
    .where({ id: draftId, revision: draft.revision })
    .update({ fields: { ...draft.fields, [field]: value }, revision: draft.revision + 1 });
  if (!saved) throw new Error('the draft changed in another tab');
}

// The read only checks who owns the draft; the cleared fields come from nowhere stored.
export async function clearDraft(draftId: number, authorId: number) {
  const draft = await db('drafts').where({ id: draftId }).first();
  if (draft?.author_id !== authorId) throw new Error('forbidden');
  await db('drafts').where({ id: draftId }).update({ fields: {} }); // safe: race/no-read-modify-write
}
