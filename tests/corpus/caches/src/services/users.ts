import { prisma } from '../lib/db.js';
import { logger } from '../lib/logger.js';
import { redis } from '../lib/redis.js';

const PROFILE_TTL_SECONDS = 5 * 60;

export interface UserProfile {
  id: string;
  name: string;
  avatarUrl: string | null;
}

// Cache-aside with the fill left running: when Redis is unreachable the rejection is unhandled,
// and while the SET is in flight every other request for this user misses and queries again.
export async function getUserProfile(userId: string): Promise<UserProfile | null> {
  const key = `user:profile:${userId}`;
  const cached = await redis.get(key);
  if (cached) return JSON.parse(cached) as UserProfile;

  const profile = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, avatarUrl: true },
  });
  if (!profile) return null;

  redis.set(key, JSON.stringify(profile), 'EX', PROFILE_TTL_SECONDS); // expect: race/no-unawaited-cache-fill
  return profile;
}

// Deliberately in the background, and a failed fill is logged.
export async function getUserSettings(userId: string) {
  const key = `user:settings:${userId}`;
  const cached = await redis.get(key);
  if (cached) return JSON.parse(cached) as Record<string, unknown>;

  const settings = await prisma.userSettings.findUnique({ where: { userId } });
  redis
    .setex(key, PROFILE_TTL_SECONDS, JSON.stringify(settings)) // safe: race/no-unawaited-cache-fill
    .catch((err: unknown) => logger.warn({ err, key }, 'settings cache fill failed'));
  return settings;
}

export async function getTeam(teamId: string) {
  const key = `team:${teamId}`;
  const cached = await redis.get(key);
  if (cached !== null) {
    return JSON.parse(cached) as { id: string; name: string };
  }
  const team = await prisma.team.findUniqueOrThrow({ where: { id: teamId } });
  await redis.set(key, JSON.stringify(team), 'EX', 600); // safe: race/no-unawaited-cache-fill
  return team;
}

// `void` silences a linter, not the rejection.
export async function getUserPermissions(userId: string) {
  const key = `user:permissions:${userId}`;
  const cached = await redis.get(key);
  if (cached) return JSON.parse(cached) as string[];

  const grants = await prisma.grant.findMany({ where: { userId }, select: { permission: true } });
  const permissions = grants.map((grant) => grant.permission);
  void redis.set(key, JSON.stringify(permissions), 'EX', 60); // expect: race/no-unawaited-cache-fill
  return permissions;
}

// A try/catch around a promise that nothing awaits catches nothing.
export async function getUserCounts(userId: string) {
  const key = `user:counts:${userId}`;
  const cached = await redis.get(key);
  if (cached) return JSON.parse(cached) as { posts: number; followers: number };

  const [posts, followers] = await Promise.all([
    prisma.post.count({ where: { authorId: userId } }),
    prisma.follow.count({ where: { followeeId: userId } }),
  ]);
  const counts = { posts, followers };
  try {
    redis.set(key, JSON.stringify(counts), 'EX', 30); // expect: race/no-unawaited-cache-fill
  } catch (err) {
    logger.warn({ err, key }, 'counts cache fill failed');
  }
  return counts;
}

// Webhook deduplication, not a cache: the stored value is only tested. Not this rule's business.
export async function markDelivered(deliveryId: string, handle: () => Promise<void>) {
  const seen = await redis.get(`webhook:processed:${deliveryId}`);
  if (seen) return;
  await handle();
  await redis.set(`webhook:processed:${deliveryId}`, '1', 'EX', 86_400); // expect: race/no-check-then-create // safe: race/no-unawaited-cache-fill
}

// Invalidation on write: a delete is not a fill.
export async function renameUser(userId: string, name: string) {
  await prisma.user.update({ where: { id: userId }, data: { name } });
  redis.del(`user:profile:${userId}`).catch((err: unknown) => logger.warn({ err }, 'cache invalidation failed'));
}
