-- SQLite file used by the crawler as a local cache.
CREATE TABLE seen_urls (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);

CREATE TABLE page_hits (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  hits INTEGER NOT NULL DEFAULT 0
);
