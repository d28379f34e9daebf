import { Prisma } from '@prisma/client';
import { prisma } from './db';

export class ConflictError extends Error {}

// Sign-up checks the e-mail, then creates: the unique index stops the duplicate,
// but the second request crashes with P2002 instead of a 409.
export async function signUp(email: string, username: string) {
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) throw new ConflictError('email taken');
  return prisma.user.create({ data: { email, username } }); // expect: race/no-check-then-create
}

// Same flow with the unique violation handled.
export async function signUpSafely(email: string, username: string) {
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing) throw new ConflictError('email taken');
  try {
    return await prisma.user.create({ data: { email, username } }); // safe: race/no-check-then-create
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ConflictError('email taken');
    }
    throw error;
  }
}

// username is not unique: two sign-ups with the same name both pass the check.
export async function reserveUsername(username: string, email: string) {
  const taken = await prisma.user.count({ where: { username } });
  if (taken > 0) return { ok: false as const };
  await prisma.user.create({ data: { username, email } }); // expect: race/no-check-then-create
  return { ok: true as const };
}

// Find-or-create through upsert: atomic on the unique e-mail.
export async function ensureUser(email: string) {
  return prisma.user.upsert({ where: { email }, update: {}, create: { email, username: email } }); // safe: race/no-check-then-create
}

// The lookup only feeds a log line; the create does not depend on it.
export async function importUser(email: string, username: string) {
  const before = await prisma.user.count({ where: { username } });
  console.log('users with this name before import', before);
  return prisma.user.create({ data: { email, username } }); // safe: race/no-check-then-create
}
