-- Tables of the legacy MySQL forum, still written by src/legacy.
CREATE TABLE nicknames (
  id INT AUTO_INCREMENT PRIMARY KEY,
  account_id INT NOT NULL,
  nickname VARCHAR(40) NOT NULL
);

CREATE TABLE forum_subscriptions (
  id INT AUTO_INCREMENT PRIMARY KEY,
  account_id INT NOT NULL,
  thread_id INT NOT NULL,
  UNIQUE KEY forum_subscriptions_account_thread (account_id, thread_id)
);
