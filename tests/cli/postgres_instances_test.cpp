// Several `ismap serve` instances on one PostgreSQL database, and PostgreSQL going away under a
// running instance.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/cli/process.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr char kToken[] = "pg-test-operator-token-0123456789abcdef";
const std::string kWriteHeaders =
    std::string("Authorization: Bearer ") + kToken + "\r\nContent-Type: application/json\r\n";
const std::string kReadHeaders = std::string("Authorization: Bearer ") + kToken + "\r\n";

std::map<std::string, std::string> PostgresEnv(const std::string& dsn) {
  return {{"ISMAP_STORAGE_KIND", "postgres"}, {"ISMAP_DATABASE_URL", dsn}, {"ISMAP_AUTH_OPERATOR_TOKEN", kToken}};
}

std::optional<HttpResponse> CreateAgency(std::uint16_t port, const std::string& name) {
  return Fetch(port, "POST", "/api/v1/organizations", kWriteHeaders,
               R"({"kind":"agency","name_ja":")" + name + R"(","name_en":"Ministry"})");
}

std::set<std::string> StoredNames(std::uint16_t port) {
  std::set<std::string> names;
  for (int offset = 0;; offset += 500) {
    auto page = Fetch(port, "GET", "/api/v1/organizations?limit=500&offset=" + std::to_string(offset), kReadHeaders);
    if (!page || page->status != 200) {
      ADD_FAILURE() << "listing failed";
      return names;
    }
    const auto body = json::parse(page->body);
    for (const auto& item : body["items"]) {
      names.insert(item["name_ja"].get<std::string>());
    }
    if (body["items"].size() < 500) {
      return names;
    }
  }
}

TEST(PostgresInstancesTest, TwoInstancesWritingAtOnceLoseNothingAndKeepOneChain) {
  ISMAP_REQUIRE_POSTGRES();
  std::string dsn;
  // Not migrated: both instances start at once and migrate on start.
  auto db = OpenPostgres(&dsn, /*migrate=*/false);
  ASSERT_NE(db, nullptr);
  TempDir dir;
  const std::uint16_t port_a = FreePort();
  const std::uint16_t port_b = FreePort();
  Process a({"serve", "--listen", "127.0.0.1:" + std::to_string(port_a)}, PostgresEnv(dsn), dir.path().string());
  Process b({"serve", "--listen", "127.0.0.1:" + std::to_string(port_b)}, PostgresEnv(dsn), dir.path().string());
  ASSERT_TRUE(WaitUntilServing(port_a));
  ASSERT_TRUE(WaitUntilServing(port_b));

  constexpr int kWritersPerInstance = 3;
  constexpr int kWritesPerWriter = 30;
  std::mutex mu;
  std::set<std::string> acknowledged;
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2 * kWritersPerInstance; ++w) {
    writers.emplace_back([&, w] {
      const std::uint16_t port = w % 2 == 0 ? port_a : port_b;
      for (int i = 0; i < kWritesPerWriter; ++i) {
        const std::string name = "省-" + std::to_string(w) + "-" + std::to_string(i);
        auto r = CreateAgency(port, name);
        if (r && r->status == 201) {
          std::lock_guard lock(mu);
          acknowledged.insert(name);
        } else {
          ++failures;
        }
      }
    });
  }
  for (auto& t : writers) {
    t.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(acknowledged.size(), static_cast<std::size_t>(2 * kWritersPerInstance * kWritesPerWriter));
  // Each instance sees every write, whichever instance took it.
  EXPECT_EQ(StoredNames(port_a), acknowledged);
  EXPECT_EQ(StoredNames(port_b), acknowledged);

  a.Signal(SIGTERM);
  b.Signal(SIGTERM);
  EXPECT_EQ(a.Wait().exit_code, 0);
  EXPECT_EQ(b.Wait().exit_code, 0);
  auto verify = RunIsmap({"ledger", "verify"}, PostgresEnv(dsn), dir.path().string());
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // One system.initialized and one shipped requirement set (not two each, although both instances
  // initialised), and one event per write.
  EXPECT_THAT(verify.out, HasSubstr(std::to_string(2 + 2 * kWritersPerInstance * kWritesPerWriter) + " events"));
}

TEST(PostgresRestartTest, InstanceAnswers503WhileTheDatabaseIsDownAndRecoversAlone) {
  ISMAP_REQUIRE_POSTGRES();
  const char* stop = std::getenv("ISMAP_TEST_PG_STOP");
  const char* start = std::getenv("ISMAP_TEST_PG_START");
  if (stop == nullptr || start == nullptr) {
    if (PostgresRequired()) {
      FAIL() << "ISMAP_TEST_PG_STOP and ISMAP_TEST_PG_START must say how to stop and start the test cluster";
    }
    GTEST_SKIP() << "no way to stop and start the test cluster: set ISMAP_TEST_PG_STOP and ISMAP_TEST_PG_START";
  }
  std::string dsn;
  auto db = OpenPostgres(&dsn);
  ASSERT_NE(db, nullptr);
  TempDir dir;
  const std::uint16_t port = FreePort();
  Process server({"serve", "--listen", "127.0.0.1:" + std::to_string(port)}, PostgresEnv(dsn), dir.path().string());
  ASSERT_TRUE(WaitUntilServing(port));
  auto before = CreateAgency(port, "停止前");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 201);

  ASSERT_EQ(std::system(stop), 0);
  auto ready = Fetch(port, "GET", "/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  auto refused = CreateAgency(port, "停止中");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(json::parse(refused->body)["error"]["code"], "unavailable");
  EXPECT_THAT(refused->body, HasSubstr("一時的に利用できません"));
  auto alive = Fetch(port, "GET", "/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200);  // the process is up; only the database is not

  ASSERT_EQ(std::system(start), 0);
  bool recovered = false;
  for (int i = 0; i < 300 && !recovered; ++i) {
    auto r = Fetch(port, "GET", "/readyz");
    recovered = r && r->status == 200;
    if (!recovered) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ASSERT_TRUE(recovered) << "the instance did not recover after PostgreSQL came back";
  auto after = CreateAgency(port, "再開後");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 201);
  // Nothing half-written: exactly the two acknowledged writes.
  EXPECT_EQ(StoredNames(port), (std::set<std::string>{"停止前", "再開後"}));
  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait().exit_code, 0);
  auto verify = RunIsmap({"ledger", "verify"}, PostgresEnv(dsn), dir.path().string());
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace ismap::testing
