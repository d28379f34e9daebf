import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { isLockableSelect, isolationIn, placeholderSpans, readStatement, takesAndCondition } from '../../src/sql/statement.js';

const id = (name: string): TSESTree.Identifier => ({ type: AST_NODE_TYPES.Identifier, name }) as TSESTree.Identifier;
const a = id('a');
const b = id('b');
const c = id('c');

/** The access without the value nodes' identity: `email=a` for a key bound to `a`. */
function summary(text: string, values: Parameters<typeof readStatement>[1] = [a, b, c], style?: 'numbered' | 'positional') {
  const statement = readStatement(text, values, style);
  if (!statement) return undefined;
  const fields = (list: readonly { name: string; value?: TSESTree.Node }[]) =>
    list.map((field) => (field.value?.type === AST_NODE_TYPES.Identifier ? `${field.name}=${field.value.name}` : field.name));
  return {
    kind: statement.kind,
    resource: statement.resource,
    keys: fields(statement.keys),
    data: fields(statement.data),
    summary: statement.summary,
    ...(statement.locks ? { locks: true } : {}),
    ...(statement.isolation ? { isolation: statement.isolation } : {}),
  };
}

describe('readStatement: reads', () => {
  it('reads the equality filter of a SELECT', () => {
    expect(summary('SELECT id FROM users WHERE email = $1 AND org_id = $2')).toEqual({
      kind: 'read',
      resource: 'users',
      keys: ['email=a', 'org_id=b'],
      data: [],
      summary: 'SELECT users',
    });
  });

  it('drops the schema and the quotes of a table', () => {
    expect(summary('SELECT * FROM "public"."users" WHERE "email" = $1')?.resource).toBe('users');
    expect(summary('SELECT * FROM `shop`.`users` WHERE `email` = ?')?.resource).toBe('users');
  });

  it('takes the column from either side of =', () => {
    expect(summary('SELECT id FROM users WHERE $1 = email')?.keys).toEqual(['email=a']);
  });

  it('keeps literal comparisons as keys without a value', () => {
    expect(summary("SELECT id FROM users WHERE email = $1 AND status = 'active'")?.keys).toEqual(['email=a', 'status']);
  });

  it('pins no column under OR, and only the AND-ed ones beside it', () => {
    expect(summary('SELECT id FROM users WHERE email = $1 OR name = $2')?.keys).toEqual([]);
    expect(summary('SELECT id FROM users WHERE org_id = $1 AND (email = $2 OR name = $3)')?.keys).toEqual(['org_id=a']);
  });

  it('ignores comparisons that are not =', () => {
    expect(summary('SELECT id FROM users WHERE email = $1 AND age > $2')?.keys).toEqual(['email=a']);
  });

  it('keeps only the main table’s columns in a join', () => {
    expect(
      summary('SELECT u.id FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.email = $1 AND o.slug = $2 AND name = $3')?.keys,
    ).toEqual(['email=a']);
  });

  it('sees row locks, which the PostgreSQL parser rejects', () => {
    expect(summary('SELECT id FROM users WHERE email = $1 FOR UPDATE')?.locks).toBe(true);
    expect(summary('SELECT id FROM users WHERE email = $1 LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED;')?.locks).toBe(true);
    expect(summary('SELECT id FROM users WHERE email = $1 FOR SHARE OF users NOWAIT')?.locks).toBe(true);
    expect(summary('SELECT id FROM users WHERE email = ? LOCK IN SHARE MODE')?.locks).toBe(true);
    expect(summary('SELECT id FROM users WHERE email = $1')?.locks).toBeUndefined();
  });

  it('reads COUNT, EXISTS and SELECT 1 as existence checks', () => {
    for (const text of [
      'SELECT COUNT(*) FROM users WHERE email = $1',
      'SELECT count(*)::int AS n FROM users WHERE email = $1',
      'SELECT CAST(COUNT(id) AS UNSIGNED) AS n FROM users WHERE email = ?',
      'SELECT 1 FROM users WHERE email = $1 LIMIT 1',
      'SELECT true FROM users WHERE email = $1',
      'SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS "exists"',
    ]) {
      expect(summary(text), text).toMatchObject({ kind: 'exists', resource: 'users', keys: ['email=a'] });
    }
  });

  it('yields nothing for a SELECT without a table', () => {
    expect(summary('SELECT now()')).toBeUndefined();
    expect(summary('SELECT $1::int + 1')).toBeUndefined();
  });
});

