// The backends the storage contract suite runs against: SQLite in a temp file, and PostgreSQL in a
// fresh database created for each test on the cluster named by ISMAP_TEST_PG_DSN (keyword form,
// "host=... port=... user=... dbname=postgres"; scripts/test.sh starts one). Without that
// variable the PostgreSQL cases skip, unless ISMAP_TEST_REQUIRE_PG is set (CI), when they fail.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "storage/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::testing {

struct Backend {
  std::string name;
  // A fresh, empty, migrated database, or null when the backend is not available here.
  std::function<std::shared_ptr<storage::Database>(const TempDir& dir)> open;
};

std::unique_ptr<storage::Database> OpenSqlite(const TempDir& dir);

// The DSN of the test cluster, or empty.
std::string PostgresTestDsn();
bool PostgresRequired();

// A new database on the test cluster, dropped when the returned pointer goes. Its DSN is put in
// `*dsn` when given (for tests that start `ismap serve` on it). Migrated unless `migrate` is false.
std::shared_ptr<storage::Database> OpenPostgres(std::string* dsn = nullptr, bool migrate = true);

std::vector<Backend> AllBackends();

}  // namespace ismap::testing
