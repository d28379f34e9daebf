import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

// A desktop app's local settings: better-sqlite3 runs each query synchronously in one process.
const settings = sqliteTable('settings', { key: text('key').notNull(), value: text('value').notNull() });
const local = drizzle('settings.db');

export function setDefault(key: string, value: string) {
  const current = local.select().from(settings).where(eq(settings.key, key)).get();
  if (!current) local.insert(settings).values({ key, value }).run(); // safe: race/no-check-then-create
}

// In-memory memo in front of it: not shared state.
const memo = new Map<string, string>();
export function remember(key: string, value: string) {
  if (!memo.get(key)) memo.set(key, value); // safe: race/no-check-then-create
}
