import type { Kysely } from 'kysely';
import type { DB } from '../types';

export function petRepository(db: Kysely<DB>) {
  return {
    findByName: (ownerId: number, name: string) =>
      db.selectFrom('pet').selectAll().where('owner_id', '=', ownerId).where('name', '=', name).executeTakeFirst(),
    insert: (ownerId: number, name: string, species: string) =>
      db.insertInto('pet').values({ owner_id: ownerId, name, species }).execute(),
  };
}

// The check-then-insert spread over repository functions.
export async function registerPet(db: Kysely<DB>, ownerId: number, name: string, species: string) {
  const pets = petRepository(db);
  if (await pets.findByName(ownerId, name)) throw new Error('exists');
  await pets.insert(ownerId, name, species); // expect: race/no-check-then-create
}
