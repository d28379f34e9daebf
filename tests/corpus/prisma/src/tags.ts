import { prisma } from './db';

// find-or-create with ?? on a unique slug: the loser gets P2002.
export async function tagFor(slug: string, name: string) {
  const found = await prisma.tag.findUnique({ where: { slug } });
  return found ?? (await prisma.tag.create({ data: { slug, name } })); // expect: race/no-check-then-create
}

// `if (!x) x = await create()` shape.
export async function tagForAssign(slug: string) {
  let tag = await prisma.tag.findFirst({ where: { slug } });
  if (!tag) {
    tag = await prisma.tag.create({ data: { slug, name: slug } }); // expect: race/no-check-then-create
  }
  return tag;
}

// Atomic: insert what is missing and skip the rest.
export async function ensureTags(slugs: string[]) {
  const known = await prisma.tag.findMany({ where: { slug: { in: slugs } } });
  const missing = slugs.filter((slug) => !known.some((tag) => tag.slug === slug));
  if (missing.length > 0) {
    await prisma.tag.createMany({ data: missing.map((slug) => ({ slug, name: slug })), skipDuplicates: true }); // safe: race/no-check-then-create
  }
}

// In-memory memo, not shared state.
const seen = new Map<string, string>();
export function remember(slug: string) {
  if (!seen.has(slug)) seen.set(slug, slug); // safe: race/no-check-then-create
  return seen.get(slug);
}
