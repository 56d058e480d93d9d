// `ismap jobs daily` and `ismap audit-body requirements import|show` as an operator runs them: the
// real binary on a SQLite file that the test fills through the storage layer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "core/clock.hpp"
#include "domain/date.hpp"
#include "storage/database.hpp"
#include "tests/cli/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class JobsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto migrate = RunIsmap({"migrate"}, Env(), Cwd());
    ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  }

  std::map<std::string, std::string> Env() { return {{"ISMAP_STORAGE_SQLITE_PATH", dir_.File("ismap.db")}}; }
  std::string Cwd() { return dir_.path().string(); }

  std::unique_ptr<storage::Database> Open() {
    core::StorageConfig config;
    config.sqlite_path = dir_.File("ismap.db");
    auto db = storage::OpenDatabase(config);
    EXPECT_TRUE(db);
    return std::move(*db);
  }

  // An audit body with its admin, an evaluator, a registration valid for 30 more days, one that ran
  // out yesterday, and an application submitted 20 days ago.
  void Fill() {
    auto db = Open();
    auto uow = db->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(uow);
    const core::SystemClock clock;
    const auto now = clock.Now();
    const domain::Date today = domain::JapanDate(now);
    auto body = (*uow)->Organizations().Insert(
        {domain::OrganizationKind::kAuditBody, "監査法人A", "Audit Corp A", std::nullopt}, now);
    auto jasa = (*uow)->Organizations().Insert(
        {domain::OrganizationKind::kAuditBodyEvaluator, "評価機関", "Evaluator", std::nullopt}, now);
    ASSERT_TRUE(body && jasa);
    ASSERT_TRUE((*uow)->Users().Insert({body->id, "admin@a.jp", "A", {domain::Role::kAuditBodyAdmin}}, "h", now));
    ASSERT_TRUE((*uow)->Users().Insert({jasa->id, "e@jasa.jp", "E", {domain::Role::kEvaluator}}, "h", now));
    for (const auto& [number, until] :
         {std::pair{"A24-0001", domain::AddDays(today, 30)}, std::pair{"A24-0002", domain::AddDays(today, -1)}}) {
      domain::Registration r;
      r.holder = body->id;
      r.number = number;
      r.registered_on = {2024, 1, 10};
      r.valid_until = until;
      ASSERT_TRUE((*uow)->Registrations().Insert(r, now));
    }
    auto application = domain::NewApplication(domain::ApplicationKind::kAuditBody, domain::ApplicationPurpose::kNew,
                                              body->id, std::nullopt, now - std::chrono::days{20});
    ASSERT_TRUE(application);
    application->state = domain::ApplicationState::kSubmitted;
    ASSERT_TRUE((*uow)->Applications().Insert(*application, now));
    ASSERT_TRUE((*uow)->Commit());
  }

  TempDir dir_;
};

TEST_F(JobsCliTest, DailyExpiresRemindsAndTellsOnceThenNothing) {
  Fill();
  auto first = RunIsmap({"jobs", "daily"}, Env(), Cwd());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr(": 1 registrations expired"));
  EXPECT_THAT(first.out, HasSubstr("holders reminded: 1 (registrations 1)"));
  EXPECT_THAT(first.out, HasSubstr("told: 1 (applications 1)"));
  EXPECT_THAT(first.out, HasSubstr("2 notifications written"));

  auto second = RunIsmap({"jobs", "daily"}, Env(), Cwd());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr(": 0 registrations expired"));
  EXPECT_THAT(second.out, HasSubstr("holders reminded: 0"));
  EXPECT_THAT(second.out, HasSubstr("0 notifications written"));

  auto db = Open();
  auto uow = db->Begin(storage::TxMode::kRead);
  ASSERT_TRUE(uow);
  auto events = (*uow)->Ledger().Scan(0, 1000);
  ASSERT_TRUE(events);
  int expired = 0;
  int notified = 0;
  for (const auto& e : *events) {
    expired += e.entry.type == "registration.expire";
    notified += e.entry.type == "audit_body.deadlines_notified";
  }
  EXPECT_EQ(expired, 1);
  EXPECT_EQ(notified, 1);
  EXPECT_EQ(RunIsmap({"ledger", "verify"}, Env(), Cwd()).exit_code, 0);
}

TEST_F(JobsCliTest, RequirementsImportNamesTheFileAndPointerAndShowPrintsTheCurrentSet) {
  {
    std::ofstream bad(dir_.File("bad.json"));
    bad << R"({"version":"2026-04","items":[{"id":"a","text_ja":"要件"},{"id":"b","text_ja":5}]})";
    std::ofstream good(dir_.File("good.json"));
    good << R"({"version":"2026-04","metadata":{"note":"ours"},"items":[{"id":"a","text_ja":"要件A","text_en":"A"}]})";
  }
  auto bad = RunIsmap({"audit-body", "requirements", "import", "bad.json"}, Env(), Cwd());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.json: /items/1/text_ja: expected a string"));
  auto missing = RunIsmap({"audit-body", "requirements", "import", "missing.json"}, Env(), Cwd());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("missing.json: cannot be read"));

  auto good = RunIsmap({"audit-body", "requirements", "import", "good.json"}, Env(), Cwd());
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_THAT(good.out, HasSubstr("requirement set 2026-04 published with 1 items"));
  auto again = RunIsmap({"audit-body", "requirements", "import", "good.json"}, Env(), Cwd());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("requirement_set.duplicate_version"));

  auto show = RunIsmap({"audit-body", "requirements", "show"}, Env(), Cwd());
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr("requirement set 2026-04 (1 items)"));
  EXPECT_THAT(show.out, HasSubstr("要件A"));
  EXPECT_THAT(show.out, Not(HasSubstr("ismap-ab-default-1")));
}

}  // namespace
}  // namespace ismap::testing