describe('readStatement: writes', () => {
  it('maps INSERT columns to the values bound to the placeholders', () => {
    expect(summary('INSERT INTO coupons (code, amount) VALUES ($1, $2) RETURNING id')).toEqual({
      kind: 'create',
      resource: 'coupons',
      keys: [],
      data: ['code=a', 'amount=b'],
      summary: 'INSERT coupons',
    });
  });

  it('follows $n numbers, not positions', () => {
    expect(summary('INSERT INTO coupons (amount, code) VALUES ($2, $1)')?.data).toEqual(['amount=b', 'code=a']);
  });

  it('keeps columns whose value is a literal or an expression', () => {
    expect(summary('INSERT INTO coupons (code, amount, created_at) VALUES ($1, 5, now())')?.data).toEqual([
      'code=a',
      'amount',
      'created_at',
    ]);
  });

  it('lists no data for an INSERT without columns', () => {
    expect(summary('INSERT INTO coupons VALUES ($1, $2)')?.data).toEqual([]);
  });

  it('reads the atomic insert forms of every dialect as upserts', () => {
    for (const text of [
      'INSERT INTO coupons (code) VALUES ($1) ON CONFLICT (code) DO NOTHING',
      'INSERT INTO coupons (code) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id',
      'INSERT INTO coupons (code, uses) VALUES ($1, 1) ON CONFLICT (code) DO UPDATE SET uses = coupons.uses + 1',
      'INSERT INTO coupons (code, uses) VALUES (?, 1) ON DUPLICATE KEY UPDATE uses = uses + 1',
      'INSERT IGNORE INTO `coupons` (`code`) VALUES (?)',
      'INSERT OR IGNORE INTO coupons (code) VALUES (?)',
      'INSERT OR REPLACE INTO coupons (code) VALUES (?)',
      'REPLACE INTO coupons (code) VALUES (?)',
    ]) {
      expect(summary(text), text).toMatchObject({ kind: 'upsert', resource: 'coupons' });
    }
  });

  it('reads an UPDATE with its filter and written columns', () => {
    expect(summary('UPDATE wallets SET balance = $1 WHERE id = $2')).toEqual({
      kind: 'update',
      resource: 'wallets',
      keys: ['id=b'],
      data: ['balance=a'],
      summary: 'UPDATE wallets',
    });
  });

  it('reads an UPDATE relative to itself as atomic', () => {
    expect(summary('UPDATE wallets SET balance = balance - $1 WHERE id = $2')?.kind).toBe('atomic-update');
    expect(summary('UPDATE posts SET likes = 1 + likes, updated_at = now() WHERE id = $1')?.kind).toBe('atomic-update');
    expect(summary('UPDATE posts SET tags = tags || $1 WHERE id = $2')?.kind).toBe('atomic-update');
    expect(summary('UPDATE posts SET likes = likes + 1, title = $1 WHERE id = $2')?.kind).toBe('update');
    expect(summary('UPDATE posts SET likes = 1 - likes WHERE id = $1')?.kind).toBe('update');
  });

  it('keeps the columns an UPDATE compares in its WHERE as keys without a value', () => {
    expect(summary('UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1')?.keys).toEqual(['id=b', 'stock']);
    expect(summary('UPDATE posts SET title = ? WHERE id = ? AND version <> ?')?.keys).toEqual(['id=b', 'version']);
    expect(summary('SELECT id FROM products WHERE id = $1 AND stock >= $2')?.keys).toEqual(['id=a']);
  });

  it('reads a DELETE', () => {
    expect(summary('DELETE FROM sessions WHERE token = ?')).toMatchObject({ kind: 'delete', resource: 'sessions', keys: ['token=a'] });
  });
});

