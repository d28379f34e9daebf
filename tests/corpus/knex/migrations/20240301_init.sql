CREATE TABLE teams (
  id serial PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE users (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text
);

CREATE TABLE team_invites (
  id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES teams (id),
  email text NOT NULL,
  UNIQUE (team_id, email)
);

-- Slugs are unique per owner only by convention: nothing in the database enforces it.
CREATE TABLE projects (
  id serial PRIMARY KEY,
  owner_id integer NOT NULL REFERENCES users (id),
  slug text NOT NULL
);

CREATE TABLE bookmarks (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  url text NOT NULL
);

CREATE TABLE usernames (
  id serial PRIMARY KEY,
  handle text NOT NULL,
  user_id integer NOT NULL
);

CREATE TABLE profiles (
  id serial PRIMARY KEY,
  user_id integer NOT NULL,
  bio text
);

CREATE TABLE daily_stats (
  day date PRIMARY KEY,
  views integer NOT NULL DEFAULT 0
);

CREATE TABLE audit_events (
  id serial PRIMARY KEY,
  entity_id integer NOT NULL,
  action text NOT NULL,
  prev_id integer
);
