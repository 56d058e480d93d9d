// `ismap backup` and `ismap restore` on the embedded SQLite database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli/process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kToken[] = "backup-test-operator-token-0123456789ab";

class BackupTest : public ::testing::Test {
 protected:
  std::map<std::string, std::string> Env() {
    return {{"ISMAP_STORAGE_SQLITE_PATH", dir_.File("ismap.db")}, {"ISMAP_AUTH_OPERATOR_TOKEN", kToken}};
  }
  std::string Cwd() { return dir_.path().string(); }
  int OrganizationCount(std::uint16_t port) {
    auto r = Fetch(port, "GET", "/api/v1/organizations", std::string("Authorization: Bearer ") + kToken + "\r\n");
    return r && r->status == 200 ? nlohmann::json::parse(r->body)["total"].get<int>() : -1;
  }
  TempDir dir_;
};

TEST_F(BackupTest, OnlineBackupThenRestoreBringsBackThatState) {
  const std::uint16_t port = FreePort();
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  const std::string backup = dir_.File("copy.db");
  int organizations = 0;
  {
    Process server({"serve", "--demo", "--listen", listen}, Env(), Cwd());
    ASSERT_TRUE(WaitUntilServing(port));
    organizations = OrganizationCount(port);
    EXPECT_GE(organizations, 8);  // one of each kind, and the demo's audit bodies
    // While the server runs.
    auto made = RunIsmap({"backup", backup}, Env(), Cwd());
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_THAT(made.err, HasSubstr("100%"));
    auto added = Fetch(port, "POST", "/api/v1/organizations",
                       std::string("Authorization: Bearer ") + kToken + "\r\nContent-Type: application/json\r\n",
                       R"({"kind":"agency","name_ja":"後から","name_en":"Later"})");
    ASSERT_TRUE(added);
    ASSERT_EQ(added->status, 201);
    EXPECT_EQ(OrganizationCount(port), organizations + 1);
    server.Signal(SIGTERM);
    ASSERT_EQ(server.Wait().exit_code, 0);
  }
  // What the backup holds, read from the copy itself.
  auto env = Env();
  env["ISMAP_STORAGE_SQLITE_PATH"] = backup;
  auto backed_up = RunIsmap({"ledger", "verify"}, env, Cwd());
  ASSERT_EQ(backed_up.exit_code, 0) << backed_up.out << backed_up.err;
  const auto at = backed_up.out.find("ledger OK: ");
  ASSERT_NE(at, std::string::npos) << backed_up.out;
  const int backup_events = std::stoi(backed_up.out.substr(at + 11));
  EXPECT_GE(backup_events, 29);  // at least: initialisation, the requirement set, 8 organisations, 11
                                 // demo users, 7 demo catalog imports
  auto restored = RunIsmap({"restore", backup}, Env(), Cwd());
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  Process server({"serve", "--listen", listen}, Env(), Cwd());
  ASSERT_TRUE(WaitUntilServing(port));
  EXPECT_EQ(OrganizationCount(port), organizations);
  server.Signal(SIGTERM);
  ASSERT_EQ(server.Wait().exit_code, 0);
  auto verify = RunIsmap({"ledger", "verify"}, Env(), Cwd());
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  // The backup's events, then the restore (the server started on the restored file changed nothing:
  // its daily jobs had run before the backup).
  EXPECT_THAT(verify.out, HasSubstr(std::to_string(backup_events + 1) + " events verified"));
}

TEST_F(BackupTest, BackupNeverOverwrites) {
  ASSERT_EQ(RunIsmap({"init"}, Env(), Cwd()).exit_code, 0);
  std::ofstream(dir_.File("exists.db")) << "precious";
  auto r = RunIsmap({"backup", dir_.File("exists.db")}, Env(), Cwd());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("already exists"));
  std::ifstream in(dir_.File("exists.db"));
  std::string content;
  in >> content;
  EXPECT_EQ(content, "precious");
}

TEST_F(BackupTest, RestoreRefusesGarbageAndKeepsTheDatabase) {
  ASSERT_EQ(RunIsmap({"init"}, Env(), Cwd()).exit_code, 0);
  std::ofstream(dir_.File("garbage.db")) << "this is not a database, just text that goes on for a while";
  auto r = RunIsmap({"restore", dir_.File("garbage.db")}, Env(), Cwd());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("garbage.db"));
  auto missing = RunIsmap({"restore", dir_.File("absent.db")}, Env(), Cwd());
  EXPECT_EQ(missing.exit_code, 2);
  auto verify = RunIsmap({"ledger", "verify"}, Env(), Cwd());
  EXPECT_EQ(verify.exit_code, 0);
  // init: the ledger, the shipped requirement set, the system organisation, the admin
  EXPECT_THAT(verify.out, HasSubstr("4 events verified"));
}

TEST_F(BackupTest, RestoreRefusesABackupWhoseLedgerWasTamperedWith) {
  ASSERT_EQ(RunIsmap({"init"}, Env(), Cwd()).exit_code, 0);
  ASSERT_EQ(RunIsmap({"backup", dir_.File("copy.db")}, Env(), Cwd()).exit_code, 0);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("copy.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "DROP TRIGGER ledger_events_no_update; UPDATE ledger_events SET actor = 'x';", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto r = RunIsmap({"restore", dir_.File("copy.db")}, Env(), Cwd());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("does not verify"));
}

TEST_F(BackupTest, PostgresIsBackedUpWithItsOwnTools) {
  auto r = RunIsmap({"backup", dir_.File("x.db")},
                    {{"ISMAP_STORAGE_KIND", "postgres"}, {"ISMAP_DATABASE_URL", "host=127.0.0.1 port=1"}}, Cwd());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("pg_dump"));
}

}  // namespace
}  // namespace ismap::testing
