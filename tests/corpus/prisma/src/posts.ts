import { prisma } from './db';

// Tag appended to a list read earlier: two taggers overwrite each other's tag.
export async function addTag(postId: number, tag: string) {
  const post = await prisma.post.findUniqueOrThrow({ where: { id: postId } });
  if (post.tags.includes(tag)) return post;
  return prisma.post.update({ where: { id: postId }, data: { tags: [...post.tags, tag] } }); // expect: race/no-read-modify-write
}

// Permission check, then a title from the request: the value does not come from the read.
export async function rename(postId: number, userId: number, title: string) {
  const post = await prisma.post.findUnique({ where: { id: postId } });
  if (!post || post.authorId !== userId) throw new Error('forbidden');
  return prisma.post.update({ where: { id: postId }, data: { title } }); // safe: race/no-read-modify-write
}

// Optimistic concurrency: update() throws when the version moved on.
export async function edit(postId: number, body: string) {
  const post = await prisma.post.findUniqueOrThrow({ where: { id: postId } });
  return prisma.post.update({ // safe: race/no-read-modify-write
    where: { id: postId, version: post.version },
    data: { body, version: { increment: 1 } },
  });
}

// The same guard on updateMany, but nobody looks at the count: a lost edit passes silently.
export async function editMany(postId: number, body: string) {
  const post = await prisma.post.findUniqueOrThrow({ where: { id: postId } });
  await prisma.post.updateMany({ where: { id: postId, version: post.version }, data: { body, version: post.version + 1 } }); // expect: race/no-read-modify-write
}

// View counter through the database.
export async function view(postId: number) {
  await prisma.post.update({ where: { id: postId }, data: { views: { increment: 1 } } }); // safe: race/no-read-modify-write
}

// Autosave merges one field into the JSON document read a moment ago: two tabs drop each other's fields.
export async function autosave(draftId: number, field: string, value: string) {
  const draft = await prisma.draft.findUniqueOrThrow({ where: { id: draftId } });
  const content = { ...(draft.content as Record<string, unknown>), [field]: value };
  await prisma.draft.update({ where: { id: draftId }, data: { content } }); // expect: race/no-read-modify-write
}

// A counter kept in the request, not in the database.
export function countRender(state: { renders: number }) {
  state.renders = state.renders + 1; // safe: race/no-read-modify-write
  return state.renders;
}
