-- The review queue: a possible match between a party and a list entry is a case; a person confirms it (a hit)
-- or clears it (not the same party), saying who, when and why. A case is raised once per party and entry
-- version: a cleared pair is not raised again until the list entry changes (a new version is a new case).
CREATE TABLE review_cases (
  id {{id}},
  party_key TEXT NOT NULL,
  party_name TEXT NOT NULL,
  list TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  entry_version TEXT NOT NULL,
  score {{float}} NOT NULL,
  raised_at TEXT NOT NULL,
  batch_id TEXT NULL,
  line_no BIGINT NULL);
CREATE UNIQUE INDEX ux_review_cases_pair ON review_cases(party_key, list, entry_id, entry_version);
{{append_only review_cases}}
-- At most one resolution per case, never changed.
CREATE TABLE case_resolutions (
  case_id BIGINT PRIMARY KEY REFERENCES review_cases(id),
  resolution TEXT NOT NULL CHECK (resolution IN ('confirmed', 'cleared')),
  resolved_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  resolved_at TEXT NOT NULL);
{{append_only case_resolutions}}
