// Every SQL statement of the PostgreSQL backend. Named: the name is the prepared statement's name
// and appears in errors. Parameters are $1, $2, ... and always sent separately from the SQL.
#pragma once

namespace ismap::storage::postgres {

struct Query {
  const char* name;
  const char* sql;
};

inline constexpr Query kBeginRead{"begin_read", "BEGIN ISOLATION LEVEL READ COMMITTED, READ ONLY"};
inline constexpr Query kBeginWrite{"begin_write", "BEGIN ISOLATION LEVEL READ COMMITTED"};
inline constexpr Query kCommit{"commit", "COMMIT"};
inline constexpr Query kRollback{"rollback", "ROLLBACK"};
inline constexpr Query kSetStatementTimeout{"set_statement_timeout",
                                            "SELECT set_config('statement_timeout', $1, false)"};

// Migrations. Several instances may start at once: each migration runs under this advisory lock.
inline constexpr Query kLockMigrations{"lock_migrations", "SELECT pg_advisory_xact_lock(7367498260)"};
inline constexpr Query kCreateMigrationsTable{
    "create_schema_migrations",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"};
inline constexpr Query kSelectMigrationChecksum{"select_migration_checksum",
                                                "SELECT checksum FROM schema_migrations WHERE version = $1"};
inline constexpr Query kInsertMigration{"insert_migration",
                                        "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)"};
inline constexpr Query kMigrationsTableExists{"migrations_table_exists",
                                              "SELECT to_regclass('schema_migrations') IS NOT NULL"};
inline constexpr Query kSelectSchemaVersion{"select_schema_version",
                                            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};

// Ledger. The chain head is locked for the rest of the transaction, so instances that append at
// the same time queue here and the chain stays linear.
inline constexpr Query kLockLedgerHead{"lock_ledger_head", "SELECT pg_advisory_xact_lock(7367498261)"};
inline constexpr Query kSelectLedgerHead{"select_ledger_head",
                                         "SELECT sequence, hash FROM ledger_events ORDER BY sequence DESC LIMIT 1"};
inline constexpr Query kInsertLedgerEvent{
    "insert_ledger_event",
    "INSERT INTO ledger_events (sequence, occurred_at, actor, organization_id, type, subject, payload, "
    "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
inline constexpr Query kScanLedger{
    "scan_ledger",
    "SELECT sequence, occurred_at, actor, organization_id, type, subject, payload, prev_hash, hash "
    "FROM ledger_events WHERE sequence > $1 ORDER BY sequence LIMIT $2"};
inline constexpr Query kCountLedger{"count_ledger", "SELECT COUNT(*) FROM ledger_events"};

// Organisations. Times go out as the same RFC 3339 text the SQLite backend stores.
#define ISMAP_PG_ORGANIZATION_COLUMNS              \
  "id, kind, name_ja, name_en, corporate_number, " \
  "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
inline constexpr Query kInsertOrganization{
    "insert_organization",
    "INSERT INTO organizations (kind, name_ja, name_en, corporate_number, created_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id"};
inline constexpr Query kSelectOrganization{"select_organization",
                                           "SELECT " ISMAP_PG_ORGANIZATION_COLUMNS " FROM organizations WHERE id = $1"};
inline constexpr Query kListOrganizations{
    "list_organizations", "SELECT " ISMAP_PG_ORGANIZATION_COLUMNS " FROM organizations ORDER BY id LIMIT $1 OFFSET $2"};
inline constexpr Query kCountOrganizations{"count_organizations", "SELECT COUNT(*) FROM organizations"};
#undef ISMAP_PG_ORGANIZATION_COLUMNS

}  // namespace ismap::storage::postgres
