-- V001: organisations and the ledger (same version as migrations/sqlite/V001__init.sql).

CREATE TABLE organizations (
  id               BIGSERIAL PRIMARY KEY,
  kind             TEXT NOT NULL,
  name_ja          TEXT NOT NULL,
  name_en          TEXT NOT NULL,
  corporate_number TEXT UNIQUE,
  created_at       TIMESTAMPTZ NOT NULL
);

-- The ledger of DESIGN.md §7; format in docs/ledger_format.md. Times and payloads are TEXT, not
-- timestamptz/jsonb: the hash covers their exact bytes.
CREATE TABLE ledger_events (
  sequence        BIGINT PRIMARY KEY,
  occurred_at     TEXT NOT NULL,
  actor           TEXT NOT NULL,
  organization_id BIGINT,
  type            TEXT NOT NULL,
  subject         TEXT NOT NULL,
  payload         TEXT NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL UNIQUE
);

-- Append-only, twice over: a trigger refuses UPDATE, DELETE and TRUNCATE for every role, and the
-- privileges to try are revoked (docs/operations.md grants the runtime role SELECT and INSERT only).
CREATE FUNCTION ledger_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER ledger_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON ledger_events
  FOR EACH ROW EXECUTE FUNCTION ledger_events_refuse_change();

CREATE TRIGGER ledger_events_no_truncate
  BEFORE TRUNCATE ON ledger_events
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_events_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON ledger_events FROM PUBLIC;
