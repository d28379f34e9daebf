import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL ?? '');

interface JobRun {
  job_key: string;
  payload: Record<string, unknown>;
}

// Two scheduler replicas tick at the same time: both see no run for the key and both start it.
export async function startRun(jobKey: string, payload: Record<string, unknown>) {
  const [running] = await sql`SELECT id FROM job_runs WHERE job_key = ${jobKey}`;
  if (running) return null;
  const run: JobRun = { job_key: jobKey, payload };
  const [created] = await sql`INSERT INTO job_runs ${sql(run, 'job_key', 'payload')} RETURNING id`; // expect: race/no-check-then-create
  return created;
}

// The same inside a serializable transaction: one replica's transaction fails to commit.
export async function startRunSerializable(jobKey: string, payload: Record<string, unknown>) {
  return sql.begin('isolation level serializable', async (tx) => {
    const [running] = await tx`SELECT id FROM job_runs WHERE job_key = ${jobKey}`;
    if (running) return null;
    return tx`INSERT INTO job_runs (job_key, payload) VALUES (${jobKey}, ${sql.json(payload)})`; // safe: race/no-check-then-create
  });
}
