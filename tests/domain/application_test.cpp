#include "domain/application.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <tuple>

#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;
using testing::IsOk;
using S = ApplicationState;
using C = ApplicationCommand;
using K = ApplicationKind;

// The expected tables, written out independently of the implementation's: every legal move. Every
// (state, command) pair not listed must be refused.
std::map<std::pair<S, C>, S> ExpectedTable(K kind) {
  std::map<std::pair<S, C>, S> legal = {
      {{S::kDraft, C::kSubmit}, S::kSubmitted},
      {{S::kReturned, C::kResubmit}, S::kSubmitted},
      {{S::kRecommended, C::kPutOnAgenda}, S::kCommittee},
      {{S::kCommittee, C::kDecideApprove}, S::kApproved},
      {{S::kCommittee, C::kDecideReject}, S::kRejected},
      {{S::kCommittee, C::kDecideDefer}, S::kRecommended},
  };
  std::vector<S> withdrawable = {S::kDraft, S::kSubmitted, S::kReturned, S::kRecommended, S::kCommittee};
  if (kind == K::kAuditBody) {
    legal[{S::kSubmitted, C::kStartEvaluation}] = S::kUnderEvaluation;
    legal[{S::kUnderEvaluation, C::kReturnForCorrection}] = S::kReturned;
    legal[{S::kUnderEvaluation, C::kRecommend}] = S::kRecommended;
    withdrawable.push_back(S::kUnderEvaluation);
  } else {
    legal[{S::kSubmitted, C::kStartAcceptanceCheck}] = S::kAcceptanceCheck;
    legal[{S::kAcceptanceCheck, C::kAccept}] = S::kTechnicalReview;
    legal[{S::kAcceptanceCheck, C::kReturnForCorrection}] = S::kReturned;
    legal[{S::kTechnicalReview, C::kReturnForCorrection}] = S::kReturned;
    legal[{S::kTechnicalReview, C::kRequestAdditionalAudit}] = S::kAdditionalAudit;
    legal[{S::kTechnicalReview, C::kRecommend}] = S::kRecommended;
    legal[{S::kAdditionalAudit, C::kSubmitAdditionalAudit}] = S::kTechnicalReview;
    withdrawable.insert(withdrawable.end(), {S::kAcceptanceCheck, S::kTechnicalReview, S::kAdditionalAudit});
  }
  for (S state : withdrawable) {
    legal[{state, C::kWithdraw}] = S::kWithdrawn;
  }
  return legal;
}

class TransitionTableTest : public ::testing::TestWithParam<K> {};

TEST_P(TransitionTableTest, EveryStateCommandPairIsTheExpectedMoveOrATypedRefusal) {
  const K kind = GetParam();
  const auto expected = ExpectedTable(kind);
  ASSERT_EQ(AllApplicationStates().size(), 12u);
  ASSERT_EQ(AllApplicationCommands().size(), 14u);
  int legal = 0;
  for (S from : AllApplicationStates()) {
    for (C cmd : AllApplicationCommands()) {
      const auto got = Transition(kind, from, cmd);
      const auto it = expected.find({from, cmd});
      const std::string where = std::string(ToString(from)) + " × " + std::string(ToString(cmd));
      if (it != expected.end()) {
        ++legal;
        ASSERT_TRUE(got) << where << ": " << got.error().message;
        EXPECT_EQ(*got, it->second) << where;
      } else {
        ASSERT_THAT(got, HasErrorReason(core::ErrorCode::kFailedPrecondition, "application.illegal_transition"))
            << where;
        EXPECT_NE(got.error().message.find(std::string(ToString(from))), std::string::npos) << where;
        EXPECT_NE(got.error().message.find(std::string(ToString(cmd))), std::string::npos) << where;
      }
    }
  }
  EXPECT_EQ(legal, kind == K::kAuditBody ? 15 : 21);
}

TEST_P(TransitionTableTest, AvailableCommandsAreTheLegalOnesAndTerminalStatesHaveNone) {
  const K kind = GetParam();
  for (S state : {S::kApproved, S::kRejected, S::kWithdrawn}) {
    EXPECT_TRUE(IsTerminal(state));
    EXPECT_TRUE(AvailableCommands(kind, state).empty()) << ToString(state);
    EXPECT_FALSE(WaitingOn(kind, state)) << ToString(state);
  }
  EXPECT_EQ(AvailableCommands(kind, S::kCommittee),
            (std::vector<C>{C::kDecideApprove, C::kDecideReject, C::kDecideDefer, C::kWithdraw}));
}

INSTANTIATE_TEST_SUITE_P(BothKinds, TransitionTableTest, ::testing::Values(K::kAuditBody, K::kCloudService),
                         [](const auto& info) { return std::string(ToString(info.param)); });

