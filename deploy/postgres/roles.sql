-- Roles and database for ismap on PostgreSQL 15. Run ONCE, as a superuser, on the primary:
--
--   psql -X -v ON_ERROR_STOP=1 -v owner_password="$OWNER_PW" -v app_password="$APP_PW" \
--        -f deploy/postgres/roles.sql postgres
--
-- ismap_owner  owns the database, the schema and every table; runs `ismap init`/`ismap migrate`
--              (ismap-migrate.service) and grants.sql. Used only at deploy time.
-- ismap_app    the instances' runtime role: SELECT, INSERT, UPDATE on tables, but only SELECT and
--              INSERT on ledger_events; never DDL, DELETE or TRUNCATE.

CREATE ROLE ismap_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE ismap_app   LOGIN PASSWORD :'app_password' CONNECTION LIMIT 200;

-- C.UTF-8: byte-order collation that does not change when glibc is upgraded (no index rebuilds
-- after an OS upgrade). Sorting for display is done by ismap, not by the database.
CREATE DATABASE ismap OWNER ismap_owner ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0;

-- Safety limits for the runtime role. Set here, on the role, rather than only per session by ismap:
-- behind pgbouncer in transaction mode a session-level SET does not follow the client from one
-- server connection to the next.
ALTER ROLE ismap_app IN DATABASE ismap SET statement_timeout = '5s';
ALTER ROLE ismap_app IN DATABASE ismap SET idle_in_transaction_session_timeout = '30s';
-- A migration waiting for a table lock queues every later query on that table behind it: give up
-- after 10 s (the deploy step fails and is retried) instead of stalling the service.
ALTER ROLE ismap_owner IN DATABASE ismap SET lock_timeout = '10s';

REVOKE ALL ON DATABASE ismap FROM PUBLIC;
GRANT CONNECT ON DATABASE ismap TO ismap_app;

\connect ismap

-- PostgreSQL 15: schema public belongs to pg_database_owner (= ismap_owner here) and PUBLIC has
-- USAGE but no longer CREATE. Narrow it to the two roles.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ismap_app;

-- Tables and sequences that ismap_owner creates from now on (every migration) are usable by the
-- runtime role at once. ledger_events and schema_migrations are narrowed by grants.sql.
ALTER DEFAULT PRIVILEGES FOR ROLE ismap_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE ON TABLES TO ismap_app;
ALTER DEFAULT PRIVILEGES FOR ROLE ismap_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO ismap_app;
