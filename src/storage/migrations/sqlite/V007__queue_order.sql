-- V007: a work queue asks for several states at once, oldest first. The index by (kind, state, ...)
-- cannot give that order across states, so the database sorted the whole kind for every page; in
-- state_since order it reads the queue's first page from the front and stops.
CREATE INDEX applications_by_kind_since ON applications (kind, state_since, id);
