'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { prisma } from '../../src/db.js';

// The browser is sent to the new post's page before the post exists.
export async function createPost(formData: FormData) {
  const title = String(formData.get('title'));
  const slug = `${title.toLowerCase().replace(/\W+/g, '-')}-${Date.now().toString(36)}`;
  prisma.post.create({ data: { slug, title, body: String(formData.get('body')), authorId: 'me' } }); // expect: race/no-respond-before-persist
  redirect(`/posts/${slug}`);
}

export async function createPostSafely(formData: FormData) {
  const title = String(formData.get('title'));
  const slug = `${title.toLowerCase().replace(/\W+/g, '-')}-${Date.now().toString(36)}`;
  await prisma.post.create({ data: { slug, title, body: String(formData.get('body')), authorId: 'me' } }); // safe: race/no-respond-before-persist
  revalidatePath('/posts');
  redirect(`/posts/${slug}`);
}

export async function renamePost(slug: string, title: string) {
  prisma.post.update({ where: { slug }, data: { title } }); // expect: race/no-respond-before-persist
  return { ok: true };
}
