import fc from 'fast-check';

/**
 * SQL-shaped input for the property tests: token soup from the words, placeholders, literals
 * and punctuation of the three dialects; real statements, whole and cut short; and migrations.
 */

const keywords = [
  'SELECT', 'INSERT', 'INTO', 'UPDATE', 'DELETE', 'REPLACE', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'SET', 'VALUES',
  'RETURNING', 'ON', 'CONFLICT', 'DO', 'NOTHING', 'DUPLICATE', 'KEY', 'IGNORE', 'FOR', 'SHARE', 'NO', 'SKIP', 'LOCKED',
  'NOWAIT', 'LIMIT', 'OFFSET', 'ORDER', 'BY', 'GROUP', 'HAVING', 'JOIN', 'LEFT', 'WITH', 'RECURSIVE', 'AS', 'UNION',
  'BEGIN', 'START', 'TRANSACTION', 'ISOLATION', 'LEVEL', 'SERIALIZABLE', 'REPEATABLE', 'READ', 'COMMITTED', 'LOCK',
  'TABLE', 'IN', 'EXCLUSIVE', 'MODE', 'CREATE', 'UNIQUE', 'INDEX', 'ALTER', 'ADD', 'CONSTRAINT', 'PRIMARY',
  'REFERENCES', 'DEFAULT', 'NULL', 'IS', 'EXISTS', 'DISTINCT', 'CASE', 'WHEN', 'THEN', 'END', 'IF', 'ONLY', 'RENAME',
  'TO', 'USING', 'INCLUDE', 'CONCURRENTLY', 'GENERATED', 'ALWAYS', 'AUTO_INCREMENT', 'COLLATE', 'DELIMITER',
];
const identifiers = ['users', 'coupons', 'id', 'email', 'code', 'balance', 'org_id', '"Order"', '"a b"', '`users`', '[dbo].[t]', 'public.users', 'u.id', 'count(*)', 'now()', 'lower(email)'];
const placeholders = ['$1', '$2', '$10', '$0', '?', '?1', '??', ':email', '@id', '$name', '%s', ':1', '$'];
const literals = ["'a'", "''", "'it''s'", "'\\'", "E'\\n'", '$$body$$', '$tag$ x $tag$', '$$', '0', '-1', '1e9', 'TRUE', "'unterminated", '"unterminated', '`open', "X'ff'", '0x1F'];
const punctuation = ['(', ')', ',', ';', '=', '<>', '!=', '>=', '<', '+', '-', '*', '/', '||', '::', '::int', '.', '->>', '@>', '?|', '[', ']', '{', '}', '\\'];
const comments = ['-- note\n', '/* c */', '/* unterminated', '#mysql\n', '--', '*/'];

