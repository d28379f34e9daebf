CREATE TABLE accounts (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  balance_cents integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE seats (
  id serial PRIMARY KEY,
  event_id integer NOT NULL,
  available integer NOT NULL
);

CREATE TABLE drafts (
  id serial PRIMARY KEY,
  author_id integer NOT NULL REFERENCES users (id),
  fields jsonb NOT NULL DEFAULT '{}',
  revision integer NOT NULL DEFAULT 1
);
