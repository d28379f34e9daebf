import { UniqueConstraintError } from 'sequelize';
import { User } from '../models/user';

export class ConflictError extends Error {}

// The unique e-mail stops the duplicate, but the losing request fails with an unhandled
// SequelizeUniqueConstraintError instead of the ConflictError the check was written for.
export async function signUp(email: string, username: string) {
  const existing = await User.findOne({ where: { email } });
  if (existing) throw new ConflictError('email taken');
  return User.create({ email, username }); // expect: race/no-check-then-create
}

// Same flow with the unique violation handled.
export async function signUpSafely(email: string, username: string) {
  const existing = await User.findOne({ where: { email } });
  if (existing) throw new ConflictError('email taken');
  try {
    return await User.create({ email, username }); // safe: race/no-check-then-create
  } catch (error) {
    if (error instanceof UniqueConstraintError) throw new ConflictError('email taken');
    throw error;
  }
}

// username has no unique index: two sign-ups with the same handle both pass the count.
export async function claimHandle(email: string, username: string) {
  const taken = await User.count({ where: { username } });
  if (taken > 0) return { ok: false as const };
  await User.create({ email, username }); // expect: race/no-check-then-create
  return { ok: true as const };
}

// findOrCreate: a unique key backs it, and it retries the find on a unique violation.
export async function ensureUser(email: string) {
  const [user] = await User.findOrCreate({ where: { email }, defaults: { email, username: email } }); // safe: race/no-check-then-create
  return user;
}

// The lookup only feeds a log line; the create does not depend on it.
export async function importUser(email: string, username: string) {
  const before = await User.count({ where: { username } });
  console.info('users with this handle before import', before);
  return User.create({ email, username }); // safe: race/no-check-then-create
}

// The check lives in a helper of the same file: the same race, one call away.
async function handleTaken(username: string): Promise<boolean> {
  return (await User.count({ where: { username } })) > 0;
}

export async function claimHandleViaHelper(email: string, username: string) {
  if (await handleTaken(username)) throw new ConflictError('handle taken');
  await User.create({ email, username }); // expect: race/no-check-then-create
}
