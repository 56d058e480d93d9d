// The public version (app/public_version.hpp) on both backends, with two app instances on one
// database: a publication through one (the demo's audit bodies registered by the real committee
// flow) is seen by the other at its next check; other ledger events are not publications; a new
// day in Japan is; with a long interval nothing is read until NoteLocalWrite() or the interval.
#include "app/public_version.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "app/audit_body_demo.hpp"
#include "app/changes.hpp"
#include "app/ledger.hpp"
#include "app/system.hpp"
#include "storage/database.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/result_matchers.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::app {
namespace {

using testing::IsOk;

constexpr std::chrono::milliseconds kEveryRead{0};
constexpr std::chrono::milliseconds kHourly{3'600'000};
const core::PasswordHashParams kFastHashing{1, 8 * 1024 * 1024};

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{3};  // 12:00 in Japan
}

// Instance "a" and instance "b": two handles (two connection sets) on one database.
class PublicVersionTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      ISMAP_REQUIRE_POSTGRES();
      std::string dsn;
      a_ = testing::OpenPostgres(&dsn);
      ASSERT_NE(a_, nullptr);
      core::StorageConfig config;
      config.kind = "postgres";
      config.postgres_dsn = dsn;
      auto b = storage::OpenDatabase(config);
      ASSERT_THAT(b, IsOk());
      b_ = std::move(*b);
    } else {
      a_ = testing::OpenSqlite(dir_);
      b_ = testing::OpenSqlite(dir_);
      ASSERT_NE(a_, nullptr);
      ASSERT_NE(b_, nullptr);
    }
    ASSERT_THAT(InitializeSystem(*a_, clock_), IsOk());
  }

  // An event committed through instance a.
  void Record(const std::string& type) {
    auto uow = a_->Begin(storage::TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    ASSERT_THAT(RecordEvent(**uow, clock_, "test", std::nullopt, type, "registration/1"), IsOk());
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }

  testing::TempDir dir_;
  core::ManualClock clock_{Noon()};
  std::shared_ptr<storage::Database> a_;
  std::shared_ptr<storage::Database> b_;
};

TEST_P(PublicVersionTest, APublicationThroughOneInstanceIsSeenByTheOther) {
  ASSERT_THAT(SeedDemoData(*a_, clock_, kFastHashing), IsOk());  // the demo's organisations and users
  PublicVersion b(*b_, clock_, kEveryRead);
  const auto before = b.Current();
  EXPECT_EQ(b.Current(), before);  // nothing happened: the snapshot stays

  AuditBodySettings settings;
  auto registered = SeedDemoAuditBodies(*a_, clock_, settings, kFastHashing);
  ASSERT_THAT(registered, IsOk());
  ASSERT_GT(*registered, 0);
  const auto after = b.Current();
  EXPECT_NE(after, before);
  EXPECT_EQ(b.Current(), after);
}

TEST_P(PublicVersionTest, EveryWatchedTypeChangesItAndNothingElseDoes) {
  PublicVersion b(*b_, clock_, kEveryRead);
  auto version = b.Current();
  Record("application.submitted");
  Record("registration.renewal_requested");  // a registration event that is not a public change
  EXPECT_EQ(b.Current(), version);
  auto types = PublicRegistrationEventTypes();
  types.emplace_back("service.updated");    // a registered service's names are shown as they are now
  types.emplace_back("committee.decided");  // the statistics count rejections
  for (const auto& type : types) {
    Record(type);
    const auto next = b.Current();
    EXPECT_NE(next, version) << type;
    version = next;
  }
}

TEST_P(PublicVersionTest, ANewDayInJapanChangesIt) {
  PublicVersion b(*b_, clock_, kEveryRead);
  const auto today = b.Current();
  clock_.Advance(std::chrono::hours(11));  // 23:00 in Japan: the same day
  EXPECT_EQ(b.Current(), today);
  clock_.Advance(std::chrono::hours(1));  // midnight
  EXPECT_NE(b.Current(), today);
}

TEST_P(PublicVersionTest, BetweenChecksNothingIsReadUntilALocalWrite) {
  PublicVersion b(*b_, clock_, kHourly);
  EXPECT_EQ(b.CurrentIfFresh(), std::nullopt);  // never checked: a read is due
  const auto first = b.Current();
  EXPECT_EQ(b.CurrentIfFresh(), first);

  Record("registration.suspend");
  // Another instance's publication waits for the interval (an hour here)...
  EXPECT_EQ(b.CurrentIfFresh(), first);
  EXPECT_EQ(b.Current(), first);
  // ...but a write finished in this process makes the next read check at once.
  b.NoteLocalWrite();
  EXPECT_EQ(b.CurrentIfFresh(), std::nullopt);
  const auto second = b.Current();
  EXPECT_NE(second, first);
  EXPECT_EQ(b.CurrentIfFresh(), second);
}

INSTANTIATE_TEST_SUITE_P(Backends, PublicVersionTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ismap::app
