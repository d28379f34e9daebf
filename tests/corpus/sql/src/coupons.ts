import type { Request, Response } from 'express';
import type { PoolClient } from 'pg';
import { pool } from './db.js';

export class CouponExistsError extends Error {}

// Admin endpoint: the duplicate check and the insert are two round trips; two admins
// saving the same code both pass the check.
export async function createCoupon(req: Request, res: Response) {
  const { code, discount } = req.body as { code: string; discount: number };
  const { rows } = await pool.query('SELECT id FROM coupons WHERE code = $1', [code]);
  if (rows.length > 0) {
    res.status(409).json({ error: 'coupon exists' });
    return;
  }
  const created = await pool.query( // expect: race/no-check-then-create
    'INSERT INTO coupons (code, discount) VALUES ($1, $2) RETURNING id',
    [code, discount],
  );
  res.status(201).json(created.rows[0]);
}

// Serializable: PostgreSQL aborts one of two overlapping check-then-inserts.
export async function createCouponSerializable(client: PoolClient, code: string, discount: number) {
  await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
  try {
    const { rows } = await client.query('SELECT 1 FROM coupons WHERE code = $1', [code]);
    if (rows.length > 0) throw new CouponExistsError(code);
    await client.query('INSERT INTO coupons (code, discount) VALUES ($1, $2)', [code, discount]); // safe: race/no-check-then-create
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

// A transaction lock on the code serialises callers that create the same code.
export async function createCouponLocked(code: string, discount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [code]);
    const { rowCount } = await client.query('SELECT 1 FROM coupons WHERE code = $1', [code]);
    if (!rowCount) {
      await client.query('INSERT INTO coupons (code, discount) VALUES ($1, $2)', [code, discount]); // safe: race/no-check-then-create
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
