-- V012 (same version as migrations/sqlite/V012__measures_unregistered.sql): transitional measures
-- (経過措置) and agencies' unregistered-service confirmations (issue 9; domain/transitional_measure.hpp,
-- domain/unregistered_service.hpp). Enum columns hold the domain's ToString text; times are RFC 3339
-- UTC text, dates YYYY-MM-DD text as in the SQLite schema. JSON columns are TEXT written
-- only by the repositories (never queried inside). Updates check `version` (optimistic
-- concurrency). Neither table has a delete path: a measure is ended early, a confirmation kept.

-- Periods never overlap: the app locks the table (LOCK ... SHARE ROW EXCLUSIVE), then checks every
-- other measure inside the same transaction, so two secretariat users cannot both pass the check.
CREATE TABLE transitional_measures (
  id               BIGSERIAL PRIMARY KEY,
  title_ja         TEXT NOT NULL,
  title_en         TEXT NOT NULL,
  description_ja   TEXT NOT NULL,
  description_en   TEXT NOT NULL,
  effective_from   TEXT NOT NULL CHECK (effective_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  effective_until  TEXT NOT NULL CHECK (effective_until ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  relaxations_json TEXT NOT NULL,  -- ["pending_applications", "objectives_only"]
  version          BIGINT NOT NULL CHECK (version >= 1),
  created_at       TEXT NOT NULL,
  CHECK (effective_until >= effective_from)
);
CREATE INDEX transitional_measures_by_period ON transitional_measures (effective_from, effective_until);

-- One row per confirmation; its items (one per required control, about 1,200 for a whole edition)
-- are one JSON text, [{"control_id","mark","note"}], so saving the editor is one statement.
CREATE TABLE unregistered_services (
  id                BIGSERIAL PRIMARY KEY,
  agency_id         BIGINT NOT NULL REFERENCES organizations (id),
  name_ja           TEXT NOT NULL,
  name_en           TEXT NOT NULL,
  provider_name     TEXT NOT NULL,
  model             TEXT NOT NULL CHECK (model IN ('iaas', 'paas', 'saas')),
  regions_json      TEXT NOT NULL,
  url               TEXT NOT NULL,
  notes             TEXT NOT NULL,
  need              TEXT NOT NULL,
  edition_id        BIGINT NOT NULL REFERENCES catalog_editions (id),
  confirmation_date TEXT NOT NULL CHECK (confirmation_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  measure_id        BIGINT REFERENCES transitional_measures (id),
  items_json        TEXT NOT NULL,
  state             TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved')),
  return_reason     TEXT NOT NULL,
  created_by        BIGINT NOT NULL REFERENCES users (id),
  submitted_at      TEXT,
  approved_at       TEXT,
  approved_by       BIGINT REFERENCES users (id),
  version           BIGINT NOT NULL CHECK (version >= 1),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX unregistered_services_by_agency ON unregistered_services (agency_id, id);
-- The operational report counts submissions and approvals in a period.
CREATE INDEX unregistered_services_by_submitted ON unregistered_services (submitted_at);
CREATE INDEX unregistered_services_by_approved ON unregistered_services (approved_at);
