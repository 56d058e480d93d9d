-- V008: the cloud service register (issue 7; domain/cloud_service.hpp, statement.hpp,
-- engagement.hpp): services, statement versions, audit engagements, what a cloud service
-- application attaches and the reviewer's findings on it, and disclosure grants. Enum columns hold
-- the domain's ToString text; times are RFC 3339 UTC text, dates YYYY-MM-DD. JSON columns are
-- written only by storage/workflow_json.cpp. Updates of services, statements and engagements check
-- `version` (optimistic concurrency).

CREATE TABLE cloud_services (
  id                   INTEGER PRIMARY KEY,
  provider_id          INTEGER NOT NULL REFERENCES organizations (id),
  name_ja              TEXT NOT NULL,
  name_en              TEXT NOT NULL,
  description          TEXT NOT NULL,
  model                TEXT NOT NULL CHECK (model IN ('iaas', 'paas', 'saas')),
  deployment           TEXT NOT NULL CHECK (deployment IN ('public', 'private', 'community', 'hybrid')),
  regions_json         TEXT NOT NULL,
  track                TEXT NOT NULL CHECK (track IN ('ismap', 'liu')),
  registration_id      INTEGER UNIQUE REFERENCES registrations (id),
  registered_statement INTEGER REFERENCES statements (id),
  version              INTEGER NOT NULL CHECK (version >= 1),
  created_at           TEXT NOT NULL
) STRICT;
CREATE INDEX cloud_services_by_provider ON cloud_services (provider_id, id);

-- One row per version; the entries (one per control, 1,159 for a whole edition) are one JSON text,
-- [{"control_id","adopted","reason","implementation"}], so saving a draft is one statement.
CREATE TABLE statements (
  id                INTEGER PRIMARY KEY,
  service_id        INTEGER NOT NULL REFERENCES cloud_services (id),
  provider_id       INTEGER NOT NULL REFERENCES organizations (id),
  revision          INTEGER NOT NULL CHECK (revision >= 1),
  edition_id        INTEGER NOT NULL REFERENCES catalog_editions (id),
  state             TEXT NOT NULL CHECK (state IN ('draft', 'submitted')),
  scope             TEXT NOT NULL,
  system_overview   TEXT NOT NULL,
  representative    TEXT NOT NULL,
  period_first      TEXT NOT NULL CHECK (date(period_first) IS period_first),
  period_last       TEXT NOT NULL CHECK (date(period_last) IS period_last),
  subsequent_events TEXT NOT NULL,
  entries_json      TEXT NOT NULL,
  version           INTEGER NOT NULL CHECK (version >= 1),
  updated_at        TEXT NOT NULL,
  submitted_at      TEXT,
  UNIQUE (service_id, revision)
) STRICT;

CREATE TABLE engagements (
  id                 INTEGER PRIMARY KEY,
  service_id         INTEGER NOT NULL REFERENCES cloud_services (id),
  provider_id        INTEGER NOT NULL REFERENCES organizations (id),
  audit_body_id      INTEGER NOT NULL REFERENCES organizations (id),
  statement_id       INTEGER NOT NULL REFERENCES statements (id),
  state              TEXT NOT NULL
                     CHECK (state IN ('requested', 'accepted', 'declined', 'report_issued', 'withdrawn')),
  independence_json  TEXT NOT NULL,
  auditors_json      TEXT NOT NULL,
  results_json       TEXT NOT NULL,
  report_document_id INTEGER REFERENCES documents (id),
  report_issued_on   TEXT CHECK (report_issued_on IS NULL OR date(report_issued_on) IS report_issued_on),
  last_reason        TEXT NOT NULL,
  version            INTEGER NOT NULL CHECK (version >= 1),
  created_at         TEXT NOT NULL
) STRICT;
CREATE INDEX engagements_by_provider ON engagements (provider_id, id);
CREATE INDEX engagements_by_audit_body ON engagements (audit_body_id, id);
-- The public list finds the report issued on a registered statement.
CREATE INDEX engagements_by_statement ON engagements (statement_id, state, id);

-- What a cloud service application attaches (domain::ServiceApplicationContent).
CREATE TABLE service_application_contents (
  application_id           INTEGER PRIMARY KEY REFERENCES applications (id),
  service_id               INTEGER NOT NULL REFERENCES cloud_services (id),
  statement_id             INTEGER REFERENCES statements (id),
  engagement_id            INTEGER REFERENCES engagements (id),
  additional_engagement_id INTEGER REFERENCES engagements (id),
  disclosures_json         TEXT NOT NULL
) STRICT;
CREATE INDEX service_application_contents_by_service ON service_application_contents (service_id, application_id);

-- The reviewer's per-control findings, as the evaluations table holds an audit body's.
CREATE TABLE service_reviews (
  application_id          INTEGER PRIMARY KEY REFERENCES applications (id),
  requirement_set_version TEXT NOT NULL,
  items_json              TEXT NOT NULL
) STRICT;

CREATE TABLE disclosure_grants (
  id          INTEGER PRIMARY KEY,
  service_id  INTEGER NOT NULL REFERENCES cloud_services (id),
  provider_id INTEGER NOT NULL REFERENCES organizations (id),
  agency_id   INTEGER NOT NULL REFERENCES organizations (id),
  from_date   TEXT NOT NULL CHECK (date(from_date) IS from_date),
  until_date  TEXT NOT NULL CHECK (date(until_date) IS until_date),
  revoked_at  TEXT,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX disclosure_grants_by_service ON disclosure_grants (service_id, id);
CREATE INDEX disclosure_grants_by_agency ON disclosure_grants (agency_id, id);
