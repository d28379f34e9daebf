import Database from 'better-sqlite3';

const db = new Database(process.env.CACHE_FILE ?? 'cache.db');

// better-sqlite3 is synchronous: no other request runs between the read and the write.
export function countHit(url: string): number {
  const row = db.prepare('SELECT id, hits FROM page_hits WHERE url = ?').get(url) as { id: number; hits: number } | undefined;
  if (!row) return 0;
  db.prepare('UPDATE page_hits SET hits = ? WHERE id = ?').run(row.hits + 1, row.id); // safe: race/no-read-modify-write
  return row.hits + 1;
}

// Here the page is fetched in between: two crawls of the same page count one hit.
export async function countCrawl(url: string, fetchPage: (url: string) => Promise<string>) {
  const row = db.prepare('SELECT id, hits FROM page_hits WHERE url = ?').get(url) as { id: number; hits: number } | undefined;
  if (!row) return undefined;
  const html = await fetchPage(url);
  db.prepare('UPDATE page_hits SET hits = ? WHERE id = ?').run(row.hits + 1, row.id); // expect: race/no-read-modify-write
  return html;
}
