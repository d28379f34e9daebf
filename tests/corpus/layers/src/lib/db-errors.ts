import { Prisma } from '@prisma/client';
import { QueryFailedError } from 'typeorm';

/** A unique-constraint violation, from Prisma (P2002) or from PostgreSQL through TypeORM (23505). */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === 'P2002';
  if (error instanceof QueryFailedError) return (error.driverError as { code?: string }).code === '23505';
  return false;
}