describe('readStatement: locks and transactions', () => {
  it('reads advisory and table locks', () => {
    expect(summary('SELECT pg_advisory_xact_lock(hashtext($1))')).toMatchObject({ kind: 'lock', summary: 'pg_advisory_xact_lock' });
    expect(summary('select pg_try_advisory_lock($1)')?.kind).toBe('lock');
    expect(summary('SELECT GET_LOCK(?, 10)')?.kind).toBe('lock');
    expect(summary('LOCK TABLE "public"."coupons" IN EXCLUSIVE MODE')).toMatchObject({ kind: 'lock', resource: 'coupons' });
    expect(summary('LOCK TABLES coupons WRITE')).toMatchObject({ kind: 'lock', resource: 'coupons' });
  });

  it('reads the isolation level a transaction starts with', () => {
    expect(summary('BEGIN ISOLATION LEVEL SERIALIZABLE')).toMatchObject({ kind: 'begin', isolation: 'serializable' });
    expect(summary('START TRANSACTION ISOLATION LEVEL REPEATABLE READ')?.isolation).toBe('repeatable-read');
    expect(summary('SET TRANSACTION ISOLATION LEVEL READ COMMITTED')).toMatchObject({
      kind: 'begin',
      isolation: 'read-committed',
      summary: 'SET TRANSACTION',
    });
    expect(summary('BEGIN; SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;')?.isolation).toBe('serializable');
    expect(summary('BEGIN')).toEqual({ kind: 'begin', resource: undefined, keys: [], data: [], summary: 'BEGIN' });
  });

  it('reads postgres.js begin options', () => {
    expect(isolationIn('isolation level repeatable read')).toBe('repeatable-read');
    expect(isolationIn('read write')).toBeUndefined();
  });
});

describe('readStatement: placeholders', () => {
  it('numbers ? in order, and ?NNN explicitly', () => {
    expect(summary('INSERT INTO t (x, y) VALUES (?, ?)')?.data).toEqual(['x=a', 'y=b']);
    expect(summary('INSERT INTO t (x, y) VALUES (?2, ?1)')?.data).toEqual(['x=b', 'y=a']);
  });

  it('binds named parameters by their bare name', () => {
    const named = new Map<string, TSESTree.Node>([
      ['code', a],
      ['amount', b],
      ['owner', c],
    ]);
    expect(summary('INSERT INTO t (code, amount, owner) VALUES (:code, @amount, $owner)', named)?.data).toEqual([
      'code=a',
      'amount=b',
      'owner=c',
    ]);
  });

  it('leaves ? alone in numbered style, where it is the jsonb operator', () => {
    expect(summary("SELECT id FROM users WHERE prefs ? 'beta' AND email = $1", [a], 'numbered')?.keys).toEqual(['email=a']);
  });

  it('ignores placeholders inside strings and comments', () => {
    expect(summary("INSERT INTO t (x, y) VALUES ('?', ?) -- why?\n", [a])?.data).toEqual(['x', 'y=a']);
    expect(summary('/* find the user? */ SELECT id FROM users WHERE email = ?', [a])?.keys).toEqual(['email=a']);
  });

  it('reads through PostgreSQL casts on placeholders', () => {
    expect(summary('SELECT id FROM users WHERE id = $1::uuid AND tags = $2 :: text[]', [a, b], 'numbered')?.keys).toEqual(['id=a', 'tags=b']);
    expect(summary('INSERT INTO users (name) VALUES ($1::varchar(40))', [a], 'numbered')?.data).toEqual(['name=a']);
  });

  it('gives up on identifier bindings', () => {
    expect(summary('SELECT * FROM ?? WHERE id = ?')).toBeUndefined();
    expect(summary('SELECT * FROM :table: WHERE id = :id')).toBeUndefined();
  });
});

