import mysql, { type RowDataPacket } from 'mysql2/promise';

const forum = mysql.createPool({ uri: process.env.FORUM_DATABASE_URL });

// MySQL's default REPEATABLE READ reads a snapshot: the transaction does not stop two awards
// from reading the same points.
export async function award(accountId: number, points: number) {
  const conn = await forum.getConnection();
  try {
    await conn.beginTransaction();
    const [[row]] = await conn.execute<RowDataPacket[]>('SELECT points FROM forum_points WHERE account_id = ?', [accountId]);
    await conn.execute('UPDATE forum_points SET points = ? WHERE account_id = ?', [row.points + points, accountId]); // expect: race/no-read-modify-write
    await conn.commit();
  } finally {
    conn.release();
  }
}

// The same with the row locked by the read.
export async function redeem(accountId: number, cost: number) {
  const conn = await forum.getConnection();
  try {
    await conn.beginTransaction();
    const [[row]] = await conn.execute<RowDataPacket[]>('SELECT points FROM forum_points WHERE account_id = ? FOR UPDATE', [accountId]);
    if (row.points < cost) return false;
    await conn.execute('UPDATE forum_points SET points = ? WHERE account_id = ?', [row.points - cost, accountId]); // safe: race/no-read-modify-write
    await conn.commit();
    return true;
  } finally {
    conn.release();
  }
}
