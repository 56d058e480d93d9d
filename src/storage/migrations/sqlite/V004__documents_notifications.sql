-- V004: documents, the in-app inbox and the e-mail outbox (domain/document.hpp,
-- domain/notification.hpp). Enum columns hold the domain's ToString text. Times are RFC 3339 UTC
-- text with microseconds, which sorts as time does.

-- The bytes of every document, once per SHA-256 (content-addressed: a file uploaded twice is kept
-- once). Bytes never change, so the trigger below refuses UPDATE.
CREATE TABLE document_contents (
  sha256  TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size    INTEGER NOT NULL CHECK (size > 0),
  content BLOB NOT NULL CHECK (length(content) = size)
) STRICT;

CREATE TRIGGER document_contents_no_update BEFORE UPDATE ON document_contents
BEGIN
  SELECT RAISE(ABORT, 'document_contents is immutable');
END;

-- A document: its bytes, what it is called and what it is, who owns it and what it belongs to.
CREATE TABLE documents (
  id              INTEGER PRIMARY KEY,
  sha256          TEXT NOT NULL REFERENCES document_contents (sha256),
  file_name       TEXT NOT NULL,
  media_type      TEXT NOT NULL,
  classification  TEXT NOT NULL CHECK (classification IN ('public', 'restricted', 'confidential')),
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  subject         TEXT,
  uploaded_by     INTEGER REFERENCES users (id),
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX documents_by_subject ON documents (subject, id) WHERE subject IS NOT NULL;

CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents
BEGIN
  SELECT RAISE(ABORT, 'documents is immutable');
END;

-- The in-app inbox; link is '' when the notice links nowhere.
CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  link       TEXT NOT NULL,
  title_ja   TEXT NOT NULL,
  title_en   TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at    TEXT
) STRICT;
CREATE INDEX notifications_by_user ON notifications (user_id, id);

-- E-mail waiting to be sent, and sent. next_attempt_at is when a sender may next take it (also the
-- lease of an attempt in progress).
CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  sent_at         TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      TEXT,
  next_attempt_at TEXT NOT NULL
) STRICT;
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id) WHERE sent_at IS NULL;
