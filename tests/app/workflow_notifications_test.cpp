// Every audit-body step that waits on someone tells exactly them (app/workflow_notifications.hpp),
// in the step's own transaction, on every backend.
#include "app/workflow_notifications.hpp"

#include "tests/app/workflow_fixture.hpp"

namespace ismap::app {
namespace {

using domain::AgendaItem;
using domain::ApplicationKind;
using domain::DecisionOutcome;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using testing::HasError;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::IsOk;

class WorkflowNotificationsTest : public WorkflowFixture {};

TEST_P(WorkflowNotificationsTest, EachStepTellsWhomItLeavesWaitingAndNobodyElse) {
  const auto id = Submitted();
  const std::string link = "/audit-bodies/applications/" + std::to_string(id.value());
  // The enabled evaluators only: not the disabled one, not the applicant, not the secretariat.
  EXPECT_THAT(Told(kNoticeSubmitted), ElementsAre("e1@jasa.jp " + link, "e2@jasa.jp " + link));

  ASSERT_THAT(StartAuditBodyEvaluation(*db_, clock_, evaluator_, id, 2), IsOk());
  ASSERT_THAT(ReturnAuditBodyApplication(*db_, clock_, evaluator_, id, 3, "独立性の方針を具体的に"), IsOk());
  // The applicant's admins: not its auditor, not the other audit body's admin.
  EXPECT_THAT(Told(kNoticeReturned), ElementsAre("admin@a.jp " + link));
  EXPECT_THAT(MailBodies(), Contains(AllOf(HasSubstr("admin@a.jp"), HasSubstr("独立性の方針を具体的に"))));

  ASSERT_THAT(ResubmitAuditBodyApplication(*db_, clock_, settings_, applicant_, id, 4), IsOk());
  EXPECT_THAT(Told(kNoticeResubmitted), ElementsAre("e1@jasa.jp " + link, "e2@jasa.jp " + link));
  EXPECT_EQ(Told(kNoticeSubmitted).size(), 2U);  // not again

  auto started = StartAuditBodyEvaluation(*db_, clock_, evaluator_, id, 5);
  ASSERT_THAT(started, IsOk());
  for (const auto& item : started->evaluation->items) {
    ASSERT_THAT(
        MarkAuditBodyEvaluationItem(*db_, clock_, evaluator_, id, 6, item.item_id, domain::ItemVerdict::kMet, ""),
        IsOk());
  }
  ASSERT_THAT(
      RecommendAuditBodyApplication(*db_, clock_, evaluator_, id, 6, domain::RecommendationOutcome::kApprove, "適合"),
      IsOk());
  EXPECT_THAT(Told(kNoticeRecommended), ElementsAre("s1@sec.jp " + link, "s2@sec.jp " + link));

  const auto meeting = Meeting();
  const std::string meeting_link = "/committee/meetings/" + std::to_string(meeting.value());
  const auto item = AgendaItem::ForApplication(ApplicationKind::kAuditBody, id);
  ASSERT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting, item), IsOk());
  EXPECT_THAT(Told(kNoticeOnAgenda), ElementsAre("m1@com.jp " + meeting_link, "m2@com.jp " + meeting_link));

  ASSERT_THAT(Decide(*db_, clock_, settings_, member_, meeting, item, DecisionOutcome::kApprove, "要件に適合"), IsOk());
  EXPECT_THAT(Told(kNoticeDecided), ElementsAre("admin@a.jp " + link));
  EXPECT_THAT(MailBodies(), Contains(AllOf(HasSubstr("admin@a.jp"), HasSubstr("承認"), HasSubstr("approved"),
                                           HasSubstr("要件に適合"))));
  EXPECT_THAT(Told(kNoticeRegistrationDecided), IsEmpty());  // the approval is the application's notice
}

TEST_P(WorkflowNotificationsTest, DeferralAndRejectionAreToldToTheApplicant) {
  const auto id = Recommended();
  const auto meeting = Meeting();
  const auto item = AgendaItem::ForApplication(ApplicationKind::kAuditBody, id);
  ASSERT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting, item), IsOk());
  ASSERT_THAT(Decide(*db_, clock_, settings_, member_, meeting, item, DecisionOutcome::kDefer, "追加資料を求める"),
              IsOk());
  EXPECT_THAT(Told(kNoticeDecided), ElementsAre("admin@a.jp /audit-bodies/applications/" + std::to_string(id.value())));
  EXPECT_THAT(MailBodies(), Contains(AllOf(HasSubstr("deferred"), HasSubstr("追加資料を求める"))));
}

TEST_P(WorkflowNotificationsTest, RegistrationDecisionsAreToldToTheHolderAdmins) {
  const auto id = Recommended();
  auto meeting = Meeting();
  auto item = AgendaItem::ForApplication(ApplicationKind::kAuditBody, id);
  ASSERT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting, item), IsOk());
  auto approved = Decide(*db_, clock_, settings_, member_, meeting, item, DecisionOutcome::kApprove, "適合");
  ASSERT_THAT(approved, IsOk());
  const auto registration = approved->registration->id;
  const std::string holder_link = "/audit-bodies/" + std::to_string(body_.value());

  for (const auto outcome : {DecisionOutcome::kSuspend, DecisionOutcome::kReinstate, DecisionOutcome::kRevoke}) {
    meeting = Meeting();
    item = AgendaItem::ForRegistration(ApplicationKind::kAuditBody, registration);
    ASSERT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting, item), IsOk());
    ASSERT_THAT(Decide(*db_, clock_, settings_, member_, meeting, item, outcome, "監査品質の確認"), IsOk());
  }
  EXPECT_THAT(Told(kNoticeRegistrationDecided),
              ElementsAre("admin@a.jp " + holder_link, "admin@a.jp " + holder_link, "admin@a.jp " + holder_link));
  EXPECT_THAT(MailBodies(),
              Contains(AllOf(HasSubstr("suspended"), HasSubstr("一時停止"), HasSubstr("監査品質の確認"))));
  EXPECT_THAT(MailBodies(), Contains(HasSubstr("revoked")));
  // Four agendas, each told to both members.
  EXPECT_EQ(Told(kNoticeOnAgenda).size(), 8U);
}

TEST_P(WorkflowNotificationsTest, AStepRefusedLeavesNoNotice) {
  const auto id = Submitted();
  // A stale version: the step fails, so nothing of it, notices included, is written.
  EXPECT_THAT(ReturnAuditBodyApplication(*db_, clock_, evaluator_, id, 1, "古い版"),
              HasError(core::ErrorCode::kConflict));
  ASSERT_THAT(StartAuditBodyEvaluation(*db_, clock_, evaluator_, id, 2), IsOk());
  EXPECT_THAT(ReturnAuditBodyApplication(*db_, clock_, applicant_, id, 3, "本人"),
              HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Told(kNoticeReturned), IsEmpty());
  EXPECT_EQ(MailBodies().size(), 2U);  // the two evaluators' submission notices
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowNotificationsTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
