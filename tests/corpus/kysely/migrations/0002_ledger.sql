CREATE TABLE account (
  id serial PRIMARY KEY,
  owner_id integer NOT NULL REFERENCES person (id),
  balance integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ticket_pool (
  id serial PRIMARY KEY,
  event_id integer NOT NULL,
  remaining integer NOT NULL
);

CREATE TABLE wiki_page (
  id serial PRIMARY KEY,
  title text NOT NULL,
  body text NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  views integer NOT NULL DEFAULT 0
);
