import type { Request, Response } from 'express';
import { db } from '../db';

// POST /projects: double-clicking "Create" makes two projects with the same slug.
export async function createProject(req: Request, res: Response) {
  const { slug } = req.body as { slug: string };
  const ownerId = Number(req.params.userId);
  const taken = await db('projects').where({ owner_id: ownerId, slug }).first();
  if (taken) {
    res.status(409).json({ error: 'slug taken' });
    return;
  }
  const [project] = await db('projects').insert({ owner_id: ownerId, slug }).returning(['id', 'slug']); // expect: race/no-check-then-create
  res.status(201).json(project);
}

// Serializable: PostgreSQL aborts one of two overlapping check-then-inserts.
export async function createProjectSerializable(ownerId: number, slug: string) {
  return db.transaction(
    async (trx) => {
      const taken = await trx('projects').where({ owner_id: ownerId, slug }).first();
      if (taken) throw new Error('slug taken');
      return trx('projects').insert({ owner_id: ownerId, slug }); // safe: race/no-check-then-create
    },
    { isolationLevel: 'serializable' },
  );
}

// Serializable transaction opened without a callback.
export async function renameIntoSlug(ownerId: number, slug: string) {
  const trx = await db.transaction({ isolationLevel: 'serializable' });
  try {
    const taken = await trx('projects').where({ owner_id: ownerId, slug }).first();
    if (taken) throw new Error('slug taken');
    await trx('projects').insert({ owner_id: ownerId, slug }); // safe: race/no-check-then-create
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}

// A read-committed transaction does not stop two requests from bookmarking the same URL twice.
export async function addBookmark(req: Request, res: Response) {
  const userId = Number(req.params.userId);
  const { url } = req.body as { url: string };
  await db.transaction(async (trx) => {
    const user = await trx('users').where({ id: userId }).first();
    if (!user) throw new Error('no such user');
    const bookmark = await trx('bookmarks').where({ user_id: userId, url }).first();
    if (!bookmark) {
      await trx('bookmarks').insert({ user_id: userId, url }); // expect: race/no-check-then-create
    }
  });
  res.sendStatus(204);
}

// Looks the user up, then writes a bookmark: different tables, no duplicate possible from the check.
export async function importBookmark(userId: number, url: string) {
  const user = await db('users').where({ id: userId }).first();
  if (!user) throw new Error('no such user');
  await db('bookmarks').insert({ user_id: userId, url }); // safe: race/no-check-then-create
}