TEST(ApplicationEnumsTest, EveryValueRoundTripsThroughText) {
  for (S state : AllApplicationStates()) {
    EXPECT_EQ(ApplicationStateFromString(ToString(state)), state);
  }
  for (C cmd : AllApplicationCommands()) {
    EXPECT_EQ(ApplicationCommandFromString(ToString(cmd)), cmd);
  }
  for (K kind : {K::kAuditBody, K::kCloudService}) {
    EXPECT_EQ(ApplicationKindFromString(ToString(kind)), kind);
  }
  for (auto purpose : {ApplicationPurpose::kNew, ApplicationPurpose::kRenewal, ApplicationPurpose::kChange}) {
    EXPECT_EQ(ApplicationPurposeFromString(ToString(purpose)), purpose);
  }
  for (auto actor : {ActorKind::kApplicant, ActorKind::kEvaluator, ActorKind::kReviewer, ActorKind::kCommittee,
                     ActorKind::kSecretariat, ActorKind::kSystem}) {
    EXPECT_EQ(ActorKindFromString(ToString(actor)), actor);
  }
  EXPECT_EQ(ToString(S::kUnderEvaluation), "under_evaluation");
  EXPECT_FALSE(ApplicationStateFromString("deferred"));
}

TEST(ExpectedActorTest, ExaminersDifferByKindOthersDoNot) {
  EXPECT_EQ(ExpectedActor(K::kAuditBody, C::kReturnForCorrection), ActorKind::kEvaluator);
  EXPECT_EQ(ExpectedActor(K::kCloudService, C::kReturnForCorrection), ActorKind::kReviewer);
  EXPECT_EQ(ExpectedActor(K::kAuditBody, C::kRecommend), ActorKind::kEvaluator);
  EXPECT_EQ(ExpectedActor(K::kCloudService, C::kRecommend), ActorKind::kReviewer);
  EXPECT_EQ(ExpectedActor(K::kAuditBody, C::kStartEvaluation), ActorKind::kEvaluator);
  EXPECT_EQ(ExpectedActor(K::kCloudService, C::kAccept), ActorKind::kReviewer);
  for (K kind : {K::kAuditBody, K::kCloudService}) {
    for (C cmd : {C::kSubmit, C::kResubmit, C::kSubmitAdditionalAudit, C::kWithdraw}) {
      EXPECT_EQ(ExpectedActor(kind, cmd), ActorKind::kApplicant) << ToString(cmd);
    }
    EXPECT_EQ(ExpectedActor(kind, C::kPutOnAgenda), ActorKind::kSecretariat);
    for (C cmd : {C::kDecideApprove, C::kDecideReject, C::kDecideDefer}) {
      EXPECT_EQ(ExpectedActor(kind, cmd), ActorKind::kCommittee);
    }
  }
  EXPECT_EQ(WaitingOn(K::kAuditBody, S::kSubmitted), ActorKind::kEvaluator);
  EXPECT_EQ(WaitingOn(K::kCloudService, S::kAdditionalAudit), ActorKind::kApplicant);
  EXPECT_EQ(WaitingOn(K::kAuditBody, S::kRecommended), ActorKind::kSecretariat);
  EXPECT_FALSE(WaitingOn(K::kAuditBody, S::kTechnicalReview));  // never reached by audit bodies
}

class ApplyTest : public ::testing::Test {
 protected:
  core::TimePoint At(int hours) const { return core::TimePoint{} + std::chrono::hours(hours); }

  Application Draft() const {
    auto application = NewApplication(K::kAuditBody, ApplicationPurpose::kNew, OrganizationId{7}, std::nullopt, At(0));
    EXPECT_TRUE(application);
    return *application;
  }
};

TEST_F(ApplyTest, NewApplicationsStartAsVersionOneDrafts) {
  const Application draft = Draft();
  EXPECT_EQ(draft.state, S::kDraft);
  EXPECT_EQ(draft.version, 1);
  EXPECT_TRUE(IsEditable(draft.state));
  EXPECT_THAT(NewApplication(K::kAuditBody, ApplicationPurpose::kNew, OrganizationId{}, std::nullopt, At(0)),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "application.organization_required"));
  EXPECT_THAT(NewApplication(K::kAuditBody, ApplicationPurpose::kRenewal, OrganizationId{7}, std::nullopt, At(0)),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "application.registration_required"));
  EXPECT_THAT(NewApplication(K::kAuditBody, ApplicationPurpose::kNew, OrganizationId{7}, RegistrationId{3}, At(0)),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "application.registration_unexpected"));
}

