-- Tables the raw SQL handlers use.
CREATE TABLE handled_events (
  id text PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
  id serial PRIMARY KEY,
  paddle_customer_id text NOT NULL UNIQUE,
  credits integer NOT NULL DEFAULT 0
);

-- One row per paid transaction; the transaction id is not unique here.
CREATE TABLE purchases (
  id serial PRIMARY KEY,
  transaction_id text NOT NULL,
  customer_id text NOT NULL,
  amount integer NOT NULL
);
