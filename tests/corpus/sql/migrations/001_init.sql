-- PostgreSQL schema of the shop.

-- Coupon codes are entered by admins; nothing stops two rows with the same code.
CREATE TABLE coupons (
  id serial PRIMARY KEY,
  code text NOT NULL,
  discount integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
  id serial PRIMARY KEY,
  email text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);

CREATE TABLE team_members (
  id serial PRIMARY KEY,
  team_id integer NOT NULL,
  account_id integer NOT NULL REFERENCES accounts (id),
  role text NOT NULL DEFAULT 'member',
  UNIQUE (team_id, account_id)
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  account_id integer,
  action text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

-- One row per scheduled job run; job_key is only indexed, not unique.
CREATE TABLE job_runs (
  id bigserial PRIMARY KEY,
  job_key text NOT NULL,
  payload jsonb NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_runs_job_key_idx ON job_runs (job_key);

CREATE TABLE referral_rewards (
  id serial PRIMARY KEY,
  referrer_id integer NOT NULL,
  referee_id integer NOT NULL,
  amount integer NOT NULL
);
