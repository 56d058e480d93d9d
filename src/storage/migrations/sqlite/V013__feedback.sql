-- V013: feedback threads between agencies and the operators (issue 9; domain/feedback.hpp). Enum
-- columns hold the domain's ToString text. Times are RFC 3339 UTC text with microseconds, which
-- sorts as time does.

-- A thread: the agency that owns it (only its users and the operators read it), who opened it,
-- its topic, subject and state. version grows with every change (optimistic locking);
-- first_answer_at is the operators' first message, kept for the counts.
CREATE TABLE feedback_threads (
  id              INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  author_id       INTEGER NOT NULL REFERENCES users (id),
  topic           TEXT NOT NULL CHECK (topic IN ('criteria', 'cloud_service_list', 'procedure', 'system', 'other')),
  subject         TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('open', 'answered', 'closed')),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  first_answer_at TEXT,
  message_count   INTEGER NOT NULL CHECK (message_count >= 1),
  version         INTEGER NOT NULL CHECK (version >= 1)
) STRICT;
-- An agency's list and the operators' list, newest activity first; the report's period by creation.
CREATE INDEX feedback_threads_by_organization ON feedback_threads (organization_id, updated_at);
CREATE INDEX feedback_threads_by_updated ON feedback_threads (updated_at);
CREATE INDEX feedback_threads_by_created ON feedback_threads (created_at);

-- The messages of a thread, oldest first. A message is never edited: the trigger refuses UPDATE.
CREATE TABLE feedback_messages (
  id              INTEGER PRIMARY KEY,
  thread_id       INTEGER NOT NULL REFERENCES feedback_threads (id),
  author_id       INTEGER NOT NULL REFERENCES users (id),
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  side            TEXT NOT NULL CHECK (side IN ('agency', 'operator')),
  body            TEXT NOT NULL,
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX feedback_messages_by_thread ON feedback_messages (thread_id, id);

CREATE TRIGGER feedback_messages_no_update BEFORE UPDATE ON feedback_messages
BEGIN
  SELECT RAISE(ABORT, 'feedback_messages is immutable');
END;
