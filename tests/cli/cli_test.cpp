// The program as an operator runs it: subcommands, configuration errors, signals, crashes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "tests/cli/process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kToken[] = "cli-test-operator-token-0123456789abcdef";

class CliTest : public ::testing::Test {
 protected:
  std::map<std::string, std::string> Env(std::map<std::string, std::string> extra = {}) {
    extra.emplace("ISMAP_STORAGE_SQLITE_PATH", dir_.File("ismap.db"));
    return extra;
  }
  std::string Cwd() { return dir_.path().string(); }
  TempDir dir_;
};

TEST_F(CliTest, VersionAndHelp) {
  auto version = RunIsmap({"version"}, {}, Cwd());
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_THAT(version.out, HasSubstr("ismap "));
  auto help = RunIsmap({"serve", "--help"}, {}, Cwd());
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("--listen"));
  EXPECT_THAT(help.out, HasSubstr("--demo"));
  EXPECT_THAT(help.out, HasSubstr("--config"));
  auto none = RunIsmap({}, {}, Cwd());
  EXPECT_EQ(none.exit_code, 2);
}

TEST_F(CliTest, ConfigKeysListsEveryKeyWithItsDefault) {
  auto keys = RunIsmap({"config", "keys"}, {}, Cwd());
  EXPECT_EQ(keys.exit_code, 0);
  EXPECT_THAT(keys.out, HasSubstr("http.listen = \"127.0.0.1:8080\""));
  EXPECT_THAT(keys.out, HasSubstr("ISMAP_STORAGE_SQLITE_PATH"));
}

TEST_F(CliTest, BrokenConfigFileIsRefusedWithFileAndLine) {
  std::ofstream(dir_.File("bad.toml")) << "[http]\nlisten = \"127.0.0.1:1\"\nthreads = \"many\"\n";
  auto r = RunIsmap({"serve", "--config", dir_.File("bad.toml")}, Env(), Cwd());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("bad.toml:3"));
  EXPECT_THAT(r.err, HasSubstr("http.threads"));

  std::ofstream(dir_.File("syntax.toml")) << "[http\n";
  auto syntax = RunIsmap({"serve", "--config", dir_.File("syntax.toml")}, Env(), Cwd());
  EXPECT_EQ(syntax.exit_code, 2);
  EXPECT_THAT(syntax.err, HasSubstr("syntax.toml:1"));

  auto missing = RunIsmap({"serve", "--config", dir_.File("absent.toml")}, Env(), Cwd());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("absent.toml"));
}

TEST_F(CliTest, BadEnvironmentVariableIsRefusedByName) {
  auto r = RunIsmap({"serve"}, Env({{"ISMAP_HTTP_MAX_BODY_BYTES", "huge"}}), Cwd());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("ISMAP_HTTP_MAX_BODY_BYTES"));
}

TEST_F(CliTest, InitMigrateAndVerify) {
  auto init = RunIsmap({"init", "--admin-email", "root@example.go.jp"}, Env(), Cwd());
  EXPECT_EQ(init.exit_code, 0) << init.err;
  EXPECT_THAT(init.out, HasSubstr("ledger started"));
  EXPECT_THAT(init.out, HasSubstr("first administrator: root@example.go.jp"));
  EXPECT_THAT(init.out, HasSubstr("one-time password (shown once): "));
  // Run again: nothing new, and no second administrator or password.
  auto again = RunIsmap({"init"}, Env(), Cwd());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, ::testing::Not(HasSubstr("one-time password")));
  auto migrate = RunIsmap({"migrate"}, Env(), Cwd());
  EXPECT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_THAT(migrate.out, HasSubstr("0 migrations applied"));
  auto verify = RunIsmap({"ledger", "verify"}, Env(), Cwd());
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  // system.initialized, the shipped audit-body requirement set, the system organisation, the first
  // administrator.
  EXPECT_THAT(verify.out, HasSubstr("ledger OK: 4 events verified"));
}

