import { sequelize } from '../db';
import { Post } from '../models/post';

// A page view counted in memory and saved back: concurrent views are lost.
export async function recordView(postId: number) {
  const post = await Post.findByPk(postId);
  if (!post) return null;
  post.views += 1;
  return post.save(); // expect: race/no-read-modify-write
}

// The database adds the like; the read only checks that the post exists.
export async function like(postId: number) {
  const post = await Post.findByPk(postId);
  if (!post) return null;
  return post.increment('likes'); // safe: race/no-read-modify-write
}

// Conditional: the write applies only while the count is the one read, and a miss is reported.
export async function unlike(postId: number) {
  const post = await Post.findByPk(postId, { rejectOnEmpty: true });
  if (post.likes === 0) return post;
  const [changed] = await Post.update({ likes: post.likes - 1 }, { where: { id: postId, likes: post.likes } }); // safe: race/no-read-modify-write
  if (changed === 0) throw new Error('likes changed, try again');
  return post;
}

// Two editors tagging at once: the second list written drops the first one's tag.
export async function addTag(postId: number, tag: string) {
  const post = await Post.findByPk(postId, { rejectOnEmpty: true });
  if (post.tags.includes(tag)) return post;
  return post.update({ tags: [...post.tags, tag] }); // expect: race/no-read-modify-write
}

// The row lock makes the second editor wait and read the first one's tags.
export async function addTagLocked(postId: number, tag: string) {
  return sequelize.transaction(async (t) => {
    const post = await Post.findByPk(postId, { transaction: t, lock: t.LOCK.UPDATE, rejectOnEmpty: true });
    if (post.tags.includes(tag)) return post;
    return post.update({ tags: [...post.tags, tag] }, { transaction: t }); // safe: race/no-read-modify-write
  });
}

// The title comes from the editor, not from the read: nothing read is written back.
export async function retitle(postId: number, title: string) {
  const post = await Post.findByPk(postId, { rejectOnEmpty: true });
  post.title = title;
  return post.save(); // safe: race/no-read-modify-write
}
