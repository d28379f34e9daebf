import type { Prisma } from '@prisma/client';
import { prisma } from './prisma';

/**
 * Runs `fn` in a transaction that holds a PostgreSQL advisory lock on `key` until it commits,
 * so callers passing the same key run one after the other.
 */
export async function withAdvisoryLock<T>(key: string, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
    return fn(tx);
  });
}
