import { db } from '../database';

// Two "add pet" requests for the same name both see none and both insert.
export async function adoptPet(ownerId: number, name: string, species: string) {
  const sameName = await db
    .selectFrom('pet')
    .select('id')
    .where('owner_id', '=', ownerId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (sameName) return sameName;
  return db // expect: race/no-check-then-create
    .insertInto('pet')
    .values({ owner_id: ownerId, name, species })
    .returning('id')
    .executeTakeFirstOrThrow();
}

// The expression-builder form of the same check.
export async function renamePetCopy(ownerId: number, name: string) {
  const clash = await db
    .selectFrom('pet')
    .selectAll()
    .where((eb) => eb.and({ owner_id: ownerId, name }))
    .executeTakeFirst();
  if (!clash) {
    await db.insertInto('pet').values({ owner_id: ownerId, name, species: 'cat' }).execute(); // expect: race/no-check-then-create
  }
}

// FOR UPDATE locks rows that exist; when no pet has this name there is nothing to lock in
// PostgreSQL, so both requests pass the check.
export async function adoptPetLocked(ownerId: number, name: string, species: string) {
  return db.transaction().execute(async (trx) => {
    const sameName = await trx.selectFrom('pet').select('id').where('owner_id', '=', ownerId).where('name', '=', name).forUpdate().executeTakeFirst();
    if (sameName) return sameName;
    return trx.insertInto('pet').values({ owner_id: ownerId, name, species }).execute(); // expect: race/no-check-then-create
  });
}

// A count decides the insert.
export async function adoptFirstPet(ownerId: number, name: string) {
  const { n } = await db
    .selectFrom('pet')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('name', '=', name)
    .where('owner_id', '=', ownerId)
    .executeTakeFirstOrThrow();
  if (Number(n) > 0) return false;
  await db.insertInto('pet').values({ owner_id: ownerId, name, species: 'dog' }).execute(); // expect: race/no-check-then-create
  return true;
}

// In-memory dedup of names within one request's batch: local state.
export function uniqueNames(names: string[]) {
  const seen = new Map<string, number>();
  for (const name of names) if (!seen.has(name)) seen.set(name, 1); // safe: race/no-check-then-create
  return [...seen.keys()];
}
