// What only the PostgreSQL backend has to show: the append-only ledger under every kind of change,
// migrations from several instances at once, and failing fast when the server is unreachable.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <thread>

#include "app/ledger.hpp"
#include "app/system.hpp"
#include "core/clock.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::storage {
namespace {

using testing::HasError;
using ::testing::HasSubstr;
using testing::IsOk;

// Runs SQL behind the program's back; returns the error message, or "" on success.
std::string RawExec(const std::string& dsn, const std::string& sql) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  PGresult* result = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(result);
  std::string error = (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) ? "" : PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  return error;
}

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ISMAP_REQUIRE_POSTGRES();
    db_ = testing::OpenPostgres(&dsn_);
    ASSERT_NE(db_, nullptr);
    const core::SystemClock clock;
    ASSERT_THAT(app::InitializeSystem(*db_, clock), IsOk());
  }
  std::string dsn_;
  std::shared_ptr<Database> db_;
};

TEST_F(PostgresTest, LedgerRefusesUpdateDeleteAndTruncate) {
  for (const char* sql :
       {"UPDATE ledger_events SET actor = 'x'", "DELETE FROM ledger_events", "TRUNCATE ledger_events"}) {
    EXPECT_THAT(RawExec(dsn_, sql), HasSubstr("append-only")) << sql;
  }
}

TEST_F(PostgresTest, PublicHasNoRightToChangeTheLedger) {
  // The runtime role gets SELECT and INSERT only (docs/operations.md); PUBLIC never gets more.
  const std::string sql =
      "SELECT count(*) FROM information_schema.role_table_grants WHERE table_name = 'ledger_events' "
      "AND grantee = 'PUBLIC' AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')";
  PGconn* conn = PQconnectdb(dsn_.c_str());
  PGresult* result = PQexec(conn, sql.c_str());
  ASSERT_EQ(PQresultStatus(result), PGRES_TUPLES_OK);
  EXPECT_STREQ(PQgetvalue(result, 0, 0), "0");
  PQclear(result);
  PQfinish(conn);
}

TEST_F(PostgresTest, ChangedMigrationIsRefused) {
  ASSERT_EQ(RawExec(dsn_, "UPDATE schema_migrations SET checksum = 'x' WHERE version = 1"), "");
  auto migrated = db_->Migrate();
  ASSERT_THAT(migrated, HasError(core::ErrorCode::kFailedPrecondition));
  EXPECT_THAT(migrated.error().message, HasSubstr("V001__init.sql"));
}

TEST(PostgresMigrateTest, InstancesMigratingAtOnceApplyEachMigrationOnce) {
  ISMAP_REQUIRE_POSTGRES();
  std::string dsn;
  auto first = testing::OpenPostgres(&dsn, /*migrate=*/false);
  ASSERT_NE(first, nullptr);
  core::StorageConfig config;
  config.kind = "postgres";
  config.postgres_dsn = dsn;
  auto second = OpenDatabase(config);
  ASSERT_THAT(second, IsOk());
  Result<int> a = 0;
  Result<int> b = 0;
  std::thread ta([&] { a = first->Migrate(); });
  std::thread tb([&] { b = (*second)->Migrate(); });
  ta.join();
  tb.join();
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(*a + *b, static_cast<int>((*first->Schema()).latest));
}

TEST(PostgresUnreachableTest, CallsFailFastAsUnavailable) {
  core::StorageConfig config;
  config.kind = "postgres";
  config.postgres_dsn = "host=127.0.0.1 port=1 user=nobody dbname=none connect_timeout=2";
  auto db = OpenDatabase(config);
  ASSERT_THAT(db, IsOk());  // connecting is lazy: the process starts and /readyz reports
  EXPECT_THAT((*db)->Begin(TxMode::kRead), HasError(core::ErrorCode::kUnavailable));
  EXPECT_THAT((*db)->Schema(), HasError(core::ErrorCode::kUnavailable));
  EXPECT_THAT(app::CheckReadiness(**db), HasError(core::ErrorCode::kUnavailable));
}

TEST(PostgresDescribeTest, PasswordsStayOutOfLogs) {
  core::StorageConfig config;
  config.kind = "postgres";
  config.postgres_dsn = "postgresql://ismap:s3cret@db.internal:5432/ismap";
  auto db = OpenDatabase(config);
  ASSERT_THAT(db, IsOk());
  EXPECT_THAT((*db)->Describe(), ::testing::Not(HasSubstr("s3cret")));
  config.postgres_dsn = "host=db user=ismap password=s3cret dbname=ismap";
  auto keyword = OpenDatabase(config);
  ASSERT_THAT(keyword, IsOk());
  EXPECT_THAT((*keyword)->Describe(), ::testing::Not(HasSubstr("s3cret")));
}

}  // namespace
}  // namespace ismap::storage
