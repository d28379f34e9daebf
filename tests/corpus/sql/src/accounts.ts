import { DatabaseError } from 'pg';
import { pool } from './db.js';

export class EmailTakenError extends Error {}

// accounts.email is unique: no duplicate row, but the losing request gets a raw 23505
// instead of the EmailTakenError the check was written for.
export async function signUp(email: string, passwordHash: string) {
  const { rows } = await pool.query('SELECT id FROM accounts WHERE email = $1', [email]);
  if (rows.length > 0) throw new EmailTakenError(email);
  const { rows: created } = await pool.query( // expect: race/no-check-then-create
    'INSERT INTO accounts (email, password_hash) VALUES ($1, $2) RETURNING id',
    [email, passwordHash],
  );
  return created[0];
}

// Same flow, with the unique violation mapped to the same answer as the check.
export async function signUpSafely(email: string, passwordHash: string) {
  const { rows } = await pool.query('SELECT id FROM accounts WHERE email = $1', [email]);
  if (rows.length > 0) throw new EmailTakenError(email);
  try {
    await pool.query('INSERT INTO accounts (email, password_hash) VALUES ($1, $2)', [email, passwordHash]); // safe: race/no-check-then-create
  } catch (error) {
    if (error instanceof DatabaseError && error.code === '23505') throw new EmailTakenError(email);
    throw error;
  }
}

// Team invitations: (team_id, account_id) is unique, the violation is not handled.
export async function addMember(teamId: number, accountId: number) {
  const existing = await pool.query({
    text: 'SELECT id FROM team_members WHERE team_id = $1 AND account_id = $2',
    values: [teamId, accountId],
  });
  if (existing.rowCount) return existing.rows[0];
  await pool.query({ // expect: race/no-check-then-create
    text: 'INSERT INTO team_members (team_id, account_id) VALUES ($1, $2)',
    values: [teamId, accountId],
  });
}

// Invited users get an account on first sight: ON CONFLICT on the unique e-mail makes the
// insert decide by itself.
export async function ensureAccount(email: string) {
  const existing = await pool.query('SELECT id FROM accounts WHERE email = $1', [email]);
  if (existing.rowCount === 0) {
    await pool.query("INSERT INTO accounts (email, password_hash) VALUES ($1, '') ON CONFLICT (email) DO NOTHING", [email]); // safe: race/no-check-then-create
  }
}

// The lookup only enriches the audit line; the insert runs either way.
export async function recordLogin(email: string) {
  const { rows } = await pool.query('SELECT id FROM accounts WHERE email = $1', [email]);
  await pool.query('INSERT INTO audit_log (account_id, action) VALUES ($1, $2)', [rows[0]?.id ?? null, 'login']); // safe: race/no-check-then-create
}
