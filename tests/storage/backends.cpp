#include "tests/storage/backends.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <random>

namespace ismap::testing {
namespace {

bool AdminExec(const std::string& sql) {
  PGconn* conn = PQconnectdb(PostgresTestDsn().c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  if (ok) {
    PGresult* result = PQexec(conn, sql.c_str());
    ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
  }
  PQfinish(conn);
  return ok;
}

}  // namespace

std::unique_ptr<storage::Database> OpenSqlite(const TempDir& dir) {
  core::StorageConfig config;
  config.sqlite_path = dir.File("test.db");
  auto db = storage::OpenDatabase(config);
  if (!db || !(*db)->Migrate()) {
    return nullptr;
  }
  return std::move(*db);
}

std::string PostgresTestDsn() {
  const char* dsn = std::getenv("ISMAP_TEST_PG_DSN");  // the test fixture's one environment read
  return dsn != nullptr ? dsn : "";
}

bool PostgresRequired() { return std::getenv("ISMAP_TEST_REQUIRE_PG") != nullptr; }

std::shared_ptr<storage::Database> OpenPostgres(std::string* dsn_out, bool migrate) {
  if (PostgresTestDsn().empty()) {
    return nullptr;
  }
  std::random_device rd;
  const std::string name = "ismap_test_" + std::to_string(rd()) + std::to_string(rd());
  if (!AdminExec("CREATE DATABASE " + name)) {
    return nullptr;
  }
  core::StorageConfig config;
  config.kind = "postgres";
  config.postgres_dsn = PostgresTestDsn() + " dbname=" + name;  // later keywords win
  if (dsn_out != nullptr) {
    *dsn_out = config.postgres_dsn;
  }
  auto db = storage::OpenDatabase(config);
  if (!db || (migrate && !(*db)->Migrate())) {
    AdminExec("DROP DATABASE " + name + " WITH (FORCE)");
    return nullptr;
  }
  storage::Database* raw = db->release();
  return std::shared_ptr<storage::Database>(raw, [name](storage::Database* d) {
    delete d;
    AdminExec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  });
}

std::vector<Backend> AllBackends() {
  return {
      {"sqlite", [](const TempDir& dir) { return std::shared_ptr<storage::Database>(OpenSqlite(dir)); }},
      {"postgres", [](const TempDir&) { return OpenPostgres(); }},
  };
}

}  // namespace ismap::testing
