import { db } from '../database';

export class DuplicateEmail extends Error {}

// person_email_key stops the duplicate, but the loser gets a raw 23505 instead of DuplicateEmail.
export async function signUp(email: string, firstName: string) {
  const existing = await db.selectFrom('person').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new DuplicateEmail(email);
  return db.insertInto('person').values({ email, first_name: firstName }).returning('id').executeTakeFirstOrThrow(); // expect: race/no-check-then-create
}

// The violation is caught and answered like the check.
export async function signUpSafely(email: string, firstName: string) {
  const existing = await db.selectFrom('person').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new DuplicateEmail(email);
  try {
    return await db.insertInto('person').values({ email, first_name: firstName }).returning('id').executeTakeFirstOrThrow(); // safe: race/no-check-then-create
  } catch (error) {
    if (error instanceof Object && 'code' in error && error.code === '23505') throw new DuplicateEmail(email);
    throw error;
  }
}

// Looks the person up to get an id, then tags: different tables.
export async function tagPerson(email: string, tagName: string) {
  const person = await db.selectFrom('person').selectAll().where('email', '=', email).executeTakeFirst();
  if (!person) throw new Error('unknown person');
  await db.insertInto('tag').values({ name: `${tagName}:${person.id}` }).execute(); // safe: race/no-check-then-create
}
