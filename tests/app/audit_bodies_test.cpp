// The audit-body application use cases (app/audit_bodies.hpp) on every backend (SQLite, and
// PostgreSQL in a fresh database per test): the applicant's and the evaluator's commands,
// authorisation, content validation, stale versions and the ledger.
#include "app/audit_bodies.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using domain::ApplicationState;
using domain::Role;
using testing::HasError;
using testing::HasErrorReason;
using testing::IsOk;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{3};
}

class AuditBodyAppTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    body_ = Org(domain::OrganizationKind::kAuditBody, "監査法人A");
    rival_ = Org(domain::OrganizationKind::kAuditBody, "監査法人B");
    const auto csp = Org(domain::OrganizationKind::kCsp, "クラウド社");
    const auto jasa = Org(domain::OrganizationKind::kAuditBodyEvaluator, "評価機関");
    applicant_ = User(body_, domain::OrganizationKind::kAuditBody, Role::kAuditBodyAdmin, "a@x.jp");
    rival_admin_ = User(rival_, domain::OrganizationKind::kAuditBody, Role::kAuditBodyAdmin, "b@x.jp");
    csp_admin_ = User(csp, domain::OrganizationKind::kCsp, Role::kCspAdmin, "c@x.jp");
    evaluator_ = User(jasa, domain::OrganizationKind::kAuditBodyEvaluator, Role::kEvaluator, "e@x.jp");
  }

  domain::OrganizationId Org(domain::OrganizationKind kind, const std::string& name) {
    return testing::InsertOrganization(*db_, kind, name, Noon());
  }

  Principal User(domain::OrganizationId org, domain::OrganizationKind kind, Role role, const std::string& email) {
    return testing::InsertUser(*db_, org, kind, role, email, Noon());
  }

  AuditBodyApplicationInput Input(domain::LegalForm form = domain::LegalForm::kAuditCorporation) {
    AuditBodyApplicationInput input;
    input.dossier.content.legal_form = form;
    input.dossier.content.auditors = {
        {"監査 太郎", {{domain::QualificationKind::kCisa, "", "C-1", domain::Date{2028, 3, 31}}}}};
    input.dossier.content.quality_control = "品質管理体制";
    input.dossier.content.independence_policy = "独立性の方針";
    input.dossier.contact_email = "contact@a.example.jp";
    return input;
  }

  core::ManualClock clock_{Noon()};
  AuditBodySettings settings_;
  domain::OrganizationId body_, rival_;
  Principal applicant_, rival_admin_, csp_admin_, evaluator_;
};

