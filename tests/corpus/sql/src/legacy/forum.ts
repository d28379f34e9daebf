import mysql, { type RowDataPacket } from 'mysql2/promise';

const forum = mysql.createPool({ uri: process.env.FORUM_DATABASE_URL });

// nickname has no unique key in the legacy schema: two sign-ups take the same one.
export async function claimNickname(accountId: number, nickname: string) {
  const [rows] = await forum.execute<RowDataPacket[]>('SELECT id FROM nicknames WHERE nickname = ?', [nickname]);
  if (rows.length > 0) return false;
  await forum.execute('INSERT INTO nicknames (account_id, nickname) VALUES (?, ?)', [accountId, nickname]); // expect: race/no-check-then-create
  return true;
}

// INSERT IGNORE with the unique (account_id, thread_id) key: atomic.
export async function subscribe(accountId: number, threadId: number) {
  const [rows] = await forum.query<RowDataPacket[]>(
    'SELECT id FROM forum_subscriptions WHERE account_id = ? AND thread_id = ?',
    [accountId, threadId],
  );
  if (rows.length === 0) {
    await forum.query('INSERT IGNORE INTO forum_subscriptions (account_id, thread_id) VALUES (?, ?)', [accountId, threadId]); // safe: race/no-check-then-create
  }
}

// ON DUPLICATE KEY UPDATE: one statement decides.
export async function resubscribe(accountId: number, threadId: number) {
  const [rows] = await forum.query<RowDataPacket[]>(
    'SELECT id FROM forum_subscriptions WHERE account_id = ? AND thread_id = ?',
    [accountId, threadId],
  );
  if (rows.length === 0) {
    await forum.query( // safe: race/no-check-then-create
      'INSERT INTO forum_subscriptions (account_id, thread_id) VALUES (?, ?) ON DUPLICATE KEY UPDATE thread_id = thread_id',
      [accountId, threadId],
    );
  }
}
