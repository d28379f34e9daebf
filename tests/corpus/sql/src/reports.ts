import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

// Raw SQL through Prisma: job_key is not unique, so two report runs both insert.
export async function scheduleReport(jobKey: string) {
  const runs = await prisma.$queryRaw<{ id: bigint }[]>`SELECT id FROM job_runs WHERE job_key = ${jobKey} LIMIT 1`;
  if (runs.length > 0) return;
  await prisma.$executeRaw`INSERT INTO job_runs (job_key, payload) VALUES (${jobKey}, '{}'::jsonb)`; // expect: race/no-check-then-create
}

// The INSERT … SELECT … WHERE NOT EXISTS is one statement, but at READ COMMITTED two
// concurrent ones still both insert: a race the rule cannot see without a separate check.
export async function scheduleReportOnce(jobKey: string) {
  await prisma.$executeRaw`
    INSERT INTO job_runs (job_key, payload)
    SELECT ${jobKey}, '{}'::jsonb
    WHERE NOT EXISTS (SELECT 1 FROM job_runs WHERE job_key = ${jobKey})
  `;
}