TEST_P(AuditBodyAppTest, ApplyEvaluateReturnResubmitRecommend) {
  auto created = CreateAuditBodyApplication(*db_, clock_, applicant_, Input());
  ASSERT_THAT(created, IsOk());
  const auto id = created->application.id;
  EXPECT_EQ(created->application.state, ApplicationState::kDraft);

  auto submitted = SubmitAuditBodyApplication(*db_, clock_, settings_, applicant_, id, 1);
  ASSERT_THAT(submitted, IsOk());
  EXPECT_EQ(submitted->application.state, ApplicationState::kSubmitted);

  auto queue = AuditBodyApplicationQueue(*db_, evaluator_, 10, 0);
  ASSERT_THAT(queue, IsOk());
  ASSERT_EQ(queue->size(), 1U);

  auto started = StartAuditBodyEvaluation(*db_, clock_, evaluator_, id, 2);
  ASSERT_THAT(started, IsOk());
  ASSERT_TRUE(started->evaluation.has_value());
  const auto items = started->evaluation->items;
  ASSERT_GE(items.size(), 6U);

  auto returned = ReturnAuditBodyApplication(*db_, clock_, evaluator_, id, 3, "独立性の方針を具体的に");
  ASSERT_THAT(returned, IsOk());
  EXPECT_EQ(returned->application.state, ApplicationState::kReturned);
  auto edited = UpdateAuditBodyDraft(*db_, clock_, applicant_, id, 4, Input().dossier);
  ASSERT_THAT(edited, IsOk());
  ASSERT_THAT(ResubmitAuditBodyApplication(*db_, clock_, settings_, applicant_, id, 5), IsOk());
  ASSERT_THAT(StartAuditBodyEvaluation(*db_, clock_, evaluator_, id, 6), IsOk());

  EXPECT_THAT(
      RecommendAuditBodyApplication(*db_, clock_, evaluator_, id, 7, domain::RecommendationOutcome::kApprove, "適合"),
      HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.evaluation_incomplete"));
  for (const auto& item : items) {
    ASSERT_THAT(
        MarkAuditBodyEvaluationItem(*db_, clock_, evaluator_, id, 7, item.item_id, domain::ItemVerdict::kMet, ""),
        IsOk());
  }
  auto recommended =
      RecommendAuditBodyApplication(*db_, clock_, evaluator_, id, 7, domain::RecommendationOutcome::kApprove, "適合");
  ASSERT_THAT(recommended, IsOk());
  EXPECT_EQ(recommended->application.state, ApplicationState::kRecommended);
  EXPECT_EQ(recommended->application.version, 8);

  auto mine = ListOwnAuditBodyApplications(*db_, applicant_, 10, 0);
  ASSERT_THAT(mine, IsOk());
  EXPECT_EQ(mine->size(), 1U);
}

TEST_P(AuditBodyAppTest, OnlyTheApplicantEvaluatorsReviewersAndCommitteeSeeAnApplication) {
  auto created = CreateAuditBodyApplication(*db_, clock_, applicant_, Input());
  ASSERT_THAT(created, IsOk());
  const auto id = created->application.id;
  EXPECT_THAT(GetAuditBodyApplication(*db_, applicant_, id), IsOk());
  EXPECT_THAT(GetAuditBodyApplication(*db_, evaluator_, id), IsOk());
  EXPECT_THAT(GetAuditBodyApplication(*db_, rival_admin_, id), HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(GetAuditBodyApplication(*db_, csp_admin_, id), HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(GetAuditBodyApplication(*db_, Principal::Public(), id), HasError(core::ErrorCode::kUnauthenticated));
  EXPECT_THAT(SubmitAuditBodyApplication(*db_, clock_, settings_, rival_admin_, id, 1),
              HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(AuditBodyApplicationQueue(*db_, applicant_, 10, 0), HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(CreateAuditBodyApplication(*db_, clock_, csp_admin_, Input()),
              HasError(core::ErrorCode::kPermissionDenied));
}

TEST_P(AuditBodyAppTest, SubmissionRefusesIneligibleFormsExpiredQualificationsAndStaleVersions) {
  auto ineligible = CreateAuditBodyApplication(*db_, clock_, applicant_, Input(domain::LegalForm::kKabushikiKaisha));
  ASSERT_THAT(ineligible, IsOk());
  EXPECT_THAT(SubmitAuditBodyApplication(*db_, clock_, settings_, applicant_, ineligible->application.id, 1),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.ineligible_legal_form"));

  auto input = Input();
  input.dossier.content.auditors[0].qualifications[0].expires_on = domain::Date{2026, 1, 31};
  auto expired = CreateAuditBodyApplication(*db_, clock_, applicant_, input);
  ASSERT_THAT(expired, IsOk());
  EXPECT_THAT(SubmitAuditBodyApplication(*db_, clock_, settings_, applicant_, expired->application.id, 1),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.qualification_expired"));

  auto ok = CreateAuditBodyApplication(*db_, clock_, applicant_, Input());
  ASSERT_THAT(ok, IsOk());
  ASSERT_THAT(SubmitAuditBodyApplication(*db_, clock_, settings_, applicant_, ok->application.id, 1), IsOk());
  EXPECT_THAT(WithdrawAuditBodyApplication(*db_, clock_, applicant_, ok->application.id, 1, ""),
              HasErrorReason(core::ErrorCode::kConflict, "application.stale_version"));
  auto after = GetAuditBodyApplication(*db_, applicant_, ok->application.id);
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->application.state, ApplicationState::kSubmitted);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditBodyAppTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
