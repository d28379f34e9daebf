import { pool } from '../db.js';

export class InsufficientFundsError extends Error {}

// Top-up: two concurrent top-ups both read the old balance, and the second write drops the first.
export async function topUp(walletId: number, amount: number) {
  const { rows } = await pool.query('SELECT balance FROM wallets WHERE id = $1', [walletId]);
  if (rows.length === 0) throw new Error(`wallet ${walletId} not found`);
  await pool.query('UPDATE wallets SET balance = $1, updated_at = now() WHERE id = $2', [rows[0].balance + amount, walletId]); // expect: race/no-read-modify-write
}

// Refund: the database adds the amount to whatever the balance is when the UPDATE runs.
export async function refund(walletId: number, amount: number) {
  const { rows } = await pool.query('SELECT account_id FROM wallets WHERE id = $1', [walletId]);
  if (rows.length === 0) throw new Error(`wallet ${walletId} not found`);
  await pool.query('UPDATE wallets SET balance = balance + $1 WHERE id = $2', [amount, walletId]); // safe: race/no-read-modify-write
  return rows[0].account_id;
}

// Checkout payment: the row stays locked from the SELECT to the COMMIT.
export async function pay(walletId: number, total: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows: [wallet] } = await client.query('SELECT balance FROM wallets WHERE id = $1 FOR UPDATE', [walletId]);
    if (wallet.balance < total) throw new InsufficientFundsError();
    await client.query('UPDATE wallets SET balance = $1 WHERE id = $2', [wallet.balance - total, walletId]); // safe: race/no-read-modify-write
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

// Transfer inside a plain transaction: READ COMMITTED takes no lock on the read.
export async function transfer(fromId: number, toId: number, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const from = await client.query('SELECT balance FROM wallets WHERE id = $1', [fromId]);
    const remaining = from.rows[0].balance - amount;
    if (remaining < 0) throw new InsufficientFundsError();
    await client.query('UPDATE wallets SET balance = $1 WHERE id = $2', [remaining, fromId]); // expect: race/no-read-modify-write
    await client.query('UPDATE wallets SET balance = balance + $1 WHERE id = $2', [amount, toId]); // safe: race/no-read-modify-write
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

// Monthly interest, run by a job at SERIALIZABLE: a concurrent change makes one transaction fail.
export async function addInterest(walletId: number, rate: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    const { rows } = await client.query('SELECT balance FROM wallets WHERE id = $1', [walletId]);
    const interest = Math.floor(rows[0].balance * rate);
    await client.query('UPDATE wallets SET balance = $1 WHERE id = $2', [rows[0].balance + interest, walletId]); // safe: race/no-read-modify-write
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
