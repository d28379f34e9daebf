import { prisma } from '@/lib/prisma';

const findAccount = (userId: number) => prisma.loyaltyAccount.findUniqueOrThrow({ where: { userId } });

async function pointsOf(userId: number): Promise<number> {
  const account = await findAccount(userId);
  return account.points;
}

function storePoints(userId: number, points: number) {
  return prisma.loyaltyAccount.update({ where: { userId }, data: { points } });
}

const addPoints = (userId: number, points: number) =>
  prisma.loyaltyAccount.update({ where: { userId }, data: { points: { increment: points } } });

// Two orders completing together both read the same total; one order's points are lost.
export async function earnPoints(userId: number, orderTotalCents: number) {
  const points = await pointsOf(userId);
  await storePoints(userId, points + Math.floor(orderTotalCents / 100)); // expect: race/no-read-modify-write
}

// The guard is on the tier, not on the points; the database adds the bonus.
export async function awardBonus(userId: number, bonus: number) {
  const account = await findAccount(userId);
  if (account.tier === 'suspended') return;
  await addPoints(userId, bonus); // safe: race/no-read-modify-write
}
