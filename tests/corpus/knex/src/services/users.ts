import { db } from '../db';

export class EmailTakenError extends Error {}

// users.email is UNIQUE, so the second insert fails, but with a raw driver error that
// surfaces as a 500 instead of the 409 the check was written for.
export async function registerUser(email: string, name: string) {
  const existing = await db('users').where({ email }).first();
  if (existing) throw new EmailTakenError(email);
  const [user] = await db('users').insert({ email, name }).returning('*'); // expect: race/no-check-then-create
  return user;
}

// Same flow, with the unique violation mapped to the same answer as the check.
export async function registerUserSafely(email: string, name: string) {
  const existing = await db('users').where('email', email).first();
  if (existing) throw new EmailTakenError(email);
  try {
    await db('users').insert({ email, name }); // safe: race/no-check-then-create
  } catch (error) {
    if (error instanceof Object && 'code' in error && error.code === '23505') throw new EmailTakenError(email);
    throw error;
  }
}

// A profile row per user, created on first save. Nothing makes user_id unique.
export async function saveProfile(userId: number, bio: string) {
  const profile = await db('profiles').where('user_id', userId).first();
  if (profile) {
    await db('profiles').where({ id: profile.id }).update({ bio });
  } else {
    await db('profiles').insert({ user_id: userId, bio }); // expect: race/no-check-then-create
  }
}

// Handles are checked with a count; two sign-ups can both count zero.
export async function claimHandle(userId: number, handle: string) {
  const [{ n }] = await db('usernames').where({ handle }).count({ n: '*' });
  if (Number(n) > 0) return { ok: false as const };
  await db('usernames').insert({ handle, user_id: userId }); // expect: race/no-check-then-create
  return { ok: true as const };
}
