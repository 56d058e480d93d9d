// The e-mail outbox as an operator sends it: `ismap mail send-pending` (not configured, a fake SMTP
// server, a closed port) and `ismap serve` sending on its timer when smtp.url is set.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "core/clock.hpp"
#include "storage/database.hpp"
#include "tests/cli/process.hpp"
#include "tests/support/fake_smtp.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;

class MailCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto init = RunIsmap({"migrate"}, Env(), Cwd());
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }

  std::map<std::string, std::string> Env(std::map<std::string, std::string> extra = {}) {
    extra.emplace("ISMAP_STORAGE_SQLITE_PATH", dir_.File("ismap.db"));
    return extra;
  }
  std::string Cwd() { return dir_.path().string(); }

  // Puts messages in the outbox as a use case would (the CLI reads them from the same file).
  void Enqueue(int count) {
    core::StorageConfig config;
    config.sqlite_path = dir_.File("ismap.db");
    auto db = storage::OpenDatabase(config);
    ASSERT_TRUE(db);
    auto uow = (*db)->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(uow);
    const core::SystemClock clock;
    for (int i = 0; i < count; ++i) {
      ASSERT_TRUE((*uow)->MailOutbox().Enqueue(
          {"user" + std::to_string(i) + "@example.jp", "件名 " + std::to_string(i), "本文"}, clock.Now()));
    }
    ASSERT_TRUE((*uow)->Commit());
  }

  TempDir dir_;
};

TEST_F(MailCliTest, SendPendingNeedsAServer) {
  auto r = RunIsmap({"mail", "send-pending"}, Env(), Cwd());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("smtp.url is not set"));
  auto no_from = RunIsmap({"mail", "send-pending"}, Env({{"ISMAP_SMTP_URL", "smtp://127.0.0.1:25"}}), Cwd());
  EXPECT_EQ(no_from.exit_code, 2);
  EXPECT_THAT(no_from.err, HasSubstr("smtp.from"));
  auto bad_url = RunIsmap({"mail", "send-pending"}, Env({{"ISMAP_SMTP_URL", "http://mail.example"}}), Cwd());
  EXPECT_EQ(bad_url.exit_code, 2);
  EXPECT_THAT(bad_url.err, HasSubstr("ISMAP_SMTP_URL"));
}

TEST_F(MailCliTest, SendPendingDeliversTheOutbox) {
  Enqueue(3);
  FakeSmtpServer server;
  auto r = RunIsmap({"mail", "send-pending"},
                    Env({{"ISMAP_SMTP_URL", server.url()}, {"ISMAP_SMTP_FROM", "noreply@ismap.example.jp"}}), Cwd());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("mail: 3 sent, 0 failed"));
  EXPECT_EQ(server.messages().size(), 3U);
  auto again =
      RunIsmap({"mail", "send-pending"},
               Env({{"ISMAP_SMTP_URL", server.url()}, {"ISMAP_SMTP_FROM", "noreply@ismap.example.jp"}}), Cwd());
  EXPECT_THAT(again.out, HasSubstr("mail: 0 sent, 0 failed"));
}

TEST_F(MailCliTest, SendPendingToAClosedPortFailsAndKeepsTheMail) {
  Enqueue(1);
  const std::uint16_t closed = FreePort();
  auto r = RunIsmap({"mail", "send-pending"},
                    Env({{"ISMAP_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(closed)},
                         {"ISMAP_SMTP_FROM", "noreply@ismap.example.jp"}}),
                    Cwd());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("mail: 0 sent, 1 failed"));
  EXPECT_THAT(r.err, HasSubstr("attempt 1 of 8 failed"));
}

TEST_F(MailCliTest, ServeSendsTheOutboxOnItsTimer) {
  FakeSmtpServer server;
  const std::uint16_t port = FreePort();
  Process serve({"serve", "--listen", "127.0.0.1:" + std::to_string(port)},
                Env({{"ISMAP_SMTP_URL", server.url()},
                     {"ISMAP_SMTP_FROM", "noreply@ismap.example.jp"},
                     {"ISMAP_SMTP_SEND_INTERVAL_SECONDS", "1"}}),
                Cwd());
  ASSERT_TRUE(WaitUntilServing(port));
  Enqueue(2);  // after the first pass: the timer's next one sends them
  EXPECT_TRUE(server.WaitFor(2, std::chrono::seconds(15)));
  serve.Signal(SIGTERM);
  auto result = serve.Wait();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("sending e-mail every 1 s through smtp://127.0.0.1:"));
}

}  // namespace
}  // namespace ismap::testing