const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...keywords) },
  { weight: 3, arbitrary: fc.constantFrom(...identifiers) },
  { weight: 2, arbitrary: fc.constantFrom(...placeholders) },
  { weight: 2, arbitrary: fc.constantFrom(...literals) },
  { weight: 3, arbitrary: fc.constantFrom(...punctuation) },
  { weight: 1, arbitrary: fc.constantFrom(...comments) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

/** Tokens joined with one separator, sometimes none, so that tokens also run together. */
export const sqlSoup = fc
  .tuple(fc.array(token, { maxLength: 50 }), fc.constantFrom(' ', '', '\n', '\t', '  '))
  .map(([tokens, separator]) => tokens.join(separator));

/** Statements as drivers send them, in the dialects and placeholder styles the reader knows. */
export const statements = [
  'SELECT id, email FROM users WHERE email = $1 AND org_id = $2 LIMIT 1',
  'SELECT * FROM wallets WHERE id = $1 FOR UPDATE',
  'SELECT * FROM `wallets` WHERE `id` = ? FOR UPDATE',
  'select 1 from coupons where code = :code for no key update nowait',
  'INSERT INTO coupons (code, discount) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING id',
  'INSERT IGNORE INTO coupons (code) VALUES (?)',
  'INSERT INTO tags (name) VALUES (?) ON DUPLICATE KEY UPDATE name = VALUES(name)',
  'INSERT OR IGNORE INTO tags (name) VALUES (?1)',
  'UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1',
  'UPDATE products SET stock = :stock, updated_at = now() WHERE id = :id',
  'UPDATE "Order" SET "status" = \'paid\' WHERE "id" = $1 RETURNING *',
  'DELETE FROM sessions WHERE token = @token',
  'WITH moved AS (DELETE FROM queue WHERE id = $1 RETURNING *) INSERT INTO done SELECT * FROM moved',
  'BEGIN ISOLATION LEVEL SERIALIZABLE',
  'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ',
  'START TRANSACTION READ WRITE',
  'LOCK TABLE accounts IN EXCLUSIVE MODE',
  'SELECT pg_advisory_xact_lock(hashtext($1))',
  'SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)',
  'SELECT * FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.email = $1 FOR SHARE SKIP LOCKED',
  'REPLACE INTO settings (k, v) VALUES (?, ?)',
  "SELECT * FROM t WHERE data @> $1::jsonb AND tags ?| $2 AND note = E'a\\'b'",
  '/* leading */ -- comment\nSELECT id FROM users WHERE id IN ($1, $2, $3)',
  'SELECT id FROM users WHERE id = ANY($1) UNION SELECT id FROM admins WHERE id = ANY($1)',
];

/** A statement cut at any point: the reader sees half-typed SQL in every editor session. */
export const truncatedStatement = fc
  .tuple(fc.constantFrom(...statements), fc.nat())
  .map(([text, cut]) => text.slice(0, cut % (text.length + 1)));

/** DDL as migrations write it, across PostgreSQL, MySQL and SQLite, with some non-DDL around it. */
export const ddl = [
  'CREATE TABLE users (id uuid PRIMARY KEY, email text NOT NULL UNIQUE, org_id int REFERENCES orgs(id));',
  'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (lower(email)) WHERE deleted_at IS NULL;',
  'ALTER TABLE ONLY public.users ADD CONSTRAINT users_handle_key UNIQUE (org_id, handle);',
  'CREATE TABLE `tags` (`id` int NOT NULL AUTO_INCREMENT, `name` varchar(64), PRIMARY KEY (`id`), UNIQUE KEY `name_uq` (`name`)) ENGINE=InnoDB;',
  'CREATE TABLE IF NOT EXISTS t (a INTEGER, b TEXT, UNIQUE (a, b) ON CONFLICT REPLACE) WITHOUT ROWID;',
  'CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN NEW.x := 1; RETURN NEW; END; $$ LANGUAGE plpgsql;',
  'DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END //\nDELIMITER ;',
  'ALTER TABLE users RENAME TO members;',
  'CREATE TABLE "Quoted Name" ("a b" int UNIQUE, c int, CONSTRAINT pk PRIMARY KEY (c));',
  "COMMENT ON TABLE users IS 'it''s';",
  'CREATE TEMP TABLE scratch (k text PRIMARY KEY DEFAULT (md5((random())::text)));',
  'ALTER TABLE coupons ADD COLUMN code text, ADD UNIQUE (code);',
  "INSERT INTO settings VALUES ('a;b', 'c');",
];

/** A migration: DDL statements in a random order, cut short or not, with comments in between. */
export const migration = fc
  .tuple(
    fc.array(fc.constantFrom(...ddl), { maxLength: 12 }),
    fc.constantFrom('\n', '\n\n-- next\n', ' /* between */ ', ''),
    fc.option(fc.nat(), { nil: undefined }),
  )
  .map(([parts, separator, cut]) => {
    const text = parts.join(separator);
    return cut === undefined ? text : text.slice(0, cut % (text.length + 1));
  });

export const dialect = fc.constantFrom('postgresql', 'mysql', 'sqlite', undefined);
