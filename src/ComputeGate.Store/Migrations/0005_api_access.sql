-- API access (computegate serve). A key is shown once when made and kept only as its SHA-256 (hex): a copy
-- of the store does not give access. Roles: viewer < analyst < reviewer < admin. A key is revoked, never deleted.
CREATE TABLE api_keys (
  id {{id}},
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'reviewer', 'admin')),
  key_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT NULL);
CREATE UNIQUE INDEX ux_api_keys_name ON api_keys(name);
CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys(key_hash);
-- Idempotency keys of one-line checks: per API key, the SHA-256 of the request body and the response sent,
-- so the same key with the same body gets the same logged decision, and with another body a conflict.
CREATE TABLE api_idempotency (
  api_key_id BIGINT NOT NULL REFERENCES api_keys(id),
  idempotency_key TEXT NOT NULL,
  request_sha256 TEXT NOT NULL,
  response TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (api_key_id, idempotency_key));
{{append_only api_idempotency}}
