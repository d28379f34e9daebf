import { prisma } from './db';

// Every grant is a new row: the balance is the sum of the grants.
export async function grantCredits(userId: string, amount: number, reason: string) {
  await prisma.creditGrant.create({ data: { userId, amount, reason } });
}
