-- The schema the type-check snippets run against (PostgreSQL). `users.email` and `tags.name`
-- are unique; the other lookups have no constraint, so the rule asks for one.
CREATE TABLE users (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL
);

CREATE TABLE invitations (
  id serial PRIMARY KEY,
  team_id integer NOT NULL,
  email text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE referrals (
  id serial PRIMARY KEY,
  code text NOT NULL,
  referrer_id integer NOT NULL
);

CREATE TABLE coupons (
  id serial PRIMARY KEY,
  code text NOT NULL,
  user_id integer NOT NULL
);

CREATE TABLE subscribers (
  id serial PRIMARY KEY,
  email text NOT NULL
);

CREATE TABLE tags (
  id serial PRIMARY KEY,
  name text NOT NULL
);
CREATE UNIQUE INDEX tags_name_key ON tags (name);

-- Raw SQL read-modify-write snippets: balances and stock changed from a read.
CREATE TABLE wallets (
  id serial PRIMARY KEY,
  balance integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id serial PRIMARY KEY,
  stock integer NOT NULL
);
