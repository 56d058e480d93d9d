#include "domain/committee.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;
using testing::IsOk;
using K = ApplicationKind;

class CommitteeTest : public ::testing::Test {
 protected:
  const Date kMeetingDay{2026, 5, 20};
  const AgendaItem kApplicationItem = AgendaItem::ForApplication(K::kAuditBody, ApplicationId{5});
  const AgendaItem kRegistrationItem = AgendaItem::ForRegistration(K::kAuditBody, RegistrationId{9});
  const CommitteeRules kRules{};

  // `hour` o'clock in Japan on `date`.
  static core::TimePoint JapanTime(const Date& date, int hour) {
    return StartOfJapanDay(date) + std::chrono::hours(hour);
  }

  Meeting Held() const {
    Meeting meeting;
    meeting.id = MeetingId{3};
    meeting.date = kMeetingDay;
    meeting.members_present = {UserId{1}, UserId{2}};
    meeting.agenda = {kApplicationItem, kRegistrationItem};
    return meeting;
  }

  Application OnAgenda() const {
    Application app;
    app.id = ApplicationId{5};
    app.kind = K::kAuditBody;
    app.applicant = OrganizationId{7};
    app.state = ApplicationState::kCommittee;
    app.meeting_id = MeetingId{3};
    app.version = 8;
    return app;
  }
};

TEST_F(CommitteeTest, EnumsRoundTripThroughText) {
  for (auto outcome :
       {DecisionOutcome::kApprove, DecisionOutcome::kReject, DecisionOutcome::kDefer, DecisionOutcome::kSuspend,
        DecisionOutcome::kReinstate, DecisionOutcome::kRevoke, DecisionOutcome::kWithdraw, DecisionOutcome::kRenew}) {
    EXPECT_EQ(DecisionOutcomeFromString(ToString(outcome)), outcome);
  }
  EXPECT_EQ(AgendaItemKindFromString("registration"), AgendaItemKind::kRegistration);
  EXPECT_EQ(kApplicationItem.kind(), AgendaItemKind::kApplication);
  EXPECT_EQ(kRegistrationItem.kind(), AgendaItemKind::kRegistration);
}

TEST_F(CommitteeTest, DecidesAnAgendaItemOnTheMeetingDay) {
  auto decision = Decide(Held(), kApplicationItem, DecisionOutcome::kApprove, "meets every requirement",
                         JapanTime(kMeetingDay, 10), kRules);
  ASSERT_THAT(decision, IsOk());
  EXPECT_EQ(decision->meeting_id, MeetingId{3});
  EXPECT_EQ(decision->item, kApplicationItem);
  EXPECT_EQ(decision->reason, "meets every requirement");
}

