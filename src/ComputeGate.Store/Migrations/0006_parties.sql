-- The parties the store has seen (end users and consignees of logged decisions), one row per normalised
-- name key: when a list changes, they are screened again against the changed entries only (review cases).
CREATE TABLE parties (
  party_key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  country TEXT NULL,
  first_seen TEXT NOT NULL);
