/** Racy read-modify-write snippets per library, for `suggestions.test.ts` (see `../cases.ts`). */
import type { Case } from '../cases.js';
import { cases as typeorm } from './typeorm.js';
import { cases as sequelize } from './sequelize.js';
import { cases as mongoose } from './mongoose.js';
import { cases as drizzle } from './drizzle.js';
import { cases as knex } from './knex.js';
import { cases as kysely } from './kysely.js';
import { cases as sql } from './sql.js';
import { cases as redis } from './redis.js';

export const readModifyWriteCases: readonly Case[] = [
  ...typeorm,
  ...sequelize,
  ...mongoose,
  ...drizzle,
  ...knex,
  ...kysely,
  ...sql,
  ...redis,
];
