-- Loyalty points of the legacy MySQL forum.
CREATE TABLE forum_points (
  id INT AUTO_INCREMENT PRIMARY KEY,
  account_id INT NOT NULL,
  points INT NOT NULL DEFAULT 0
);
