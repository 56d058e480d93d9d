-- V006: the events about one subject (an application, a meeting, a registration) are read for
-- monitoring pages; an index keeps that independent of the ledger's length.
CREATE INDEX ledger_events_by_subject ON ledger_events (subject, sequence);
