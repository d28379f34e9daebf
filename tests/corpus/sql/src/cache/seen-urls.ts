import Database from 'better-sqlite3';

const db = new Database(process.env.CACHE_FILE ?? 'cache.db');
const findUrl = db.prepare('SELECT id FROM seen_urls WHERE url = ?');
const insertUrl = db.prepare('INSERT INTO seen_urls (url, fetched_at) VALUES (?, ?)');

// better-sqlite3 is synchronous: nothing else runs between the check and the insert.
export function markSeen(url: string): boolean {
  if (findUrl.get(url)) return false;
  insertUrl.run(url, new Date().toISOString()); // safe: race/no-check-then-create
  return true;
}

// Here the page is fetched between the check and the insert: another crawl of the same URL
// runs in the meantime and both insert it.
export async function crawlOnce(url: string, fetchPage: (url: string) => Promise<string>) {
  const seen = findUrl.get(url);
  if (seen) return undefined;
  const html = await fetchPage(url);
  db.prepare('INSERT INTO seen_urls (url, fetched_at) VALUES (?, ?)').run(url, new Date().toISOString()); // expect: race/no-check-then-create
  return html;
}
