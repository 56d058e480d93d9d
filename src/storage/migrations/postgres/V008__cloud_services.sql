-- V008 (same version as migrations/sqlite/V008__cloud_services.sql): the cloud service register
-- (issue 7; domain/cloud_service.hpp, statement.hpp, engagement.hpp): services, statement versions,
-- audit engagements, what a cloud service application attaches and the reviewer's findings on it,
-- and disclosure grants. Enum columns hold the domain's ToString text; times are RFC 3339 UTC text,
-- dates YYYY-MM-DD text as in the SQLite schema. JSON columns are TEXT written only by
-- storage/workflow_json.cpp (never queried inside). Updates of services, statements and
-- engagements check `version` (optimistic concurrency).

CREATE TABLE cloud_services (
  id                   BIGSERIAL PRIMARY KEY,
  provider_id          BIGINT NOT NULL REFERENCES organizations (id),
  name_ja              TEXT NOT NULL,
  name_en              TEXT NOT NULL,
  description          TEXT NOT NULL,
  model                TEXT NOT NULL CHECK (model IN ('iaas', 'paas', 'saas')),
  deployment           TEXT NOT NULL CHECK (deployment IN ('public', 'private', 'community', 'hybrid')),
  regions_json         TEXT NOT NULL,
  track                TEXT NOT NULL CHECK (track IN ('ismap', 'liu')),
  registration_id      BIGINT UNIQUE REFERENCES registrations (id),
  registered_statement BIGINT,  -- references statements (id), added below
  version              BIGINT NOT NULL CHECK (version >= 1),
  created_at           TEXT NOT NULL
);
CREATE INDEX cloud_services_by_provider ON cloud_services (provider_id, id);

-- One row per version; the entries (one per control, 1,159 for a whole edition) are one JSON text,
-- [{"control_id","adopted","reason","implementation"}], so saving a draft is one statement.
CREATE TABLE statements (
  id                BIGSERIAL PRIMARY KEY,
  service_id        BIGINT NOT NULL REFERENCES cloud_services (id),
  provider_id       BIGINT NOT NULL REFERENCES organizations (id),
  revision          BIGINT NOT NULL CHECK (revision >= 1),
  edition_id        BIGINT NOT NULL REFERENCES catalog_editions (id),
  state             TEXT NOT NULL CHECK (state IN ('draft', 'submitted')),
  scope             TEXT NOT NULL,
  system_overview   TEXT NOT NULL,
  representative    TEXT NOT NULL,
  period_first      TEXT NOT NULL CHECK (period_first ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  period_last       TEXT NOT NULL CHECK (period_last ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  subsequent_events TEXT NOT NULL,
  entries_json      TEXT NOT NULL,
  version           BIGINT NOT NULL CHECK (version >= 1),
  updated_at        TEXT NOT NULL,
  submitted_at      TEXT,
  UNIQUE (service_id, revision)
);
ALTER TABLE cloud_services ADD FOREIGN KEY (registered_statement) REFERENCES statements (id);

CREATE TABLE engagements (
  id                 BIGSERIAL PRIMARY KEY,
  service_id         BIGINT NOT NULL REFERENCES cloud_services (id),
  provider_id        BIGINT NOT NULL REFERENCES organizations (id),
  audit_body_id      BIGINT NOT NULL REFERENCES organizations (id),
  statement_id       BIGINT NOT NULL REFERENCES statements (id),
  state              TEXT NOT NULL
                     CHECK (state IN ('requested', 'accepted', 'declined', 'report_issued', 'withdrawn')),
  independence_json  TEXT NOT NULL,
  auditors_json      TEXT NOT NULL,
  results_json       TEXT NOT NULL,
  report_document_id BIGINT REFERENCES documents (id),
  report_issued_on   TEXT CHECK (report_issued_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  last_reason        TEXT NOT NULL,
  version            BIGINT NOT NULL CHECK (version >= 1),
  created_at         TEXT NOT NULL
);
CREATE INDEX engagements_by_provider ON engagements (provider_id, id);
CREATE INDEX engagements_by_audit_body ON engagements (audit_body_id, id);
-- The public list finds the report issued on a registered statement.
CREATE INDEX engagements_by_statement ON engagements (statement_id, state, id);

-- What a cloud service application attaches (domain::ServiceApplicationContent).
CREATE TABLE service_application_contents (
  application_id           BIGINT PRIMARY KEY REFERENCES applications (id),
  service_id               BIGINT NOT NULL REFERENCES cloud_services (id),
  statement_id             BIGINT REFERENCES statements (id),
  engagement_id            BIGINT REFERENCES engagements (id),
  additional_engagement_id BIGINT REFERENCES engagements (id),
  disclosures_json         TEXT NOT NULL
);
CREATE INDEX service_application_contents_by_service ON service_application_contents (service_id, application_id);

-- The reviewer's per-control findings, as the evaluations table holds an audit body's.
CREATE TABLE service_reviews (
  application_id          BIGINT PRIMARY KEY REFERENCES applications (id),
  requirement_set_version TEXT NOT NULL,
  items_json              TEXT NOT NULL
);

CREATE TABLE disclosure_grants (
  id          BIGSERIAL PRIMARY KEY,
  service_id  BIGINT NOT NULL REFERENCES cloud_services (id),
  provider_id BIGINT NOT NULL REFERENCES organizations (id),
  agency_id   BIGINT NOT NULL REFERENCES organizations (id),
  from_date   TEXT NOT NULL CHECK (from_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  until_date  TEXT NOT NULL CHECK (until_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  revoked_at  TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX disclosure_grants_by_service ON disclosure_grants (service_id, id);
CREATE INDEX disclosure_grants_by_agency ON disclosure_grants (agency_id, id);
