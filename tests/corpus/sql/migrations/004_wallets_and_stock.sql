-- Store credit and stock of the shop (PostgreSQL), and loyalty points of the legacy forum (MySQL).
CREATE TABLE wallets (
  id serial PRIMARY KEY,
  account_id integer NOT NULL REFERENCES accounts (id),
  balance integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id serial PRIMARY KEY,
  sku text NOT NULL,
  stock integer NOT NULL,
  version integer NOT NULL DEFAULT 0
);
