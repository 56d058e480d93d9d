-- V010: the public version (app/public_version.hpp) asks for the newest event of each public
-- registration type every second or so; this index answers each with one seek, whatever the
-- ledger's length.
CREATE INDEX ledger_events_by_type ON ledger_events (type, sequence);
