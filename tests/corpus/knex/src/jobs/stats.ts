import { db } from '../db';

// Nightly import: the select()/insert().into() style, with the same check-then-insert race
// when two workers pick up the same file.
export async function importProject(ownerId: number, slug: string) {
  const found = await db.select('id').from('projects').where({ owner_id: ownerId, slug }).first();
  if (!found) {
    await db.insert({ owner_id: ownerId, slug }).into('projects'); // expect: race/no-check-then-create
  }
}

// daily_stats.day is the primary key: the insert merges on conflict, and the bump is atomic.
export async function countView(day: string) {
  const row = await db('daily_stats').where({ day }).first();
  if (!row) {
    await db('daily_stats').insert({ day, views: 1 }).onConflict('day').merge({ views: db.raw('daily_stats.views + 1') }); // safe: race/no-check-then-create
    return;
  }
  await db('daily_stats').where({ day }).increment('views', 1); // safe: race/no-read-modify-write
}

// Appends an audit event that links to the previous one: the insert runs whatever the read found.
export async function audit(entityId: number, action: string) {
  const prev = await db('audit_events').where({ entity_id: entityId }).orderBy('id', 'desc').first();
  await db('audit_events').insert({ entity_id: entityId, action, prev_id: prev?.id ?? null }); // safe: race/no-check-then-create
}

// Per-process memo of slugs seen in this run: in-memory, not shared state.
const seenSlugs = new Set<string>();
export function rememberSlug(slug: string) {
  if (!seenSlugs.has(slug)) seenSlugs.add(slug); // safe: race/no-check-then-create
}
