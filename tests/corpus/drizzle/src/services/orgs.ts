import { eq, sql } from 'drizzle-orm';
import { db } from '../db/client';
import { orgs, users } from '../db/schema';

export class SlugTakenError extends Error {}

// No unique constraint on orgs.slug: two sign-ups create two orgs with one slug.
export async function createOrg(slug: string, name: string) {
  const taken = await db.query.orgs.findFirst({ where: eq(orgs.slug, slug) });
  if (taken) throw new SlugTakenError(slug);
  const [org] = await db.insert(orgs).values({ slug, name }).returning(); // expect: race/no-check-then-create
  return org;
}

// SERIALIZABLE: PostgreSQL aborts one of two overlapping check-then-inserts.
export async function createOrgSerializable(slug: string, name: string) {
  return db.transaction(
    async (tx) => {
      const [taken] = await tx.select().from(orgs).where(eq(orgs.slug, slug));
      if (taken) throw new SlugTakenError(slug);
      return tx.insert(orgs).values({ slug, name }).returning(); // safe: race/no-check-then-create
    },
    { isolationLevel: 'serializable' },
  );
}

// READ COMMITTED (the default) does not stop it.
export async function createOrgInTransaction(slug: string, name: string) {
  return db.transaction(async (tx) => {
    if ((await tx.$count(orgs, eq(orgs.slug, slug))) > 0) throw new SlugTakenError(slug);
    return tx.insert(orgs).values({ slug, name }).returning(); // expect: race/no-check-then-create
  });
}

// An advisory lock on the slug serialises the check and the insert.
export async function createOrgLocked(slug: string, name: string) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${slug}))`);
    const taken = await tx.query.orgs.findFirst({ where: { slug } });
    if (taken) throw new SlugTakenError(slug);
    return tx.insert(orgs).values({ slug, name }).returning(); // safe: race/no-check-then-create
  });
}

// FOR UPDATE on a row that does not exist locks nothing in PostgreSQL: both inserts go through.
export async function createOrgForUpdate(slug: string, name: string) {
  return db.transaction(async (tx) => {
    const [taken] = await tx.select().from(orgs).where(eq(orgs.slug, slug)).for('update');
    if (taken) throw new SlugTakenError(slug);
    return tx.insert(orgs).values({ slug, name }).returning(); // expect: race/no-check-then-create
  });
}

// Checks the owner exists, then creates an org: different tables.
export async function createOrgFor(ownerEmail: string, slug: string) {
  const owner = await db.query.users.findFirst({ where: eq(users.email, ownerEmail) });
  if (!owner) throw new Error('unknown owner');
  await db.insert(orgs).values({ slug, name: slug }); // safe: race/no-check-then-create
}
