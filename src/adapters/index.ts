import type { Adapter } from './types.js';
import { prisma } from './prisma.js';
import { knex } from './knex.js';
import { kysely } from './kysely.js';
import { redis } from './redis.js';
import { sql } from './sql.js';
import { mongoose } from './mongoose.js';
import { drizzle } from './drizzle.js';
import { transactional } from './transactional.js';
import { fs } from './fs.js';
import { typeorm } from './typeorm.js';
import { sequelize } from './sequelize.js';
import { cache } from './cache.js';

/** Every library the plugin understands. Order matters only when two could claim a call. */
export const adapters: readonly Adapter[] = [prisma, sql, typeorm, sequelize, mongoose, drizzle, knex, kysely, redis, cache, transactional, fs];

/** Union of the adapters' call names: a call by any other name is skipped at once. */
export const callNames: ReadonlySet<string> = new Set(adapters.flatMap((adapter) => [...adapter.callNames]));

/** Every marker of a handled unique violation, whichever library raised it. */
export const conflictMarkers: readonly string[] = adapters.flatMap((adapter) => adapter.conflictMarkers);

export function adapterFor(library: string): Adapter | undefined {
  return adapters.find((adapter) => adapter.library === library);
}

/** Type names of every library's transaction handles. */
export const transactionHandleTypes: ReadonlySet<string> = new Set(adapters.flatMap((adapter) => adapter.transactionHandles ?? []));
