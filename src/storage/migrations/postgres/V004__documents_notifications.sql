-- V004 (same version as migrations/sqlite/V004__documents_notifications.sql): documents, the
-- in-app inbox and the e-mail outbox (domain/document.hpp, domain/notification.hpp). Enum columns
-- hold the domain's ToString text.

-- The bytes of every document, once per SHA-256 (content-addressed: a file uploaded twice is kept
-- once). Bytes never change: a trigger refuses UPDATE for every role.
CREATE TABLE document_contents (
  sha256  TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size    BIGINT NOT NULL CHECK (size > 0),
  content BYTEA NOT NULL CHECK (octet_length(content) = size)
);
-- The bytes are compressed already (PDF, PNG, JPEG, XLSX, DOCX) or small: store them as they are.
ALTER TABLE document_contents ALTER COLUMN content SET STORAGE EXTERNAL;

CREATE FUNCTION document_refuse_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER document_contents_no_update
  BEFORE UPDATE ON document_contents
  FOR EACH ROW EXECUTE FUNCTION document_refuse_update();

-- A document: its bytes, what it is called and what it is, who owns it and what it belongs to.
CREATE TABLE documents (
  id              BIGSERIAL PRIMARY KEY,
  sha256          TEXT NOT NULL REFERENCES document_contents (sha256),
  file_name       TEXT NOT NULL,
  media_type      TEXT NOT NULL,
  classification  TEXT NOT NULL CHECK (classification IN ('public', 'restricted', 'confidential')),
  organization_id BIGINT NOT NULL REFERENCES organizations (id),
  subject         TEXT,
  uploaded_by     BIGINT REFERENCES users (id),
  created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX documents_by_subject ON documents (subject, id) WHERE subject IS NOT NULL;

CREATE TRIGGER documents_no_update
  BEFORE UPDATE ON documents
  FOR EACH ROW EXECUTE FUNCTION document_refuse_update();

-- The in-app inbox; link is '' when the notice links nowhere.
CREATE TABLE notifications (
  id         BIGSERIAL PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users (id),
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  link       TEXT NOT NULL,
  title_ja   TEXT NOT NULL,
  title_en   TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  read_at    TIMESTAMPTZ
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);

-- E-mail waiting to be sent, and sent. next_attempt_at is when a sender may next take it (also the
-- lease of an attempt in progress).
CREATE TABLE mail_outbox (
  id              BIGSERIAL PRIMARY KEY,
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  sent_at         TIMESTAMPTZ,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      TEXT,
  next_attempt_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id) WHERE sent_at IS NULL;
