import { describe, it, expect } from 'vitest';
import { readSqlSchema } from '../../src/schema/sql.js';
import type { SchemaFacts } from '../../src/schema/types.js';

/** Constraints as `resources | fields | description [partial]` lines, for compact assertions. */
function summary(facts: SchemaFacts): string[] {
  return facts.constraints.map(
    (c) => `${c.resources.join(',')} | ${c.fields.join(',')} | ${c.description}${c.partial ? ' [partial]' : ''}`,
  );
}

function tables(facts: SchemaFacts): string[] {
  return facts.declarations.map((d) => d.resources.join(','));
}

describe('readSqlSchema: Prisma migrations', () => {
  it('reads a postgresql migration.sql', () => {
    const sql = `-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "role" "Role" NOT NULL DEFAULT 'USER',
    "tags" TEXT[],
    "balance" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "userId" TEXT NOT NULL,
    "orgId" INTEGER NOT NULL,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("userId","orgId")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_name_idx" ON "User"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_userId_orgId_key" ON "Membership"("userId", "orgId");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
`;
    const facts = readSqlSchema(sql, 'prisma/migrations/0001_init/migration.sql', 'postgresql');
    expect(summary(facts)).toEqual([
      'User | id | User_pkey',
      'Membership | userId,orgId | Membership_pkey',
      'User | email | User_email_key',
      'Membership | userId,orgId | Membership_userId_orgId_key',
    ]);
    expect(tables(facts)).toEqual(['User', 'Membership']);
    expect(facts.files).toEqual(['prisma/migrations/0001_init/migration.sql']);
    expect(facts.dialect).toBe('postgresql');
    expect(facts.constraints[0]?.source).toBe('prisma/migrations/0001_init/migration.sql');
  });

  it('reads a mysql migration.sql', () => {
    const sql = `-- CreateTable
CREATE TABLE \`User\` (
    \`id\` INTEGER NOT NULL AUTO_INCREMENT,
    \`email\` VARCHAR(191) NOT NULL,
    \`role\` ENUM('USER', 'ADMIN') NOT NULL DEFAULT 'USER',
    \`createdAt\` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX \`User_email_key\`(\`email\`),
    PRIMARY KEY (\`id\`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE \`Post\` ADD CONSTRAINT \`Post_authorId_fkey\` FOREIGN KEY (\`authorId\`) REFERENCES \`User\`(\`id\`) ON DELETE RESTRICT ON UPDATE CASCADE;
`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'mysql'))).toEqual([
      'User | email | User_email_key',
      'User | id | PRIMARY KEY (id) on User',
    ]);
  });

  it('reads a sqlite migration.sql, following the table redefinition rename', () => {
    const sql = `-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Post" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Post" ("authorId", "id", "slug") SELECT "authorId", "id", "slug" FROM "Post";
DROP TABLE "Post";
ALTER TABLE "new_Post" RENAME TO "Post";
CREATE UNIQUE INDEX "Post_slug_key" ON "Post"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
`;
    const facts = readSqlSchema(sql, 'm.sql', 'sqlite');
    expect(summary(facts)).toEqual([
      'User | id | PRIMARY KEY (id) on User',
      'new_Post,Post | id | PRIMARY KEY (id) on new_Post',
      'Post | slug | Post_slug_key',
      'User | email | User_email_key',
    ]);
    expect(tables(facts)).toEqual(['User', 'new_Post,Post']);
  });
});

