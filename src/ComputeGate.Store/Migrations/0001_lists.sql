-- Restricted-party lists (lists import): one row per import, one snapshot per list per import, entry
-- versions (never deleted: any past snapshot can be read back) and the rows an import rejected.
CREATE TABLE imports (
  id {{id}},
  format TEXT NOT NULL, source_file TEXT NOT NULL, source_sha256 TEXT NOT NULL,
  imported_at TEXT NOT NULL, rejected INTEGER NOT NULL);
CREATE TABLE list_snapshots (
  id {{id}},
  import_id BIGINT NOT NULL REFERENCES imports(id), list TEXT NOT NULL, entries INTEGER NOT NULL,
  inserted INTEGER NOT NULL, updated INTEGER NOT NULL, unchanged INTEGER NOT NULL,
  revived INTEGER NOT NULL, removed INTEGER NOT NULL);
CREATE TABLE list_entries (
  list TEXT NOT NULL, entry_id TEXT NOT NULL, hash TEXT NOT NULL, data TEXT NOT NULL,
  from_snapshot BIGINT NOT NULL, to_snapshot BIGINT NULL,
  PRIMARY KEY (list, entry_id, from_snapshot));
CREATE INDEX ix_list_entries_active ON list_entries(list, to_snapshot);
CREATE TABLE rejected_rows (
  import_id BIGINT NOT NULL REFERENCES imports(id), file TEXT NOT NULL, line INTEGER NOT NULL,
  field TEXT NOT NULL, reason TEXT NOT NULL);
