// What only the SQLite backend has to show: the append-only triggers, and refusing a migration
// whose text changed after it was applied.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "app/ledger.hpp"
#include "core/clock.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::storage {
namespace {

using testing::HasError;
using ::testing::HasSubstr;
using testing::IsOk;

// Runs SQL behind the program's back, as someone with the database file would.
int RawExec(const std::string& path, const std::string& sql, std::string* error = nullptr) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  if (error != nullptr && message != nullptr) {
    *error = message;
  }
  sqlite3_free(message);
  sqlite3_close(db);
  return rc;
}

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    const core::SystemClock clock;
    auto uow = db_->Begin(TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    ASSERT_THAT(app::AppendLedgerEvent(**uow, clock, {"system", std::nullopt, "system.initialized", "system", "{}"}),
                IsOk());
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }
  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteTest, LedgerRefusesUpdate) {
  std::string error;
  EXPECT_NE(RawExec(dir_.File("test.db"), "UPDATE ledger_events SET actor = 'x'", &error), SQLITE_OK);
  EXPECT_THAT(error, HasSubstr("append-only"));
}

TEST_F(SqliteTest, LedgerRefusesDelete) {
  std::string error;
  EXPECT_NE(RawExec(dir_.File("test.db"), "DELETE FROM ledger_events", &error), SQLITE_OK);
  EXPECT_THAT(error, HasSubstr("append-only"));
}

TEST_F(SqliteTest, ChangedMigrationIsRefused) {
  ASSERT_EQ(RawExec(dir_.File("test.db"), "UPDATE schema_migrations SET checksum = 'x' WHERE version = 1"), SQLITE_OK);
  auto migrated = db_->Migrate();
  ASSERT_THAT(migrated, HasError(core::ErrorCode::kFailedPrecondition));
  EXPECT_THAT(migrated.error().message, HasSubstr("V001__init.sql"));
}

TEST_F(SqliteTest, UnmigratedDatabaseReportsSchemaBehind) {
  core::StorageConfig config;
  config.sqlite_path = dir_.File("empty.db");
  auto db = OpenDatabase(config);
  ASSERT_THAT(db, IsOk());
  auto schema = (*db)->Schema();
  ASSERT_THAT(schema, IsOk());
  EXPECT_EQ(schema->current, 0);
  EXPECT_GE(schema->latest, 1);
}

TEST_F(SqliteTest, UnwritableLocationIsUnavailable) {
  core::StorageConfig config;
  config.sqlite_path = "/proc/ismap-cannot-be-here/x.db";
  EXPECT_THAT(OpenDatabase(config), HasError(core::ErrorCode::kUnavailable));
}

}  // namespace
}  // namespace ismap::storage
