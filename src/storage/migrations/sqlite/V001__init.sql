-- V001: organisations and the ledger.

CREATE TABLE organizations (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL,
  name_ja          TEXT NOT NULL,
  name_en          TEXT NOT NULL,
  corporate_number TEXT UNIQUE,
  created_at       TEXT NOT NULL
) STRICT;

-- The ledger of DESIGN.md §7; format in docs/ledger_format.md. Append-only: the triggers below
-- refuse UPDATE and DELETE, and the program has no statement that would try.
CREATE TABLE ledger_events (
  sequence        INTEGER PRIMARY KEY,
  occurred_at     TEXT NOT NULL,
  actor           TEXT NOT NULL,
  organization_id INTEGER,
  type            TEXT NOT NULL,
  subject         TEXT NOT NULL,
  payload         TEXT NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL UNIQUE
) STRICT;

CREATE TRIGGER ledger_events_no_update BEFORE UPDATE ON ledger_events
BEGIN
  SELECT RAISE(ABORT, 'ledger_events is append-only');
END;

CREATE TRIGGER ledger_events_no_delete BEFORE DELETE ON ledger_events
BEGIN
  SELECT RAISE(ABORT, 'ledger_events is append-only');
END;
