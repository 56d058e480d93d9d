-- V013 (same version as migrations/sqlite/V013__feedback.sql): feedback threads between agencies
-- and the operators (issue 9; domain/feedback.hpp). Enum columns hold the domain's ToString text.

-- A thread: the agency that owns it (only its users and the operators read it), who opened it,
-- its topic, subject and state. version grows with every change (optimistic locking);
-- first_answer_at is the operators' first message, kept for the counts.
CREATE TABLE feedback_threads (
  id              BIGSERIAL PRIMARY KEY,
  organization_id BIGINT NOT NULL REFERENCES organizations (id),
  author_id       BIGINT NOT NULL REFERENCES users (id),
  topic           TEXT NOT NULL CHECK (topic IN ('criteria', 'cloud_service_list', 'procedure', 'system', 'other')),
  subject         TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('open', 'answered', 'closed')),
  created_at      TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL,
  first_answer_at TIMESTAMPTZ,
  message_count   BIGINT NOT NULL CHECK (message_count >= 1),
  version         BIGINT NOT NULL CHECK (version >= 1)
);
-- An agency's list and the operators' list, newest activity first; the report's period by creation.
CREATE INDEX feedback_threads_by_organization ON feedback_threads (organization_id, updated_at);
CREATE INDEX feedback_threads_by_updated ON feedback_threads (updated_at);
CREATE INDEX feedback_threads_by_created ON feedback_threads (created_at);

-- The messages of a thread, oldest first. A message is never edited: the trigger refuses UPDATE.
CREATE TABLE feedback_messages (
  id              BIGSERIAL PRIMARY KEY,
  thread_id       BIGINT NOT NULL REFERENCES feedback_threads (id),
  author_id       BIGINT NOT NULL REFERENCES users (id),
  organization_id BIGINT NOT NULL REFERENCES organizations (id),
  side            TEXT NOT NULL CHECK (side IN ('agency', 'operator')),
  body            TEXT NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX feedback_messages_by_thread ON feedback_messages (thread_id, id);

CREATE FUNCTION feedback_messages_refuse_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER feedback_messages_no_update
  BEFORE UPDATE ON feedback_messages
  FOR EACH ROW EXECUTE FUNCTION feedback_messages_refuse_update();
