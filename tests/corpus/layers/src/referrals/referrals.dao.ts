import { prisma } from '@/lib/prisma';

export const findReferralByCode = (code: string) => prisma.referral.findFirst({ where: { code } });

export function insertReferral(data: { code: string; ownerId: number }) {
  return prisma.referral.create({ data });
}

export function setReferralUses(id: number, uses: number) {
  return prisma.referral.update({ where: { id }, data: { uses } });
}

export function incrementReferralUses(id: number) {
  return prisma.referral.update({ where: { id }, data: { uses: { increment: 1 } } });
}
