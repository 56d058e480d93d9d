-- V005 (same version as migrations/sqlite/V005__audit_bodies.sql): the application workflow shared by both registers (domain/application.hpp,
-- committee.hpp, audit_body_registration.hpp): applications, an audit body's application content,
-- the evaluator's checklist (requirement sets and evaluations), committee meetings with their
-- agenda and decisions, registrations with their status history, and the serial counters behind
-- registration numbers. Enum columns hold the domain's ToString text; times are RFC 3339 UTC text,
-- dates YYYY-MM-DD text as in the SQLite schema (both order as text). Updates of applications and
-- registrations check `version` (optimistic concurrency).

CREATE TABLE applications (
  id              BIGSERIAL PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('audit_body', 'cloud_service')),
  purpose         TEXT NOT NULL CHECK (purpose IN ('new', 'renewal', 'change')),
  applicant_id    BIGINT NOT NULL REFERENCES organizations (id),
  registration_id BIGINT,
  state           TEXT NOT NULL,
  version         BIGINT NOT NULL CHECK (version >= 1),
  state_since     TEXT NOT NULL,
  recommendation  TEXT,
  recommendation_note TEXT,
  meeting_id      BIGINT,
  last_reason     TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE INDEX applications_by_applicant ON applications (kind, applicant_id, id);
CREATE INDEX applications_by_state ON applications (kind, state, state_since, id);

-- What an audit body's application says. content_json holds legal form, auditors with their
-- qualifications, quality control, independence policy and document ids (storage/workflow_json.cpp).
CREATE TABLE audit_body_application_contents (
  application_id BIGINT PRIMARY KEY REFERENCES applications (id),
  content_json   TEXT NOT NULL,
  contact_email  TEXT NOT NULL,
  contact_phone  TEXT NOT NULL
);

CREATE TABLE requirement_sets (
  id         BIGSERIAL PRIMARY KEY,
  version    TEXT NOT NULL UNIQUE,
  items_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE evaluations (
  application_id          BIGINT PRIMARY KEY REFERENCES applications (id),
  requirement_set_version TEXT NOT NULL,
  items_json              TEXT NOT NULL
);

CREATE TABLE committee_meetings (
  id           BIGSERIAL PRIMARY KEY,
  held_on      TEXT NOT NULL CHECK (held_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  members_json TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

CREATE TABLE committee_agenda_items (
  meeting_id    BIGINT NOT NULL REFERENCES committee_meetings (id),
  position      BIGINT NOT NULL,
  register_kind TEXT NOT NULL,
  item_kind     TEXT NOT NULL CHECK (item_kind IN ('application', 'registration')),
  subject_id    BIGINT NOT NULL,
  PRIMARY KEY (meeting_id, position),
  UNIQUE (meeting_id, item_kind, subject_id)
);

-- One decision per meeting and item: the unique key backs the domain's once-per-item rule.
CREATE TABLE committee_decisions (
  id            BIGSERIAL PRIMARY KEY,
  meeting_id    BIGINT NOT NULL REFERENCES committee_meetings (id),
  register_kind TEXT NOT NULL,
  item_kind     TEXT NOT NULL CHECK (item_kind IN ('application', 'registration')),
  subject_id    BIGINT NOT NULL,
  outcome       TEXT NOT NULL,
  reason        TEXT NOT NULL,
  decided_at    TEXT NOT NULL,
  UNIQUE (meeting_id, item_kind, subject_id)
);

CREATE TABLE registrations (
  id              BIGSERIAL PRIMARY KEY,
  register_kind   TEXT NOT NULL CHECK (register_kind IN ('audit_body', 'cloud_service')),
  holder_id       BIGINT NOT NULL REFERENCES organizations (id),
  number          TEXT NOT NULL,
  registered_on   TEXT NOT NULL CHECK (registered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  valid_until     TEXT NOT NULL CHECK (valid_until ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  state           TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'revoked', 'withdrawn', 'expired')),
  pending_renewal BIGINT,
  version         BIGINT NOT NULL CHECK (version >= 1),
  created_at      TEXT NOT NULL,
  UNIQUE (register_kind, number)
);
CREATE INDEX registrations_by_holder ON registrations (register_kind, holder_id);

-- The stored state over time, as intervals [from_date, to_date): "was it registered on day D".
-- An interval opened and closed on the same day is empty and never matches a day.
CREATE TABLE registration_status_history (
  id              BIGSERIAL PRIMARY KEY,
  registration_id BIGINT NOT NULL REFERENCES registrations (id),
  from_date       TEXT NOT NULL,
  to_date         TEXT,
  state           TEXT NOT NULL,
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX registration_status_history_by_registration ON registration_status_history (registration_id, id);

-- Serials per register and year (year 0 when numbers do not carry one).
CREATE TABLE registration_serials (
  register_kind TEXT NOT NULL,
  year          BIGINT NOT NULL,
  last_serial   BIGINT NOT NULL,
  PRIMARY KEY (register_kind, year)
);

-- The default checklist. Our wording, written for this system: not an official text of the
-- programme or of the evaluating body; the secretariat replaces it with the set in force.
INSERT INTO requirement_sets (version, items_json, created_at) VALUES ('ismap-ab-default-1', '[
{"id":"org.legal","ja":"法人として登記され、監査業務を継続的に行う体制があること","en":"The body is a registered legal entity able to carry out audit work continuously"},
{"id":"auditors.qualified","ja":"有効な資格を有する監査人を必要数確保していること","en":"The body has the required number of auditors with current qualifications"},
{"id":"auditors.training","ja":"監査人の継続的な教育・研修の仕組みがあること","en":"The body keeps its auditors trained on a continuing basis"},
{"id":"quality.system","ja":"監査品質を管理する体制（審査・レビュー手続を含む）が整備されていること","en":"A quality-control system for audits, including engagement review, is in place"},
{"id":"independence.policy","ja":"被監査者からの独立性を確保する方針と手続があること","en":"A policy and procedures ensure independence from the audited party"},
{"id":"confidentiality","ja":"監査で知り得た情報の機密を保持する管理策があること","en":"Controls keep information learnt during audits confidential"},
{"id":"records","ja":"監査調書を作成し、定められた期間保存すること","en":"Audit working papers are prepared and kept for the required period"},
{"id":"complaints","ja":"苦情及び異議申立てに対応する手続があること","en":"Procedures exist for handling complaints and appeals"}
]', '2026-01-01T00:00:00.000000Z');