describe('readSqlSchema: CREATE TABLE', () => {
  it('reads column and table constraints and strips quotes and schema prefixes', () => {
    const sql = `CREATE TABLE "public"."users" (
      id serial PRIMARY KEY,
      email text NOT NULL UNIQUE,
      org_id int,
      slug text,
      handle text,
      UNIQUE (org_id, slug),
      CONSTRAINT users_handle_key UNIQUE (handle)
    );`;
    expect(summary(readSqlSchema(sql, 'm.sql'))).toEqual([
      'users | id | PRIMARY KEY (id) on users',
      'users | email | UNIQUE (email) on users',
      'users | org_id,slug | UNIQUE (org_id, slug) on users',
      'users | handle | users_handle_key',
    ]);
  });

  it('declares tables without constraints', () => {
    const facts = readSqlSchema('CREATE TABLE IF NOT EXISTS audit_log (at timestamptz, message text);', 'm.sql');
    expect(facts.constraints).toEqual([]);
    expect(tables(facts)).toEqual(['audit_log']);
  });

  it('reads drizzle-kit output with statement breakpoints', () => {
    const sql = `CREATE TABLE IF NOT EXISTS "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "users_lower_email_idx" ON "users" USING btree (lower("email"));`;
    expect(summary(readSqlSchema(sql, 'drizzle/0000.sql', 'postgresql'))).toEqual([
      'users | id | PRIMARY KEY (id) on users',
      'users | email | users_email_unique',
      'users | email | users_lower_email_idx',
    ]);
  });

  it('reads identity columns, CHECK constraints and UNIQUE NULLS NOT DISTINCT', () => {
    const sql = `CREATE TABLE accounts (
      id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      email citext NOT NULL UNIQUE,
      tenant_id uuid NOT NULL,
      external_id text,
      note text DEFAULT 'no UNIQUE here, nor PRIMARY KEY',
      CHECK (char_length(email) > 3),
      CONSTRAINT accounts_tenant_external_key UNIQUE NULLS NOT DISTINCT (tenant_id, external_id)
    );`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'postgresql'))).toEqual([
      'accounts | id | PRIMARY KEY (id) on accounts',
      'accounts | email | UNIQUE (email) on accounts',
      'accounts | tenant_id,external_id | accounts_tenant_external_key',
    ]);
  });

  it('keeps quoted names with spaces intact', () => {
    const sql = 'CREATE TABLE "order items" ("line id" int PRIMARY KEY);';
    expect(summary(readSqlSchema(sql, 'm.sql', 'postgresql'))).toEqual([
      'order items | line id | PRIMARY KEY (line id) on order items',
    ]);
  });

  it('reads mysql tables with UNIQUE KEY and inline keys', () => {
    const sql = `CREATE TABLE users (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      email VARCHAR(255) NOT NULL,
      username VARCHAR(64) NOT NULL UNIQUE KEY,
      a INT, b INT,
      KEY users_a_idx (a),
      UNIQUE KEY users_email_uk (email(191)),
      CONSTRAINT users_ab UNIQUE KEY (a, b)
    ) ENGINE=InnoDB;`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'mysql'))).toEqual([
      'users | id | PRIMARY KEY (id) on users',
      'users | username | UNIQUE (username) on users',
      'users | email | users_email_uk',
      'users | a,b | users_ab',
    ]);
  });

  it('reads sqlite tables with ON CONFLICT clauses', () => {
    const sql = `CREATE TABLE tags (
      id INTEGER PRIMARY KEY,
      post_id INTEGER NOT NULL,
      name TEXT NOT NULL,
      UNIQUE (post_id, name) ON CONFLICT REPLACE
    ) WITHOUT ROWID;`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'sqlite'))).toEqual([
      'tags | id | PRIMARY KEY (id) on tags',
      'tags | post_id,name | UNIQUE (post_id, name) on tags',
    ]);
  });
});