TEST_F(ApplyTest, WalksEvaluationReturnAndResubmissionToTheAgenda) {
  Application app = Draft();
  app = *Apply(app, 1, ApplicationAction::Of(C::kSubmit), At(1));
  EXPECT_EQ(app.state, S::kSubmitted);
  EXPECT_EQ(app.version, 2);
  EXPECT_EQ(app.state_since, At(1));
  app = *Apply(app, 2, ApplicationAction::Of(C::kStartEvaluation), At(2));
  app = *Apply(app, 3, ApplicationAction::ReturnForCorrection("independence policy is missing"), At(3));
  EXPECT_EQ(app.state, S::kReturned);
  EXPECT_EQ(app.last_reason, "independence policy is missing");
  app = *Apply(app, 4, ApplicationAction::Of(C::kResubmit), At(4));
  app = *Apply(app, 5, ApplicationAction::Of(C::kStartEvaluation), At(5));
  app = *Apply(app, 6, ApplicationAction::Recommend(RecommendationOutcome::kApprove, ""), At(6));
  ASSERT_TRUE(app.recommendation);
  EXPECT_EQ(app.recommendation->outcome, RecommendationOutcome::kApprove);
  app = *Apply(app, 7, ApplicationAction::PutOnAgenda(MeetingId{11}), At(7));
  EXPECT_EQ(app.state, S::kCommittee);
  EXPECT_EQ(app.meeting_id, MeetingId{11});
  EXPECT_EQ(app.version, 8);
}

TEST_F(ApplyTest, RefusesAStaleVersionAndChangesNothing) {
  const Application submitted = *Apply(Draft(), 1, ApplicationAction::Of(C::kSubmit), At(1));
  EXPECT_THAT(CheckVersion(submitted, 2), IsOk());
  EXPECT_THAT(CheckVersion(submitted, 1), HasErrorReason(core::ErrorCode::kConflict, "application.stale_version"));
  // Two evaluators both loaded version 2; the second command arrives after the first was applied.
  const Application first = *Apply(submitted, 2, ApplicationAction::Of(C::kStartEvaluation), At(2));
  EXPECT_THAT(Apply(first, 2, ApplicationAction::ReturnForCorrection("late"), At(3)),
              HasErrorReason(core::ErrorCode::kConflict, "application.stale_version"));
}

TEST_F(ApplyTest, DecisionsOnlyThroughTheCommittee) {
  Application app = Draft();
  app.state = S::kCommittee;
  for (C cmd : {C::kDecideApprove, C::kDecideReject, C::kDecideDefer}) {
    EXPECT_THAT(Apply(app, 1, ApplicationAction::Of(cmd), At(1)),
                HasErrorReason(core::ErrorCode::kInvalidArgument, "application.decision_requires_committee"));
  }
}

TEST_F(ApplyTest, PayloadsAreRequiredWhereTheCommandNeedsThem) {
  Application evaluating = Draft();
  evaluating.state = S::kUnderEvaluation;
  EXPECT_THAT(Apply(evaluating, 1, ApplicationAction::ReturnForCorrection(""), At(1)),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "application.reason_required"));
  EXPECT_THAT(Apply(evaluating, 1, ApplicationAction::Of(C::kRecommend), At(1)),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "application.recommendation_required"));
  EXPECT_THAT(Apply(evaluating, 1, ApplicationAction::Recommend(RecommendationOutcome::kReject, ""), At(1)),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "application.recommendation_required"));
  EXPECT_THAT(Apply(evaluating, 1, ApplicationAction::Recommend(RecommendationOutcome::kReject, "R-3 not met"), At(1)),
              IsOk());
  Application recommended = Draft();
  recommended.state = S::kRecommended;
  EXPECT_THAT(Apply(recommended, 1, ApplicationAction::Of(C::kPutOnAgenda), At(1)),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "application.meeting_required"));
  // Withdrawal may give a reason but need not.
  EXPECT_THAT(Apply(recommended, 1, ApplicationAction::Withdraw(""), At(1)), IsOk());
}

TEST_F(ApplyTest, IllegalCommandsAreRefusedAfterTheirPayloadIsChecked) {
  EXPECT_THAT(Apply(Draft(), 1, ApplicationAction::Of(C::kStartEvaluation), At(1)),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "application.illegal_transition"));
  Application cloud = Draft();
  cloud.kind = K::kCloudService;
  cloud.state = S::kTechnicalReview;
  const auto audit = Apply(cloud, 1, ApplicationAction::RequestAdditionalAudit("controls changed"), At(1));
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->state, S::kAdditionalAudit);
  EXPECT_FALSE(IsEditable(audit->state));
}

}  // namespace
}  // namespace ismap::domain
