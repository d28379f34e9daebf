import { prisma } from './db';

// Composite unique (teamId, userId) and P2002 handled with .catch.
export async function join(teamId: number, userId: number) {
  const member = await prisma.membership.findFirst({ where: { teamId, userId } });
  if (member) return member;
  return prisma.membership
    .create({ data: { teamId, userId, role: 'member' } }) // safe: race/no-check-then-create
    .catch(() => prisma.membership.findFirst({ where: { teamId, userId } }));
}

// Favorites have no unique key: double clicks store two rows.
export async function favorite(userId: number, postId: number) {
  const already = await prisma.favorite.findFirst({ where: { userId, postId } });
  if (!already) {
    await prisma.favorite.create({ data: { userId, postId } }); // expect: race/no-check-then-create
  }
}

// The data object is built first and passed whole.
export async function favoriteFromInput(input: { userId: number; postId: number }) {
  const already = await prisma.favorite.findFirst({ where: { userId: input.userId, postId: input.postId } });
  if (already) return already;
  return prisma.favorite.create({ data: input }); // expect: race/no-check-then-create
}

// Repository layer: the check and the create sit in different functions of the same file.
async function findFavorite(userId: number, postId: number) {
  return prisma.favorite.findFirst({ where: { userId, postId } });
}
export async function favoriteViaHelper(userId: number, postId: number) {
  if (await findFavorite(userId, postId)) return;
  await prisma.favorite.create({ data: { userId, postId } }); // expect: race/no-check-then-create
}
