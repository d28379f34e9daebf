-- Tables owned by the Knex side of the application (Prisma and TypeORM manage their own).

-- Coupon codes are unique only by the admin UI's check.
CREATE TABLE coupons (
  id serial PRIMARY KEY,
  code text NOT NULL,
  percent_off integer NOT NULL,
  created_by integer NOT NULL
);

CREATE TABLE coupon_redemptions (
  id serial PRIMARY KEY,
  coupon_id integer NOT NULL REFERENCES coupons (id),
  user_id integer NOT NULL,
  redeemed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (coupon_id, user_id)
);

CREATE TABLE newsletter_subscribers (
  id serial PRIMARY KEY,
  list_id integer NOT NULL,
  email text NOT NULL,
  confirmed boolean NOT NULL DEFAULT false
);

CREATE TABLE page_counters (
  path text PRIMARY KEY,
  views integer NOT NULL DEFAULT 0
);

-- One row per key and day, created by the nightly rollover job.
CREATE TABLE api_usage (
  api_key_id integer NOT NULL,
  day date NOT NULL,
  calls integer NOT NULL DEFAULT 0,
  PRIMARY KEY (api_key_id, day)
);

CREATE TABLE waitlist_entries (
  id serial PRIMARY KEY,
  event_id integer NOT NULL,
  email text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
