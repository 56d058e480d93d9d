// Transitional measures (app/transitional_measures.hpp) on every backend: who may list and who may
// configure, the measure in force on a day (boundary days; none outside), overlap and other refusals
// leaving nothing stored, edits only before the start, ending early, and the ledger events.
#include "app/transitional_measures.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using core::ErrorCode;
using domain::Role;
using testing::HasError;
using testing::HasErrorReason;
using testing::IsOk;

// 2026-11-25 12:00 in Japan.
core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{3};
}

domain::Date D(const char* text) { return *domain::ParseDate(text); }

class TransitionalMeasuresTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    measures_ = std::make_unique<TransitionalMeasures>(*db_, clock_);
    secretariat_ = User(domain::OrganizationKind::kSecretariat, Role::kSecretariat, "s@x.jp");
    agency_ = User(domain::OrganizationKind::kAgency, Role::kAgencyMember, "a@x.jp");
    reviewer_ = User(domain::OrganizationKind::kSecretariat, Role::kReviewer, "r@x.jp");
    csp_ = User(domain::OrganizationKind::kCsp, Role::kCspAdmin, "c@x.jp");
  }

  Principal User(domain::OrganizationKind kind, Role role, const std::string& email) {
    return testing::InsertUser(*db_, testing::InsertOrganization(*db_, kind, email, Noon()), kind, role, email, Noon());
  }

  static domain::TransitionalMeasure Input(const char* from, const char* until,
                                           std::vector<domain::Relaxation> relaxations = {
                                               domain::Relaxation::kObjectivesOnly}) {
    domain::TransitionalMeasure m;
    m.title_ja = "令和9年度の経過措置";
    m.title_en = "FY2027 transitional measure";
    m.description_ja = "詳細管理策の確認を省略する";
    m.effective_from = D(from);
    m.effective_until = D(until);
    m.relaxations = std::move(relaxations);
    return m;
  }

  std::optional<domain::TransitionalMeasure> InForce(const char* on) {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto measure = MeasureInForce(**uow, D(on));
    EXPECT_THAT(measure, IsOk());
    return *measure;
  }

  std::map<std::string, int> LedgerTypes() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 10000);
    std::map<std::string, int> types;
    for (const auto& e : *events) {
      ++types[e.entry.type];
    }
    return types;
  }

  core::ManualClock clock_{Noon()};
  std::unique_ptr<TransitionalMeasures> measures_;
  Principal secretariat_, agency_, reviewer_, csp_;
};

TEST_P(TransitionalMeasuresTest, TheMeasureInForceOnADayIsTheOneApplied) {
  auto first = measures_->Create(secretariat_, Input("2027-01-01", "2027-03-31"));
  ASSERT_THAT(first, IsOk());
  auto second =
      measures_->Create(secretariat_, Input("2027-04-01", "2027-04-30", {domain::Relaxation::kPendingApplications}));
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(InForce("2026-12-31"), std::nullopt);
  EXPECT_EQ(InForce("2027-01-01")->id, first->id);
  EXPECT_EQ(InForce("2027-03-31")->id, first->id);
  EXPECT_EQ(InForce("2027-04-01")->id, second->id);
  EXPECT_TRUE(InForce("2027-04-30")->Relaxes(domain::Relaxation::kPendingApplications));
  EXPECT_EQ(InForce("2027-05-01"), std::nullopt);
  auto listed = measures_->List(agency_);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].title_ja, "令和9年度の経過措置");
  EXPECT_EQ((*listed)[1].relaxations, std::vector<domain::Relaxation>{domain::Relaxation::kPendingApplications});
  EXPECT_EQ(LedgerTypes()["measure.created"], 2);
}

TEST_P(TransitionalMeasuresTest, OnlyTheSecretariatConfiguresAndAgenciesSecretariatReviewersRead) {
  EXPECT_THAT(measures_->Create(agency_, Input("2027-01-01", "2027-03-31")), HasError(ErrorCode::kPermissionDenied));
  EXPECT_THAT(measures_->Create(reviewer_, Input("2027-01-01", "2027-03-31")), HasError(ErrorCode::kPermissionDenied));
  EXPECT_THAT(measures_->Create(Principal::Public(), Input("2027-01-01", "2027-03-31")),
              HasError(ErrorCode::kUnauthenticated));
  EXPECT_THAT(measures_->List(agency_), IsOk());
  EXPECT_THAT(measures_->List(reviewer_), IsOk());
  EXPECT_THAT(measures_->List(secretariat_), IsOk());
  EXPECT_THAT(measures_->List(csp_), HasError(ErrorCode::kPermissionDenied));
  EXPECT_THAT(measures_->List(Principal::Public()), HasError(ErrorCode::kUnauthenticated));
}