describe('readStatement: what it refuses', () => {
  it('returns undefined for text that is not one SQL statement, and never throws', () => {
    for (const text of [
      '',
      'hello world',
      'user:42',
      'SELECT FROM WHERE',
      'SELECT id FROM users WHERE; DROP',
      "SELECT id FROM users WHERE email = 'unterminated",
      'INSERT INTO t (a) VALUES ($1); INSERT INTO t (a) VALUES ($2)',
      'SELECT ((((((((1))))))))',
      `SELECT id FROM users WHERE note = '${'x'.repeat(100_001)}'`,
      'SELECT id FROM users WHERE email = $1 AND (((((((((((((((x = 1',
    ]) {
      expect(readStatement(text, []), text.slice(0, 40)).toBeUndefined();
    }
  });

  it('answers quickly from its cache', () => {
    const text = 'SELECT id FROM cached WHERE email = $1';
    readStatement(text, []);
    const start = performance.now();
    for (let i = 0; i < 1000; i++) readStatement(text, []);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('statement forms for rewrites', () => {
  it('locates each placeholder in the original text', () => {
    expect(placeholderSpans('UPDATE t SET a = $2 WHERE id = $1::uuid')).toEqual([
      { start: 17, end: 19, param: 1 },
      { start: 31, end: 33, param: 0 },
    ]);
    expect(placeholderSpans("UPDATE t SET a = ?, b = '?' WHERE id = ? -- ?")).toEqual([
      { start: 17, end: 18, param: 0 },
      { start: 39, end: 40, param: 1 },
    ]);
    expect(placeholderSpans('UPDATE t SET a = $a WHERE id = :id', 'positional').map((span) => span.param)).toEqual(['a', 'id']);
    expect(placeholderSpans('SELECT ?? FROM t')).toEqual([]);
  });

  it('takes FOR UPDATE on a plain SELECT of one table only', () => {
    expect(isLockableSelect('SELECT balance FROM wallets WHERE id = $1')).toBe(true);
    expect(isLockableSelect('SELECT balance FROM wallets WHERE id = ? LIMIT 1')).toBe(true);
    for (const text of [
      'SELECT balance FROM wallets WHERE id = $1 FOR UPDATE',
      'SELECT SUM(amount) FROM ledger WHERE wallet_id = $1',
      'SELECT DISTINCT owner_id FROM wallets WHERE id = $1',
      'SELECT owner_id FROM wallets WHERE id = $1 GROUP BY owner_id',
      'SELECT w.balance FROM wallets w LEFT JOIN users u ON u.id = w.owner_id WHERE w.id = $1',
      'SELECT balance FROM wallets WHERE id = $1 UNION SELECT balance FROM archive WHERE id = $1',
      'UPDATE wallets SET balance = 0 WHERE id = $1',
      'not sql',
    ]) {
      expect(isLockableSelect(text), text).toBe(false);
    }
  });

  it('appends to a WHERE clause only where AND binds as written', () => {
    expect(takesAndCondition('UPDATE products SET stock = stock - $1 WHERE id = $2')).toBe(true);
    expect(takesAndCondition('UPDATE products SET stock = stock - $1 WHERE (id = $2 OR sku = $3) RETURNING id')).toBe(true);
    for (const text of [
      'UPDATE products SET stock = 0',
      'UPDATE products SET stock = stock - $1 WHERE id = $2 OR sku = $3',
      'UPDATE products SET stock = stock - ? WHERE id = ? ORDER BY id LIMIT 1',
      'SELECT stock FROM products WHERE id = $1',
    ]) {
      expect(takesAndCondition(text), text).toBe(false);
    }
  });
});