TEST_F(CliTest, OrgAddAndUserAddRefuseBadInputWithTheReason) {
  ASSERT_EQ(RunIsmap({"init"}, Env(), Cwd()).exit_code, 0);
  auto bad_number = RunIsmap(
      {"org", "add", "--kind", "csp", "--name-ja", "社", "--name-en", "Co", "--corporate-number", "1010001000007"},
      Env(), Cwd());
  EXPECT_EQ(bad_number.exit_code, 2);
  EXPECT_THAT(bad_number.err, HasSubstr("organization.corporate_number_check_digit"));
  EXPECT_THAT(bad_number.err, HasSubstr("チェックデジット"));
  auto bad_kind = RunIsmap({"org", "add", "--kind", "bank", "--name-ja", "社", "--name-en", "Co"}, Env(), Cwd());
  EXPECT_EQ(bad_kind.exit_code, 2);
  auto org = RunIsmap(
      {"org", "add", "--kind", "csp", "--name-ja", "社", "--name-en", "Co", "--corporate-number", "1010001000006"},
      Env(), Cwd());
  ASSERT_EQ(org.exit_code, 0) << org.err;
  EXPECT_THAT(org.out, HasSubstr("organization 2 created"));
  auto wrong_role = RunIsmap(
      {"user", "add", "--org", "2", "--email", "a@example.jp", "--name", "A", "--role", "auditor"}, Env(), Cwd());
  EXPECT_EQ(wrong_role.exit_code, 2);
  EXPECT_THAT(wrong_role.err, HasSubstr("user.role_not_allowed"));
  auto user = RunIsmap({"user", "add", "--org", "2", "--email", "A@Example.JP", "--name", "A", "--role", "csp_admin"},
                       Env(), Cwd());
  ASSERT_EQ(user.exit_code, 0) << user.err;
  EXPECT_THAT(user.out, HasSubstr("a@example.jp"));
  EXPECT_THAT(user.out, HasSubstr("one-time password (shown once): "));
  auto duplicate = RunIsmap(
      {"user", "add", "--org", "2", "--email", "a@example.jp", "--name", "B", "--role", "csp_member"}, Env(), Cwd());
  EXPECT_EQ(duplicate.exit_code, 2);
  EXPECT_THAT(duplicate.err, HasSubstr("user.duplicate_email"));
}