TEST_P(TransitionalMeasuresTest, RefusalsLeaveNothingStored) {
  ASSERT_THAT(measures_->Create(secretariat_, Input("2027-01-01", "2027-03-31")), IsOk());
  EXPECT_THAT(measures_->Create(secretariat_, Input("2027-03-31", "2027-06-30")),
              HasErrorReason(ErrorCode::kFailedPrecondition, "measure.overlaps"));
  EXPECT_THAT(measures_->Create(secretariat_, Input("2027-08-01", "2027-07-31")),
              HasErrorReason(ErrorCode::kInvalidArgument, "measure.bad_period"));
  EXPECT_THAT(measures_->Create(secretariat_, Input("2027-08-01", "2027-08-31", {})),
              HasErrorReason(ErrorCode::kInvalidArgument, "measure.relaxation_required"));
  EXPECT_THAT(measures_->Create(secretariat_, Input("2026-11-24", "2026-11-30")),
              HasErrorReason(ErrorCode::kInvalidArgument, "measure.starts_in_the_past"));
  EXPECT_EQ(measures_->List(secretariat_)->size(), 1u);
  EXPECT_EQ(LedgerTypes()["measure.created"], 1);
}

TEST_P(TransitionalMeasuresTest, EditedBeforeItStartsThenOnlyEndedEarly) {
  auto created = measures_->Create(secretariat_, Input("2026-12-01", "2027-03-31"));
  ASSERT_THAT(created, IsOk());
  auto edit = *created;
  edit.title_en = "Edited";
  edit.effective_from = D("2026-11-30");
  auto edited = measures_->Update(secretariat_, edit);
  ASSERT_THAT(edited, IsOk());
  EXPECT_EQ(edited->version, 2);
  EXPECT_EQ(measures_->Get(agency_, created->id)->title_en, "Edited");
  // A stale version is refused.
  EXPECT_THAT(measures_->Update(secretariat_, edit), HasErrorReason(ErrorCode::kConflict, "measure.stale_version"));

  clock_.Advance(std::chrono::hours{24 * 5});  // 2026-11-30 in Japan: it has started
  auto late = *edited;
  late.title_en = "Too late";
  EXPECT_THAT(measures_->Update(secretariat_, late),
              HasErrorReason(ErrorCode::kFailedPrecondition, "measure.already_started"));
  EXPECT_THAT(measures_->End(secretariat_, created->id, edited->version, D("2026-11-29")),
              HasErrorReason(ErrorCode::kInvalidArgument, "measure.end_before_today"));
  EXPECT_THAT(measures_->End(agency_, created->id, edited->version, D("2026-12-31")),
              HasError(ErrorCode::kPermissionDenied));
  auto ended = measures_->End(secretariat_, created->id, edited->version, D("2026-12-31"));
  ASSERT_THAT(ended, IsOk());
  EXPECT_EQ(ended->effective_until, D("2026-12-31"));
  EXPECT_EQ(InForce("2026-12-31")->id, created->id);
  EXPECT_EQ(InForce("2027-01-01"), std::nullopt);
  // The freed days can take a new measure.
  EXPECT_THAT(measures_->Create(secretariat_, Input("2027-01-01", "2027-01-31")), IsOk());
  auto types = LedgerTypes();
  EXPECT_EQ(types["measure.created"], 2);
  EXPECT_EQ(types["measure.updated"], 1);
  EXPECT_EQ(types["measure.ended"], 1);
  EXPECT_THAT(measures_->Get(secretariat_, domain::TransitionalMeasureId(999)),
              HasErrorReason(ErrorCode::kNotFound, "measure.not_found"));
}

INSTANTIATE_TEST_SUITE_P(Backends, TransitionalMeasuresTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