describe('readSqlSchema: CREATE UNIQUE INDEX', () => {
  it('reads CONCURRENTLY, IF NOT EXISTS, ONLY, USING and expression columns', () => {
    const sql = `
      CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON ONLY public.users USING btree (lower(email), org_id);
      CREATE UNIQUE INDEX users_handle_idx ON users ((lower(handle)));
      CREATE INDEX users_name_idx ON users (name);`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'postgresql'))).toEqual([
      'users | email,org_id | users_email_idx',
      'users | handle | users_handle_idx',
    ]);
  });

  it('counts every column an expression refers to', () => {
    const sql = `
      CREATE UNIQUE INDEX a ON t ((first_name || ' ' || last_name));
      CREATE UNIQUE INDEX b ON t (coalesce(org_id, 0), lower(email));
      CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS c ON t ((first_name || ' ' || last_name));
      CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS d ON t (coalesce(org_id, 0), (email::text) DESC, CAST(code AS varchar));`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'postgresql'))).toEqual([
      't | first_name,last_name | a',
      't | org_id,email | b',
      't | first_name,last_name | c',
      't | org_id,email,code | d',
    ]);
  });

  it('marks indexes with a WHERE predicate as partial', () => {
    const sql = `
      CREATE UNIQUE INDEX users_email_live ON users (email) WHERE deleted_at IS NULL;
      CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_slug_live ON users (slug) WHERE (deleted_at IS NULL);
      CREATE UNIQUE INDEX users_code ON users (code) INCLUDE (name);`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'postgresql'))).toEqual([
      'users | email | users_email_live [partial]',
      'users | slug | users_slug_live [partial]',
      'users | code | users_code',
    ]);
  });

  it('names an index without a name by its table and columns', () => {
    expect(summary(readSqlSchema('CREATE UNIQUE INDEX ON users (email);', 'm.sql'))).toEqual([
      'users | email | unique index on users (email)',
    ]);
  });

  it('reads sqlite partial indexes', () => {
    const sql = 'CREATE UNIQUE INDEX IF NOT EXISTS "t_a" ON "t" ("a" COLLATE NOCASE) WHERE "b" IS NULL;';
    expect(summary(readSqlSchema(sql, 'm.sql', 'sqlite'))).toEqual(['t | a | t_a [partial]']);
  });
});

describe('readSqlSchema: ALTER TABLE', () => {
  it('reads added constraints, columns and renames', () => {
    const sql = `
      ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
      ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
      ALTER TABLE users ADD UNIQUE (org_id, slug);
      ALTER TABLE users ADD COLUMN api_key text UNIQUE;
      ALTER TABLE users ADD CONSTRAINT users_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id);
      ALTER TABLE users ALTER COLUMN name SET NOT NULL;`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'postgresql'))).toEqual([
      'users | id | users_pkey',
      'users | email | users_email_key',
      'users | org_id,slug | UNIQUE (org_id, slug) on users',
      'users | api_key | UNIQUE (api_key) on users',
    ]);
  });

  it('reads mysql ADD UNIQUE INDEX and ADD PRIMARY KEY', () => {
    const sql = `
      ALTER TABLE \`users\` ADD UNIQUE INDEX \`users_a_b\`(\`a\`, \`b\`);
      ALTER TABLE users ADD PRIMARY KEY (id), ADD UNIQUE KEY users_c (c);`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'mysql'))).toEqual([
      'users | a,b | users_a_b',
      'users | id | PRIMARY KEY (id) on users',
      'users | c | users_c',
    ]);
  });

  it('reads ALTER TABLE IF EXISTS ONLY with UNIQUE NULLS NOT DISTINCT, and nothing from UNIQUE USING INDEX', () => {
    const sql = `
      ALTER TABLE IF EXISTS ONLY "app"."users" ADD CONSTRAINT "users_email_key" UNIQUE NULLS NOT DISTINCT ("email");
      ALTER TABLE users ADD CONSTRAINT users_handle_key UNIQUE USING INDEX users_handle_idx;`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'postgresql'))).toEqual(['users | email | users_email_key']);
  });
});

