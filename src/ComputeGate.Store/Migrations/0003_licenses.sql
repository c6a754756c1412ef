-- Licences held (licenses import) and their drawdowns. The balance used is kept on the licence row and
-- changed only in the transaction that records a drawdown, with the row locked (PostgreSQL: FOR UPDATE;
-- SQLite: BEGIN IMMEDIATE), so two concurrent checks can never overdraw it. A drawdown is recorded once
-- per (batch, line number): a resumed batch finds the drawdown it made before instead of drawing again.
CREATE TABLE licenses (
  number TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  terms TEXT NOT NULL,
  quantity_limit BIGINT NULL,
  value_limit_usd {{decimal}} NULL,
  quantity_used BIGINT NOT NULL,
  value_used_usd {{decimal}} NOT NULL,
  imported_at TEXT NOT NULL,
  source TEXT NOT NULL);
CREATE TABLE license_drawdowns (
  id {{id}},
  license_number TEXT NOT NULL REFERENCES licenses(number),
  batch_id TEXT NOT NULL,
  line_no BIGINT NOT NULL,
  line_id TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  value_usd {{decimal}} NULL,
  drawn_at TEXT NOT NULL);
CREATE UNIQUE INDEX ux_license_drawdowns_line ON license_drawdowns(batch_id, line_no);
{{append_only license_drawdowns}}
