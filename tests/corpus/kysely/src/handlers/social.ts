import type { Context } from 'hono';
import { db } from '../database';

// tag.name has a unique index: ON CONFLICT DO NOTHING makes the check advisory.
export async function ensureTag(c: Context) {
  const name = c.req.param('name');
  const tag = await db.selectFrom('tag').selectAll().where('name', '=', name).executeTakeFirst();
  if (!tag) {
    await db.insertInto('tag').values({ name }).onConflict((oc) => oc.column('name').doNothing()).execute(); // safe: race/no-check-then-create
  }
  return c.json(await db.selectFrom('tag').selectAll().where('name', '=', name).executeTakeFirstOrThrow());
}

// follow has a composite primary key, and the insert skips an existing pair.
export async function follow(c: Context) {
  const followerId = Number(c.req.param('id'));
  const followeeId = Number(c.req.query('target'));
  const already = await db
    .selectFrom('follow')
    .selectAll()
    .where('follower_id', '=', followerId)
    .where('followee_id', '=', followeeId)
    .executeTakeFirst();
  if (already) return c.body(null, 204);
  await db // safe: race/no-check-then-create
    .insertInto('follow')
    .values({ follower_id: followerId, followee_id: followeeId })
    .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
    .execute();
  return c.body(null, 201);
}

// One vote per voter and post, by a check inside a serializable transaction.
export async function vote(postId: number, voterId: number, value: number) {
  await db
    .transaction()
    .setIsolationLevel('serializable')
    .execute(async (trx) => {
      const cast = await trx.selectFrom('vote').select('id').where('post_id', '=', postId).where('voter_id', '=', voterId).executeTakeFirst();
      if (cast) throw new Error('already voted');
      await trx.insertInto('vote').values({ post_id: postId, voter_id: voterId, value }).execute(); // safe: race/no-check-then-create
      await trx.updateTable('post').set((eb) => ({ score: eb('score', '+', value) })).where('id', '=', postId).execute();
    });
}

// The same vote at the default isolation: two requests both find no vote.
export async function voteQuickly(postId: number, voterId: number, value: number) {
  await db.transaction().execute(async (trx) => {
    const cast = await trx.selectFrom('vote').select('id').where('post_id', '=', postId).where('voter_id', '=', voterId).executeTakeFirst();
    if (cast) return;
    await trx.insertInto('vote').values({ post_id: postId, voter_id: voterId, value }).execute(); // expect: race/no-check-then-create
  });
}

// Bumps the score in the database after checking the post exists: no create.
export async function upvote(postId: number) {
  const post = await db.selectFrom('post').select('id').where('id', '=', postId).executeTakeFirst();
  if (!post) throw new Error('no post');
  await db.updateTable('post').set({ score: (eb) => eb('score', '+', 1) }).where('id', '=', postId).execute(); // safe: race/no-check-then-create // safe: race/no-read-modify-write
}
