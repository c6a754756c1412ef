-- The decision log: every decision (CLI, API, batch) with its full input, verdict, reasons, citations and
-- provenance, appended only and hash-chained (15 CFR 762: records are kept five years).
--   seq        1, 2, 3, ... without gaps: a missing number is a deleted record
--   body       the canonical JSON of the record (input, decision, provenance), hashed byte for byte
--   texts      the SHA-256 (hex) of the record's explanation in decision_texts: its reasons, citations and
--              unverified facts, which thousands of decisions share (kept once: a million-line batch would
--              otherwise store the same sentences a million times); null for a line that could not be read
--   prev_hash  the hash of record seq - 1 (64 zeros for record 1), hex
--   hash       SHA-256(prev_hash bytes || canonical bytes), hex; see DecisionLog for the canonical bytes
--   line_no    the line's position in its batch (the order book's line number), line_id the id it was given
-- (batch_id, line_no) is unique: a line is logged once per batch, which is what makes a killed batch
-- resumable. Not the id: order books may repeat an id (not checked, DECISIONS 23) and both lines are kept.
CREATE TABLE decision_log (
  seq {{int64_key}},
  batch_id TEXT NOT NULL,
  line_no BIGINT NOT NULL,
  line_id TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  body TEXT NOT NULL,
  texts TEXT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE UNIQUE INDEX ux_decision_log_batch_line ON decision_log(batch_id, line_no);
CREATE INDEX ix_decision_log_recorded_at ON decision_log(recorded_at);
{{append_only decision_log}}
-- Explanations, content-addressed: hash = SHA-256 of body (UTF-8), so an edited one no longer matches its hash.
CREATE TABLE decision_texts (
  hash TEXT PRIMARY KEY,
  body TEXT NOT NULL);
{{append_only decision_texts}}