describe('readSqlSchema: statement splitting', () => {
  it('skips functions, triggers and DO blocks whose bodies contain semicolons and DDL', () => {
    const sql = `
CREATE EXTENSION IF NOT EXISTS citext;
CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  NEW.updated_at = now(); -- ; CREATE UNIQUE INDEX fake ON users (x);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DO $body$ BEGIN
  CREATE UNIQUE INDEX also_fake ON users (y);
EXCEPTION WHEN duplicate_table THEN NULL;
END $body$;
/* CREATE UNIQUE INDEX commented ON users (z); */
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE UNIQUE INDEX real_one ON users (email);
INSERT INTO settings (key, value) VALUES ('a;b', 'it''s; CREATE UNIQUE INDEX nope ON users (w)');
COMMENT ON COLUMN users.email IS 'unique; trust me';
CREATE UNIQUE INDEX "semi;colon" ON users (handle);`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'postgresql'))).toEqual([
      'users | email | real_one',
      'users | handle | semi;colon',
    ]);
  });

  it('honours the mysql DELIMITER command and backslash escapes', () => {
    const sql = `
INSERT INTO notes VALUES ('it\\'s; CREATE UNIQUE INDEX nope ON users (w)');
DELIMITER //
CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END//
CREATE UNIQUE INDEX users_email ON users (email)//
DELIMITER ;
CREATE UNIQUE INDEX users_handle ON users (handle);`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'mysql'))).toEqual([
      'users | email | users_email',
      'users | handle | users_handle',
    ]);
  });

  it('reads a file without a trailing semicolon', () => {
    expect(summary(readSqlSchema('CREATE UNIQUE INDEX a ON b (c)', 'm.sql'))).toEqual(['b | c | a']);
  });
});

describe('readSqlSchema: broken input', () => {
  it('returns nothing for garbage and never throws', () => {
    for (const text of ['', ';;;', 'hello world', '\u0000\u0001\uffff', "'unterminated", '$$ never closed', ')))(((']) {
      const facts = readSqlSchema(text, 'm.sql');
      expect(facts.constraints).toEqual([]);
      expect(facts.files).toEqual(['m.sql']);
    }
  });

  it('reads what it can from truncated statements', () => {
    const sql = `CREATE UNIQUE INDEX users_email ON users (email);
CREATE TABLE posts (
  id serial PRIMARY KEY,
  slug text UNIQUE,
  created timestamptz DEFAULT (now(`;
    expect(summary(readSqlSchema(sql, 'm.sql', 'postgresql'))).toEqual([
      'users | email | users_email',
      'posts | id | PRIMARY KEY (id) on posts',
      'posts | slug | UNIQUE (slug) on posts',
    ]);
  });

  it('skips a constraint when one of its columns cannot be named', () => {
    const sql = "CREATE UNIQUE INDEX odd ON users (email, (1 + 2)); CREATE UNIQUE INDEX fine ON users (email, ('x'));";
    expect(summary(readSqlSchema(sql, 'm.sql', 'postgresql'))).toEqual([]);
  });

  it('finishes quickly on deeply nested or unbalanced parentheses', () => {
    const deep = `CREATE TABLE t (a int DEFAULT ${'('.repeat(40)}1 +${')'.repeat(40)}, b int UNIQUE);`;
    const unclosed = `CREATE TABLE u (a int UNIQUE, b int DEFAULT ${'('.repeat(40)}1`;
    const started = Date.now();
    expect(summary(readSqlSchema(`${deep}\n${unclosed}`, 'm.sql'))).toEqual([
      't | b | UNIQUE (b) on t',
      'u | a | UNIQUE (a) on u',
    ]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('skips statements over 200 KB and stays fast on huge input', () => {
    const hugeTable = `CREATE TABLE big (${Array.from({ length: 12_000 }, (_, i) => `c${i} text DEFAULT 'x'`).join(', ')}, UNIQUE (c1));`;
    const seed = `INSERT INTO t VALUES ${Array.from({ length: 50_000 }, (_, i) => `(${i}, 'v${i}')`).join(', ')};`;
    const started = Date.now();
    const facts = readSqlSchema(`${hugeTable}\n${seed}\nCREATE UNIQUE INDEX small ON t (a);`, 'm.sql');
    expect(summary(facts)).toEqual(['t | a | small']);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
