-- Privileges of the runtime role, re-asserted after every migration. Idempotent. Run as
-- ismap_owner (ismap-migrate.service does, via ExecStartPost, from /etc/ismap/grants.sql):
--
--   psql -X -q -v ON_ERROR_STOP=1 -d "$OWNER_DSN" -f deploy/postgres/grants.sql
--
-- One transaction: the runtime role never holds UPDATE on ledger_events, not even for an instant.
BEGIN;

GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ismap_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ismap_app;

-- The ledger is append-only (DESIGN.md §7): read and append, nothing else. The table's trigger
-- refuses UPDATE, DELETE and TRUNCATE for every role as well; this makes the runtime role unable
-- even to try.
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ledger_events FROM ismap_app;

-- Schema versions are written by migrations only; instances read them for /readyz.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON schema_migrations FROM ismap_app;

-- Criteria editions and their controls are written once by import and never changed: a statement
-- pins an edition (V003; triggers refuse the same).
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON catalog_editions, catalog_controls FROM ismap_app;
-- Any table that a later migration declares append-only gets its own REVOKE line here.

COMMIT;
