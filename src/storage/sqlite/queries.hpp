// Every SQL statement of the SQLite backend. Named, so logs and errors say which one failed.
// SQLite reads "$1" as a *named* parameter indexed by first appearance, so this file uses ?1, ?2.
#pragma once

namespace ismap::storage::sqlite {

struct Query {
  const char* name;
  const char* sql;
};

// Connection setup. WAL lets readers run beside the one writer; synchronous=FULL makes every
// acknowledged commit survive a crash of the machine, not only of the process.
inline constexpr Query kPragmas{"pragmas",
                                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                "PRAGMA foreign_keys=ON;"};

inline constexpr Query kBeginRead{"begin_read", "BEGIN DEFERRED"};
// IMMEDIATE takes the write lock up front, so two writers never deadlock upgrading a read lock.
inline constexpr Query kBeginWrite{"begin_write", "BEGIN IMMEDIATE"};
inline constexpr Query kCommit{"commit", "COMMIT"};
inline constexpr Query kRollback{"rollback", "ROLLBACK"};

// Backups (sqlite_backup.cpp).
// A backup is one self-contained file: fold the WAL back in and leave rollback-journal mode.
inline constexpr Query kBackupSingleFile{"backup_single_file", "PRAGMA journal_mode=DELETE"};
inline constexpr Query kIntegrityCheck{"integrity_check", "PRAGMA integrity_check"};

// Migrations.
inline constexpr Query kCreateMigrationsTable{
    "create_schema_migrations",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT"};
inline constexpr Query kSelectMigrationChecksum{"select_migration_checksum",
                                                "SELECT checksum FROM schema_migrations WHERE version = ?1"};
inline constexpr Query kInsertMigration{
    "insert_migration", "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)"};
inline constexpr Query kSelectSchemaVersion{"select_schema_version",
                                            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};
inline constexpr Query kMigrationsTableExists{
    "migrations_table_exists",
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"};

// Ledger.
inline constexpr Query kSelectLedgerHead{"select_ledger_head",
                                         "SELECT sequence, hash FROM ledger_events ORDER BY sequence DESC LIMIT 1"};
inline constexpr Query kInsertLedgerEvent{
    "insert_ledger_event",
    "INSERT INTO ledger_events (sequence, occurred_at, actor, organization_id, type, subject, payload, "
    "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"};
inline constexpr Query kScanLedger{
    "scan_ledger",
    "SELECT sequence, occurred_at, actor, organization_id, type, subject, payload, prev_hash, hash "
    "FROM ledger_events WHERE sequence > ?1 ORDER BY sequence LIMIT ?2"};
inline constexpr Query kCountLedger{"count_ledger", "SELECT COUNT(*) FROM ledger_events"};

// Organisations.
inline constexpr Query kInsertOrganization{
    "insert_organization",
    "INSERT INTO organizations (kind, name_ja, name_en, corporate_number, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)"};
inline constexpr Query kSelectOrganization{
    "select_organization",
    "SELECT id, kind, name_ja, name_en, corporate_number, created_at FROM organizations WHERE id = ?1"};
inline constexpr Query kListOrganizations{
    "list_organizations",
    "SELECT id, kind, name_ja, name_en, corporate_number, created_at FROM organizations "
    "ORDER BY id LIMIT ?1 OFFSET ?2"};
inline constexpr Query kCountOrganizations{"count_organizations", "SELECT COUNT(*) FROM organizations"};

}  // namespace ismap::storage::sqlite