TEST_F(CliTest, LedgerVerifyNamesTheRowChangedBehindItsBack) {
  const std::uint16_t port = FreePort();
  {
    Process server({"serve", "--demo", "--listen", "127.0.0.1:" + std::to_string(port)}, Env(), Cwd());
    ASSERT_TRUE(WaitUntilServing(port));
    server.Signal(SIGTERM);
    EXPECT_EQ(server.Wait().exit_code, 0);
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("ismap.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "DROP TRIGGER ledger_events_no_update;"
                         "UPDATE ledger_events SET actor = 'someone-else' WHERE sequence = 5;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto verify = RunIsmap({"ledger", "verify"}, Env(), Cwd());
  EXPECT_EQ(verify.exit_code, 3);
  EXPECT_THAT(verify.out, HasSubstr("BROKEN at event 5"));
}

TEST_F(CliTest, SigtermStopsTheServerCleanly) {
  const std::uint16_t port = FreePort();
  Process server({"serve", "--listen", "127.0.0.1:" + std::to_string(port)}, Env(), Cwd());
  ASSERT_TRUE(WaitUntilServing(port));
  auto home = Fetch(port, "GET", "/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  server.Signal(SIGTERM);
  auto result = server.Wait();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // The access log is JSON lines on stdout.
  EXPECT_THAT(result.out, HasSubstr("\"route\":\"/\",\"path\":\"/\",\"status\":200"));
}

TEST_F(CliTest, PortInUseIsAClearFailure) {
  const std::uint16_t port = FreePort();
  Process first({"serve", "--listen", "127.0.0.1:" + std::to_string(port)}, Env(), Cwd());
  ASSERT_TRUE(WaitUntilServing(port));
  auto second = RunIsmap({"serve", "--listen", "127.0.0.1:" + std::to_string(port)},
                         {{"ISMAP_STORAGE_SQLITE_PATH", dir_.File("other.db")}}, Cwd());
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.err, HasSubstr("cannot listen"));
}

// Kill -9 in the middle of a stream of writes: every write the server acknowledged must be there
// after a restart, and the ledger must verify.
TEST_F(CliTest, AcknowledgedWritesSurviveSigkill) {
  const std::uint16_t port = FreePort();
  const auto env = Env({{"ISMAP_AUTH_OPERATOR_TOKEN", kToken}});
  const std::string auth = std::string("Authorization: Bearer ") + kToken + "\r\nContent-Type: application/json\r\n";
  std::set<std::string> acknowledged;
  {
    Process server({"serve", "--listen", "127.0.0.1:" + std::to_string(port)}, env, Cwd());
    ASSERT_TRUE(WaitUntilServing(port));
    std::atomic<int> acked{0};
    std::atomic<bool> stop{false};
    std::mutex mu;
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w) {
      writers.emplace_back([&, w] {
        for (int i = 0; !stop && i < 100000; ++i) {
          const std::string name = "省-" + std::to_string(w) + "-" + std::to_string(i);
          auto r = Fetch(port, "POST", "/api/v1/organizations", auth,
                         R"({"kind":"agency","name_ja":")" + name + R"(","name_en":"M"})");
          if (!r) {
            return;  // the server is gone
          }
          if (r->status == 201) {
            std::lock_guard lock(mu);
            acknowledged.insert(name);
            ++acked;
          }
        }
      });
    }
    while (acked < 40) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    server.Signal(SIGKILL);
    EXPECT_EQ(server.Wait().exit_code, 128 + SIGKILL);
    stop = true;
    for (auto& t : writers) {
      t.join();
    }
  }
  ASSERT_GE(acknowledged.size(), 40U);
  Process restarted({"serve", "--listen", "127.0.0.1:" + std::to_string(port)}, env, Cwd());
  ASSERT_TRUE(WaitUntilServing(port));
  std::set<std::string> stored;
  for (int offset = 0;; offset += 500) {
    auto page = Fetch(port, "GET", "/api/v1/organizations?limit=500&offset=" + std::to_string(offset), auth);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200) << page->body;
    const auto body = nlohmann::json::parse(page->body);
    for (const auto& item : body["items"]) {
      stored.insert(item["name_ja"].get<std::string>());
    }
    if (body["items"].size() < 500) {
      break;
    }
  }
  for (const auto& name : acknowledged) {
    EXPECT_EQ(stored.count(name), 1U) << "acknowledged write lost: " << name;
  }
  restarted.Signal(SIGTERM);
  EXPECT_EQ(restarted.Wait().exit_code, 0);
  auto verify = RunIsmap({"ledger", "verify"}, env, Cwd());
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("ledger OK"));
}

}  // namespace
}  // namespace ismap::testing

namespace ismap::testing {
namespace {

TEST(ConfigurationDocTest, DocumentsEveryKey) {
  std::ifstream in(std::string(ISMAP_SOURCE_DIR) + "/docs/configuration.md");
  std::stringstream doc;
  doc << in.rdbuf();
  TempDir dir;
  auto keys = RunIsmap({"config", "keys"}, {}, dir.path().string());
  ASSERT_EQ(keys.exit_code, 0);
  std::istringstream lines(keys.out);
  std::string line;
  int checked = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == ' ') {
      continue;
    }
    const std::string key = line.substr(0, line.find(' '));
    EXPECT_THAT(doc.str(), HasSubstr("| `" + key + "` |")) << "docs/configuration.md lacks " << key;
    ++checked;
  }
  EXPECT_GT(checked, 10);
}

}  // namespace
}  // namespace ismap::testing
