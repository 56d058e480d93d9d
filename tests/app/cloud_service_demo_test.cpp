// Demo mode's cloud services (app/cloud_service_demo.hpp) on SQLite, seeded after the demo users,
// the demo catalogs and the demo audit bodies as `ismap serve --demo` does: a registered service on
// the public list, applications in each state before a decision, a draft statement and a requested
// audit for the demo provider, four more registered services that differ where a procurement check
// looks (issue 9), and a second run that changes nothing.
#include "app/cloud_service_demo.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/audit_body_demo.hpp"
#include "app/cloud_services.hpp"
#include "app/criteria_demo.hpp"
#include "app/demo_support.hpp"
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

TEST_F(CloudServiceDemoTest, SeedsEveryStepOnceAndRegistersFiveServices) {
  auto seeded = SeedDemoCloudServices(*db_, clock_, settings_, kFastHashing);
  ASSERT_THAT(seeded, IsOk());
  EXPECT_EQ(*seeded, 11);
  CloudServices cloud(*db_, clock_, settings_.cloud_services);

  auto listed = cloud.ListPublic(Principal::Public(), domain::JapanDate(clock_.Now()));
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 5U);
  std::map<std::string, PublicService> by_name;
  for (const auto& line : *listed) {
    EXPECT_EQ(line.status, domain::RegistrationStatus::kActive) << line.name_ja;
    EXPECT_LT(domain::JapanDate(clock_.Now()), line.valid_until) << line.name_ja;
    by_name.emplace(line.name_ja, line);
  }
  ASSERT_EQ(by_name.count("デモクラウド基盤"), 1U);
  EXPECT_EQ(by_name.at("デモクラウド基盤").number, "C26-0001-1");

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

// The table at the top of cloud_service_demo.cpp, which the procurement tests rely on.
TEST_F(CloudServiceDemoTest, RegisteredServicesDifferWhereAProcurementCheckLooks) {
  ASSERT_THAT(SeedDemoCloudServices(*db_, clock_, settings_, kFastHashing), IsOk());
  CloudServices cloud(*db_, clock_, settings_.cloud_services);
  const auto today = domain::JapanDate(clock_.Now());
  auto listed = cloud.ListPublic(Principal::Public(), today);
  ASSERT_THAT(listed, IsOk());
  std::map<std::string, PublicService> by_name;
  for (const auto& line : *listed) {
    by_name.emplace(line.name_ja, line);
  }
  struct Expected {
    const char* name;
    domain::ServiceModel model;
    std::vector<std::string> regions;
    domain::Track track;
  };
  const std::vector<Expected> expected = {
      {"デモクラウド基盤", domain::ServiceModel::kIaas, {"東京", "大阪"}, domain::Track::kIsmap},
      {"デモデータ分析基盤", domain::ServiceModel::kPaas, {"大阪"}, domain::Track::kIsmap},
      {"デモ電子申請窓口", domain::ServiceModel::kSaas, {"東京"}, domain::Track::kLiu},
      {"デモ九州ファイル共有", domain::ServiceModel::kSaas, {"福岡"}, domain::Track::kIsmap},
      {"デモ会議室予約", domain::ServiceModel::kSaas, {"東京"}, domain::Track::kIsmap},
  };
  ASSERT_EQ(by_name.size(), expected.size());
  for (const auto& e : expected) {
    ASSERT_EQ(by_name.count(e.name), 1U) << e.name;
    const auto& line = by_name.at(e.name);
    EXPECT_EQ(line.model, e.model) << e.name;
    EXPECT_EQ(line.regions, e.regions) << e.name;
    EXPECT_EQ(line.track, e.track) << e.name;
  }
  // The room booking is valid until the earliest day, the demo IaaS until about a year from today.
  const auto booking = by_name.at("デモ会議室予約").valid_until;
  for (const auto& [name, line] : by_name) {
    if (name != "デモ会議室予約") {
      EXPECT_LT(booking, line.valid_until) << name;
    }
  }
  EXPECT_LT(domain::AddDays(today, 250), booking);
  EXPECT_LT(booking, domain::AddDays(today, 330));
  EXPECT_LT(domain::AddDays(today, 330), by_name.at("デモクラウド基盤").valid_until);

  // What each registered statement leaves out: nothing for the demo IaaS; a different detailed
  // control of the revision for each of the others, and objective 14.2.7 with a reason for the desk.
  struct Decided {
    const char* name;
    std::string provider;  // the e-mail of its provider's administrator
    const char* edition;
    std::set<std::string> excluded;
  };
  const std::string soft = "csp_admin.soft@demo.ismap.example";
  const std::string net = "csp_admin.net@demo.ismap.example";
  const std::vector<Decided> decided = {
      {"デモクラウド基盤", DemoEmail(domain::Role::kCspAdmin), "ismap-skeleton", {}},
      {"デモデータ分析基盤", net, "ismap-skeleton-2024-demo", {"16.1.5.10"}},
      {"デモ電子申請窓口", soft, "ismap-skeleton-2024-demo", {"13.2.3.7.P", "14.2.7"}},
      {"デモ九州ファイル共有", net, "ismap-skeleton-2024-demo", {"12.2.1.15"}},
      {"デモ会議室予約", soft, "ismap-skeleton-2024-demo", {"8.1.5.4.P"}},
  };
  for (const auto& [name, email, edition, controls] : decided) {
    const auto& line = by_name.at(name);
    auto provider = LoadDemoPrincipal(*db_, email);
    ASSERT_THAT(provider, IsOk()) << name;
    auto service = cloud.GetService(*provider, line.service_id);
    ASSERT_THAT(service, IsOk()) << name;
    ASSERT_EQ(service->statements.size(), 1U) << name;
    auto statement = cloud.GetStatement(*provider, service->statements.front().id);
    ASSERT_THAT(statement, IsOk()) << name;
    EXPECT_EQ(statement->edition.info.key, edition) << name;
    std::set<std::string> left_out;
    for (const auto& entry : statement->statement.entries) {
      if (!entry.adopted) {
        left_out.insert(entry.control_id);
        EXPECT_FALSE(entry.reason.empty()) << name << " " << entry.control_id;
      }
    }
    EXPECT_EQ(left_out, controls) << name;
  }

  // Demo Net granted the demo agency the analytics platform's annex, active today.
  auto agency = LoadDemoPrincipal(*db_, DemoEmail(domain::Role::kAgencyMember));
  ASSERT_THAT(agency, IsOk());
  auto grants = cloud.ListOwnGrants(*agency);
  ASSERT_THAT(grants, IsOk());
  ASSERT_EQ(grants->size(), 1U);
  EXPECT_EQ(grants->front().grant.service, by_name.at("デモデータ分析基盤").service_id);
  EXPECT_TRUE(domain::IsGrantActive(grants->front().grant, today));
}

}  // namespace
}  // namespace ismap::app
