-- V011 (same version as migrations/sqlite/V011__procurement.sql): agencies' requirement profiles
-- and saved procurement checks (issue 9; domain/procurement.hpp,
-- app/procurement.hpp), and each submitted statement's adoption bitmap. A profile's body and a
-- check's record are JSON written and read only by app/procurement_json.cpp (the record is the API's
-- form of a check); storage keeps them whole and never looks inside. Times are RFC 3339 UTC text,
-- dates YYYY-MM-DD.

CREATE TABLE agency_profiles (
  id         BIGSERIAL PRIMARY KEY,
  agency_id  BIGINT NOT NULL REFERENCES organizations (id),
  name       TEXT NOT NULL,
  body_json  TEXT NOT NULL,
  version    BIGINT NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX agency_profiles_by_agency ON agency_profiles (agency_id, id);

-- A check as it ran; never changed afterwards (the agency shows later what it relied on).
CREATE TABLE procurement_checks (
  id           BIGSERIAL PRIMARY KEY,
  agency_id    BIGINT NOT NULL REFERENCES organizations (id),
  profile_id   BIGINT NOT NULL REFERENCES agency_profiles (id),
  profile_name TEXT NOT NULL,
  checked_on   TEXT NOT NULL CHECK (checked_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  checked_at   TEXT NOT NULL,
  checked_by   TEXT NOT NULL,
  meets        INTEGER NOT NULL CHECK (meets >= 0),
  unconfirmed  INTEGER NOT NULL CHECK (unconfirmed >= 0),
  misses       INTEGER NOT NULL CHECK (misses >= 0),
  record_json  TEXT NOT NULL
);
CREATE INDEX procurement_checks_by_agency ON procurement_checks (agency_id, id);

-- Which items of its edition a submitted statement adopts (domain::AdoptionHex), written when it
-- is submitted: the check reads 300 characters per service instead of every entry's text.
-- Statements submitted before this version have no row; the check computes theirs from the entries.
CREATE TABLE statement_adoptions (
  statement_id BIGINT PRIMARY KEY REFERENCES statements (id),
  edition_id   BIGINT NOT NULL REFERENCES catalog_editions (id),
  adoption_hex TEXT NOT NULL
);
