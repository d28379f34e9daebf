CREATE TABLE person (
  id serial PRIMARY KEY,
  email text NOT NULL,
  first_name text NOT NULL,
  CONSTRAINT person_email_key UNIQUE (email)
);

-- Pet names are unique per owner by intent only.
CREATE TABLE pet (
  id serial PRIMARY KEY,
  owner_id integer NOT NULL REFERENCES person (id),
  name text NOT NULL,
  species text NOT NULL
);

CREATE TABLE tag (
  id serial PRIMARY KEY,
  name text NOT NULL
);
CREATE UNIQUE INDEX tag_name_key ON tag (name);

CREATE TABLE follow (
  follower_id integer NOT NULL REFERENCES person (id),
  followee_id integer NOT NULL REFERENCES person (id),
  PRIMARY KEY (follower_id, followee_id)
);

CREATE TABLE vote (
  id serial PRIMARY KEY,
  post_id integer NOT NULL,
  voter_id integer NOT NULL,
  value integer NOT NULL
);

CREATE TABLE post (
  id serial PRIMARY KEY,
  author_id integer NOT NULL,
  score integer NOT NULL DEFAULT 0
);