TEST_F(CommitteeTest, RefusesBeforeTheMeetingDayInJapan) {
  // 23:59 on the eve in Japan is 14:59 UTC that day: still the eve.
  const core::TimePoint eve = JapanTime(kMeetingDay, 0) - std::chrono::minutes(1);
  EXPECT_THAT(Decide(Held(), kApplicationItem, DecisionOutcome::kApprove, "ok", eve, kRules),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.meeting_not_held"));
  EXPECT_THAT(Decide(Held(), kApplicationItem, DecisionOutcome::kApprove, "ok", JapanTime(kMeetingDay, 0), kRules),
              IsOk());
  // A later day is fine: minutes are sometimes recorded after the meeting.
  EXPECT_THAT(
      Decide(Held(), kApplicationItem, DecisionOutcome::kApprove, "ok", JapanTime(Date{2026, 5, 22}, 9), kRules),
      IsOk());
}

TEST_F(CommitteeTest, NeedsAQuorumOfDistinctMembers) {
  Meeting meeting = Held();
  meeting.members_present = {UserId{1}, UserId{1}};
  const CommitteeRules two{2};
  EXPECT_THAT(Decide(meeting, kApplicationItem, DecisionOutcome::kApprove, "ok", JapanTime(kMeetingDay, 10), two),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.no_quorum"));
  meeting.members_present = {};
  EXPECT_THAT(Decide(meeting, kApplicationItem, DecisionOutcome::kApprove, "ok", JapanTime(kMeetingDay, 10), kRules),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.no_quorum"));
  meeting.members_present = {UserId{1}, UserId{2}};
  EXPECT_THAT(Decide(meeting, kApplicationItem, DecisionOutcome::kApprove, "ok", JapanTime(kMeetingDay, 10), two),
              IsOk());
  EXPECT_THAT(ValidateCommitteeRules(CommitteeRules{0}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.bad_rules"));
  EXPECT_THAT(ValidateCommitteeRules(kRules), IsOk());
}

TEST_F(CommitteeTest, DecidesOnlyItemsOnItsAgenda) {
  const AgendaItem elsewhere = AgendaItem::ForApplication(K::kAuditBody, ApplicationId{6});
  EXPECT_THAT(Decide(Held(), elsewhere, DecisionOutcome::kApprove, "ok", JapanTime(kMeetingDay, 10), kRules),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.not_on_agenda"));
  // The same id on the other register is another item.
  const AgendaItem cloud = AgendaItem::ForApplication(K::kCloudService, ApplicationId{5});
  EXPECT_THAT(Decide(Held(), cloud, DecisionOutcome::kApprove, "ok", JapanTime(kMeetingDay, 10), kRules),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.not_on_agenda"));
}

TEST_F(CommitteeTest, DecidesEachItemOnce) {
  Meeting meeting = Held();
  meeting.decisions.push_back(
      *Decide(meeting, kApplicationItem, DecisionOutcome::kDefer, "more time", JapanTime(kMeetingDay, 10), kRules));
  EXPECT_TRUE(FindDecision(meeting, kApplicationItem));
  EXPECT_FALSE(FindDecision(meeting, kRegistrationItem));
  EXPECT_THAT(
      Decide(meeting, kApplicationItem, DecisionOutcome::kApprove, "changed", JapanTime(kMeetingDay, 11), kRules),
      HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.already_decided"));
  EXPECT_THAT(Decide(meeting, kRegistrationItem, DecisionOutcome::kSuspend, "report overdue",
                     JapanTime(kMeetingDay, 11), kRules),
              IsOk());
}

TEST_F(CommitteeTest, NeedsAReasonAndAnOutcomeThatFitsTheItem) {
  EXPECT_THAT(Decide(Held(), kApplicationItem, DecisionOutcome::kApprove, "", JapanTime(kMeetingDay, 10), kRules),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.reason_required"));
  for (auto outcome : {DecisionOutcome::kSuspend, DecisionOutcome::kReinstate, DecisionOutcome::kRevoke,
                       DecisionOutcome::kWithdraw, DecisionOutcome::kRenew}) {
    EXPECT_FALSE(OutcomeApplies(outcome, AgendaItemKind::kApplication));
    EXPECT_TRUE(OutcomeApplies(outcome, AgendaItemKind::kRegistration));
    EXPECT_THAT(Decide(Held(), kApplicationItem, outcome, "x", JapanTime(kMeetingDay, 10), kRules),
                HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.outcome_not_applicable"));
  }
  for (auto outcome : {DecisionOutcome::kApprove, DecisionOutcome::kReject}) {
    EXPECT_THAT(Decide(Held(), kRegistrationItem, outcome, "x", JapanTime(kMeetingDay, 10), kRules),
                HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.outcome_not_applicable"));
  }
  EXPECT_TRUE(OutcomeApplies(DecisionOutcome::kDefer, AgendaItemKind::kRegistration));
}

TEST_F(CommitteeTest, AgendaTakesNewItemsUntilTheMeetingDay) {
  Meeting meeting = Held();
  meeting.agenda.clear();
  auto added = AddToAgenda(meeting, kApplicationItem, kMeetingDay);
  ASSERT_THAT(added, IsOk());
  EXPECT_EQ(added->agenda.size(), 1u);
  EXPECT_THAT(AddToAgenda(*added, kApplicationItem, Date{2026, 5, 1}),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.already_on_agenda"));
  EXPECT_THAT(AddToAgenda(meeting, kApplicationItem, Date{2026, 5, 21}),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.meeting_past"));
}

TEST_F(CommitteeTest, ApplyDecisionApprovesOrRejects) {
  const Decision approve =
      *Decide(Held(), kApplicationItem, DecisionOutcome::kApprove, "all met", JapanTime(kMeetingDay, 10), kRules);
  auto approved = ApplyDecision(OnAgenda(), 8, approve);
  ASSERT_THAT(approved, IsOk());
  EXPECT_EQ(approved->state, ApplicationState::kApproved);
  EXPECT_EQ(approved->version, 9);
  EXPECT_EQ(approved->state_since, approve.decided_at);
  EXPECT_EQ(approved->last_reason, "all met");
  const Decision reject =
      *Decide(Held(), kApplicationItem, DecisionOutcome::kReject, "R-2 not met", JapanTime(kMeetingDay, 10), kRules);
  EXPECT_EQ(ApplyDecision(OnAgenda(), 8, reject)->state, ApplicationState::kRejected);
  // Deciding twice is refused by the state machine as well as by the meeting.
  EXPECT_THAT(ApplyDecision(*approved, 9, reject),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "application.illegal_transition"));
}

TEST_F(CommitteeTest, ADeferredApplicationWaitsForALaterMeeting) {
  const Decision defer =
      *Decide(Held(), kApplicationItem, DecisionOutcome::kDefer, "await report", JapanTime(kMeetingDay, 10), kRules);
  auto deferred = ApplyDecision(OnAgenda(), 8, defer);
  ASSERT_THAT(deferred, IsOk());
  EXPECT_EQ(deferred->state, ApplicationState::kRecommended);
  EXPECT_FALSE(deferred->meeting_id);
  auto again = Apply(*deferred, 9, ApplicationAction::PutOnAgenda(MeetingId{4}), defer.decided_at);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->state, ApplicationState::kCommittee);
  EXPECT_EQ(again->meeting_id, MeetingId{4});
}

TEST_F(CommitteeTest, ApplyDecisionChecksItemMeetingAndVersion) {
  const Decision approve =
      *Decide(Held(), kApplicationItem, DecisionOutcome::kApprove, "all met", JapanTime(kMeetingDay, 10), kRules);
  EXPECT_THAT(ApplyDecision(OnAgenda(), 7, approve),
              HasErrorReason(core::ErrorCode::kConflict, "application.stale_version"));
  Application other = OnAgenda();
  other.id = ApplicationId{6};
  EXPECT_THAT(ApplyDecision(other, 8, approve),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.decision_for_other_item"));
  Application moved = OnAgenda();
  moved.meeting_id = MeetingId{4};
  EXPECT_THAT(ApplyDecision(moved, 8, approve),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.not_on_agenda"));
  Decision suspend = approve;
  suspend.outcome = DecisionOutcome::kSuspend;
  EXPECT_THAT(ApplyDecision(OnAgenda(), 8, suspend),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.decision_for_other_item"));
  Application recommended = OnAgenda();
  recommended.state = ApplicationState::kRecommended;
  EXPECT_THAT(ApplyDecision(recommended, 8, approve),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "application.illegal_transition"));
}

}  // namespace
}  // namespace ismap::domain
