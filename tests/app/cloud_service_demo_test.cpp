// Demo mode's cloud services (app/cloud_service_demo.hpp) on SQLite, seeded after the demo users,
// the demo catalogs and the demo audit bodies as `ismap serve --demo` does: a registered service on
// the public list, applications in each state before a decision, a draft statement and a requested
// audit for the demo provider, and a second run that changes nothing.
#include "app/cloud_service_demo.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "app/audit_body_demo.hpp"
#include "app/cloud_services.hpp"
#include "app/criteria_demo.hpp"
#include "app/identity.hpp"
#include "app/system.hpp"
#include "domain/date.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using domain::ApplicationState;
using testing::IsOk;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{3};
}

const core::PasswordHashParams kFastHashing{1, 8 * 1024 * 1024};

class CloudServiceDemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    ASSERT_THAT(InitializeSystem(*db_, clock_), IsOk());
    ASSERT_THAT(SeedDemoData(*db_, clock_, kFastHashing), IsOk());
    ASSERT_THAT(SeedDemoCatalogs(*db_, clock_, ISMAP_SHARED_DATA_DIR), IsOk());
    ASSERT_THAT(SeedDemoAuditBodies(*db_, clock_, settings_, kFastHashing), IsOk());
  }

  Principal Demo(domain::Role role) {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto found = (*uow)->Users().FindCredentialsByEmail(DemoEmail(role));
    EXPECT_TRUE(found.has_value() && found->has_value());
    auto org = (*uow)->Organizations().Get((*found)->user.organization_id);
    return Principal::ForUser((*found)->user, org->kind);
  }

  testing::TempDir dir_;
  std::shared_ptr<storage::Database> db_;
  core::ManualClock clock_{Noon()};
  AuditBodySettings settings_;
};

TEST_F(CloudServiceDemoTest, SeedsEveryStepOnceAndRegistersOneService) {
  auto seeded = SeedDemoCloudServices(*db_, clock_, settings_, kFastHashing);
  ASSERT_THAT(seeded, IsOk());
  EXPECT_EQ(*seeded, 7);
  CloudServices cloud(*db_, clock_, settings_.cloud_services);

  auto listed = cloud.ListPublic(Principal::Public(), domain::JapanDate(clock_.Now()));
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ(listed->front().name_ja, "デモクラウド基盤");
  EXPECT_EQ(listed->front().number, "C26-0001-1");
  EXPECT_EQ(listed->front().status, domain::RegistrationStatus::kActive);
  EXPECT_LT(domain::JapanDate(clock_.Now()), listed->front().valid_until);

  auto queue = cloud.Queue(Demo(domain::Role::kReviewer), 100, 0);
  ASSERT_THAT(queue, IsOk());
  std::set<ApplicationState> states;
  for (const auto& line : queue->lines) {
    states.insert(line.line.application.state);
  }
  EXPECT_EQ(states, (std::set<ApplicationState>{ApplicationState::kSubmitted, ApplicationState::kTechnicalReview,
                                                ApplicationState::kRecommended}));

  const auto csp = Demo(domain::Role::kCspAdmin);
  auto own = cloud.ListOwnServices(csp);
  ASSERT_THAT(own, IsOk());
  EXPECT_EQ(own->size(), 3U);
  bool has_draft = false;
  for (const auto& service : *own) {
    auto view = cloud.GetService(csp, service.id);
    ASSERT_THAT(view, IsOk());
    for (const auto& statement : view->statements) {
      has_draft = has_draft || statement.state == domain::StatementState::kDraft;
    }
  }
  EXPECT_TRUE(has_draft);
  auto audits = cloud.ListOwnEngagements(csp);
  ASSERT_THAT(audits, IsOk());
  bool requested = false;
  for (const auto& view : *audits) {
    requested = requested || view.engagement.state == domain::EngagementState::kRequested;
  }
  EXPECT_TRUE(requested);

  auto again = SeedDemoCloudServices(*db_, clock_, settings_, kFastHashing);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, 0);
}

}  // namespace
}  // namespace ismap::app
