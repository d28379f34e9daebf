import { prisma } from '@/lib/prisma';
import { ConflictError } from '@/shared/errors';

type SubscriptionStatus = 'active' | 'trialing' | 'canceled';

const findActive = (userId: number, planId: string) =>
  prisma.subscription.findFirst({ where: { userId, planId, status: 'active' } });

async function isSubscribed(userId: number, planId: string): Promise<boolean> {
  return (await findActive(userId, planId)) !== null;
}

function insertSubscription(userId: number, planId: string, status: SubscriptionStatus, renewsAt: Date | null) {
  return prisma.subscription.create({ data: { userId, planId, status, renewsAt } });
}

async function activate(userId: number, planId: string) {
  const renewsAt = new Date();
  renewsAt.setUTCMonth(renewsAt.getUTCMonth() + 1);
  return insertSubscription(userId, planId, 'active', renewsAt);
}

// subscribe → isSubscribed → findActive, and subscribe → activate → insertSubscription: a retried
// checkout both times finds no active subscription and both times opens one.
export async function subscribe(userId: number, planId: string) {
  if (await isSubscribed(userId, planId)) throw new ConflictError('already subscribed');
  return activate(userId, planId); // expect: race/no-check-then-create
}

const countTrials = (userId: number) => prisma.trial.count({ where: { userId } });

// One free trial per user, enforced by a count that two requests can both see at zero.
export async function startTrial(userId: number, planId: string) {
  if ((await countTrials(userId)) > 0) throw new ConflictError('trial already used');
  return prisma.trial.create({ data: { userId, planId } }); // expect: race/no-check-then-create
}
