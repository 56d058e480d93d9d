// The audit engagement (issue 7): every (state, command) pair of its state machine, the rules an
// audit body's registration, auditors and independence impose on accepting and reporting, the
// per-control results, and what a cloud service application must hold to be submitted.
#include "domain/engagement.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;
using testing::IsOk;
using Es = EngagementState;
using core::ErrorCode;

const OrganizationId kBody{20};
const Date kToday{2026, 6, 1};
const core::TimePoint kNow = StartOfJapanDay(kToday);

std::vector<std::string> Reasons(const std::vector<Problem>& problems) {
  std::vector<std::string> reasons;
  for (const Problem& problem : problems) {
    reasons.push_back(problem.reason);
  }
  return reasons;
}

CloudService Service() {
  CloudService service;
  service.id = ServiceId{3};
  service.provider = OrganizationId{7};
  service.name_ja = "サンプルクラウド";
  service.regions = {"東京"};
  return service;
}

// Revision 1, submitted: adopts 4.1.1, 5.1.1 and 5.1.1.2, excludes 5.1.2.
Statement Submitted() {
  Statement statement;
  statement.id = StatementId{11};
  statement.service = ServiceId{3};
  statement.provider = OrganizationId{7};
  statement.state = StatementState::kSubmitted;
  statement.period = {{2025, 4, 1}, {2026, 3, 31}};
  statement.entries = {
      {"4.1.1", true, "", "方針"}, {"5.1.1", true, "", ""}, {"5.1.2", false, "対象外", ""}, {"5.1.1.2", true, "", ""}};
  statement.version = 2;
  return statement;
}

Registration BodyRegistration() {
  Registration registration;
  registration.id = RegistrationId{9};
  registration.register_kind = ApplicationKind::kAuditBody;
  registration.holder = kBody;
  registration.number = "A26-0001";
  registration.registered_on = {2026, 4, 1};
  registration.valid_until = {2029, 3, 31};
  return registration;
}

const IndependenceDeclaration kIndependent{true, "当法人は本言明書の作成に関与していない。"};

std::vector<Auditor> Auditors() {
  return {{"監査 一郎", {{QualificationKind::kCaisChief, "", "CC-1", Date{2027, 3, 31}}}}};
}

ControlResult Passed(std::string control) {
  return ControlResult{std::move(control), "設計書の閲覧と質問", true, true, AuditResult::kNoException, ""};
}

std::vector<ControlResult> AllPassed() { return {Passed("4.1.1"), Passed("5.1.1"), Passed("5.1.1.2")}; }

Engagement InState(Es state) {
  Engagement engagement;
  engagement.id = EngagementId{30};
  engagement.service = ServiceId{3};
  engagement.provider = OrganizationId{7};
  engagement.audit_body = kBody;
  engagement.statement = StatementId{11};
  engagement.state = state;
  engagement.version = 5;
  if (state != Es::kRequested && state != Es::kDeclined) {
    engagement.independence = kIndependent;
    engagement.auditors = Auditors();
    engagement.results = AllPassed();
  }
  return engagement;
}

TEST(EngagementEnums, RoundTrip) {
  for (Es state : {Es::kRequested, Es::kAccepted, Es::kDeclined, Es::kReportIssued, Es::kWithdrawn}) {
    EXPECT_EQ(EngagementStateFromString(ToString(state)), state);
  }
  for (AuditResult result : {AuditResult::kNoException, AuditResult::kException, AuditResult::kNotPerformed}) {
    EXPECT_EQ(AuditResultFromString(ToString(result)), result);
  }
  EXPECT_EQ(ToString(Es::kReportIssued), "report_issued");
  EXPECT_FALSE(EngagementStateFromString("issued"));
}

TEST(RequestEngagementTest, ASubmittedStatementOfTheServiceToARegisteredBody) {
  const auto engagement = RequestEngagement(Service(), Submitted(), kBody, BodyRegistration(), kToday, kNow);
  ASSERT_THAT(engagement, IsOk());
  EXPECT_EQ(engagement->state, Es::kRequested);
  EXPECT_EQ(engagement->service, ServiceId{3});
  EXPECT_EQ(engagement->provider, OrganizationId{7});
  EXPECT_EQ(engagement->audit_body, kBody);
  EXPECT_EQ(engagement->statement, StatementId{11});
  EXPECT_EQ(engagement->version, 1);
  EXPECT_EQ(engagement->created_at, kNow);
  EXPECT_TRUE(engagement->results.empty());

  Statement draft = Submitted();
  draft.state = StatementState::kDraft;
  EXPECT_THAT(RequestEngagement(Service(), draft, kBody, BodyRegistration(), kToday, kNow),
              HasErrorReason(ErrorCode::kFailedPrecondition, "engagement.statement_not_submitted"));
  Statement other = Submitted();
  other.service = ServiceId{4};
  EXPECT_THAT(RequestEngagement(Service(), other, kBody, BodyRegistration(), kToday, kNow),
              HasErrorReason(ErrorCode::kFailedPrecondition, "engagement.other_service"));
  Registration suspended = BodyRegistration();
  suspended.state = RegistrationState::kSuspended;
  EXPECT_THAT(RequestEngagement(Service(), Submitted(), kBody, suspended, kToday, kNow),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
  // Another body's registration does not count.
  EXPECT_THAT(RequestEngagement(Service(), Submitted(), OrganizationId{21}, BodyRegistration(), kToday, kNow),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
}

enum class Command { kAccept, kDecline, kWithdraw, kRecord, kIssue };

core::Result<Engagement> RunCommand(Command command, const Engagement& engagement) {
  switch (command) {
    case Command::kAccept:
      return AcceptEngagement(engagement, 5, BodyRegistration(), kIndependent, Auditors(), kToday);
    case Command::kDecline:
      return DeclineEngagement(engagement, 5, "利益相反のため");
    case Command::kWithdraw:
      return WithdrawEngagement(engagement, 5, "監査機関を変更する");
    case Command::kRecord:
      return RecordResults(engagement, 5, Submitted(), AllPassed());
    case Command::kIssue:
      return IssueReport(engagement, 5, Submitted(), BodyRegistration(), DocumentId{40}, kToday);
  }
  return core::MakeError(ErrorCode::kInternal, "test.unknown_command", "unknown command");
}

TEST(EngagementStateMachine, EveryStateCommandPairIsTheDefinedMoveOrIllegal) {
  const std::map<std::pair<Es, Command>, Es> expected = {
      {{Es::kRequested, Command::kAccept}, Es::kAccepted},    {{Es::kRequested, Command::kDecline}, Es::kDeclined},
      {{Es::kRequested, Command::kWithdraw}, Es::kWithdrawn}, {{Es::kAccepted, Command::kWithdraw}, Es::kWithdrawn},
      {{Es::kAccepted, Command::kRecord}, Es::kAccepted},     {{Es::kAccepted, Command::kIssue}, Es::kReportIssued},
  };
  const char* names[] = {"accept", "decline", "withdraw", "record", "issue"};
  for (Es state : {Es::kRequested, Es::kAccepted, Es::kDeclined, Es::kReportIssued, Es::kWithdrawn}) {
    for (Command command :
         {Command::kAccept, Command::kDecline, Command::kWithdraw, Command::kRecord, Command::kIssue}) {
      const std::string where = std::string(ToString(state)) + " × " + names[static_cast<int>(command)];
      const auto got = RunCommand(command, InState(state));
      const auto it = expected.find({state, command});
      if (it != expected.end()) {
        ASSERT_THAT(got, IsOk()) << where;
        EXPECT_EQ(got->state, it->second) << where;
        EXPECT_EQ(got->version, 6) << where;
      } else {
        ASSERT_THAT(got, HasErrorReason(ErrorCode::kFailedPrecondition, "engagement.illegal_transition")) << where;
        EXPECT_NE(got.error().message.find(std::string(ToString(state))), std::string::npos) << where;
      }
    }
  }
}

TEST(EngagementStateMachine, EveryCommandChecksTheVersionFirst) {
  const Engagement requested = InState(Es::kRequested);
  const Engagement accepted = InState(Es::kAccepted);
  EXPECT_THAT(CheckVersion(requested, 5), IsOk());
  EXPECT_THAT(CheckVersion(requested, 4), HasErrorReason(ErrorCode::kConflict, "engagement.stale_version"));
  EXPECT_THAT(AcceptEngagement(requested, 4, BodyRegistration(), kIndependent, Auditors(), kToday),
              HasErrorReason(ErrorCode::kConflict, "engagement.stale_version"));
  EXPECT_THAT(DeclineEngagement(requested, 4, "x"), HasErrorReason(ErrorCode::kConflict, "engagement.stale_version"));
  EXPECT_THAT(WithdrawEngagement(requested, 4, ""), HasErrorReason(ErrorCode::kConflict, "engagement.stale_version"));
  EXPECT_THAT(RecordResults(accepted, 4, Submitted(), AllPassed()),
              HasErrorReason(ErrorCode::kConflict, "engagement.stale_version"));
  EXPECT_THAT(IssueReport(accepted, 4, Submitted(), BodyRegistration(), DocumentId{40}, kToday),
              HasErrorReason(ErrorCode::kConflict, "engagement.stale_version"));
}

TEST(AcceptEngagementTest, RecordsIndependenceAndAuditors) {
  const auto accepted =
      AcceptEngagement(InState(Es::kRequested), 5, BodyRegistration(), kIndependent, Auditors(), kToday);
  ASSERT_THAT(accepted, IsOk());
  EXPECT_TRUE(accepted->independence.did_not_help_prepare_statement);
  EXPECT_EQ(accepted->independence.text, kIndependent.text);
  ASSERT_EQ(accepted->auditors.size(), 1u);
  EXPECT_EQ(accepted->auditors[0].name, "監査 一郎");
  // A registration past its validity with a renewal filed in time still takes engagements.
  Registration renewing = BodyRegistration();
  renewing.pending_renewal = ApplicationId{50};
  EXPECT_THAT(AcceptEngagement(InState(Es::kRequested), 5, renewing, kIndependent, {}, Date{2029, 4, 10}),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.no_current_auditor"));
  const std::vector<Auditor> current = {{"監査 二郎", {{QualificationKind::kCpa, "", "P-1", std::nullopt}}}};
  EXPECT_THAT(AcceptEngagement(InState(Es::kRequested), 5, renewing, kIndependent, current, Date{2029, 4, 10}), IsOk());
}

TEST(AcceptEngagementTest, RefusedUnlessRegisteredIndependentAndQualified) {
  const Engagement requested = InState(Es::kRequested);
  auto accept = [&](const Registration& registration, const IndependenceDeclaration& independence,
                    const std::vector<Auditor>& auditors, const Date& today) {
    return AcceptEngagement(requested, 5, registration, independence, auditors, today);
  };
  // Unregistered: before the registration day, another body's registration, not on the audit body list.
  EXPECT_THAT(accept(BodyRegistration(), kIndependent, Auditors(), Date{2026, 3, 31}),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
  Registration others = BodyRegistration();
  others.holder = OrganizationId{21};
  EXPECT_THAT(accept(others, kIndependent, Auditors(), kToday),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
  Registration service_list = BodyRegistration();
  service_list.register_kind = ApplicationKind::kCloudService;
  EXPECT_THAT(accept(service_list, kIndependent, Auditors(), kToday),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
  Registration suspended = BodyRegistration();
  suspended.state = RegistrationState::kSuspended;
  const auto refused = accept(suspended, kIndependent, Auditors(), kToday);
  ASSERT_THAT(refused, HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
  EXPECT_NE(refused.error().message.find("suspended"), std::string::npos);
  Registration expired = BodyRegistration();
  expired.state = RegistrationState::kExpired;
  EXPECT_THAT(accept(expired, kIndependent, Auditors(), kToday),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
  const std::vector<Auditor> no_expiry = {{"監査 二郎", {{QualificationKind::kCpa, "", "P-1", std::nullopt}}}};
  EXPECT_THAT(accept(BodyRegistration(), kIndependent, no_expiry, Date{2029, 4, 1}),  // lapsed, not yet recorded
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
  // Independence.
  EXPECT_THAT(accept(BodyRegistration(), IndependenceDeclaration{}, Auditors(), kToday),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.independence_not_declared"));
  EXPECT_THAT(accept(BodyRegistration(), {true, ""}, Auditors(), kToday),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.independence_not_declared"));
  // Auditors: the chief auditor's qualification runs out on 2027-03-31.
  EXPECT_THAT(accept(BodyRegistration(), kIndependent, Auditors(), Date{2027, 3, 31}), IsOk());
  const auto stale = accept(BodyRegistration(), kIndependent, Auditors(), Date{2027, 4, 1});
  ASSERT_THAT(stale, HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.qualification_expired"));
  EXPECT_NE(stale.error().message.find("監査 一郎"), std::string::npos);
  EXPECT_THAT(accept(BodyRegistration(), kIndependent, {}, kToday),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.no_current_auditor"));
  EXPECT_THAT(accept(BodyRegistration(), kIndependent, {{"監査 三郎", {}}}, kToday),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.auditor_unqualified"));
}

TEST(DeclineAndWithdraw, DeclineNeedsAReasonWithdrawKeepsOne) {
  EXPECT_THAT(DeclineEngagement(InState(Es::kRequested), 5, ""),
              HasErrorReason(ErrorCode::kInvalidArgument, "engagement.reason_required"));
  const auto declined = DeclineEngagement(InState(Es::kRequested), 5, "利益相反のため");
  ASSERT_THAT(declined, IsOk());
  EXPECT_EQ(declined->last_reason, "利益相反のため");
  const auto withdrawn = WithdrawEngagement(InState(Es::kAccepted), 5, "");  // the reason is optional
  ASSERT_THAT(withdrawn, IsOk());
  EXPECT_EQ(withdrawn->state, Es::kWithdrawn);
  EXPECT_EQ(WithdrawEngagement(InState(Es::kRequested), 5, "変更")->last_reason, "変更");
}

TEST(ResultProblemsTest, InTheStatementsOrderThenTheRest) {
  EXPECT_TRUE(ListResultProblems(Submitted(), AllPassed()).empty());
  EXPECT_TRUE(ListResultProblems(Submitted(), {}).empty());  // partial results are for IssueReport
  ControlResult not_performed{"5.1.1", "", false, false, AuditResult::kNotPerformed, ""};
  ControlResult no_procedure = Passed("5.1.1.2");
  no_procedure.procedure.clear();
  no_procedure.design = false;
  no_procedure.operating = false;
  ControlResult exception = Passed("4.1.1");
  exception.result = AuditResult::kException;
  ControlResult long_text = Passed("4.1.1");
  long_text.description = std::string(10001, 'x');
  const std::vector<ControlResult> results = {
      no_procedure,    exception, not_performed, long_text,
      Passed("5.1.2"),  // excluded in the statement
      Passed("9.9.9"),  // not in the statement
  };
  const auto problems = ListResultProblems(Submitted(), results);
  EXPECT_THAT(Reasons(problems),
              ::testing::ElementsAre("engagement.description_required",  // 4.1.1 (its first result)
                                     "engagement.procedure_required",    // 5.1.1, not performed
                                     "engagement.procedure_required",    // 5.1.1.2
                                     "engagement.evaluation_required",   // 5.1.1.2
                                     "engagement.duplicate_result",      // 4.1.1 again
                                     "engagement.unknown_control", "engagement.unknown_control"));
  EXPECT_NE(problems[0].message.find("4.1.1"), std::string::npos);
  EXPECT_NE(problems[5].message.find("5.1.2"), std::string::npos);
  EXPECT_NE(problems[6].message.find("9.9.9"), std::string::npos);
  EXPECT_THAT(Reasons(ListResultProblems(Submitted(), {long_text})),
              ::testing::ElementsAre("engagement.text_too_long"));
  ControlResult design_only = Passed("5.1.1");
  design_only.operating = false;
  ControlResult exception_described = exception;
  exception_described.description = "ログの保管期間が規程より短い";
  not_performed.procedure = "期間中に対象の事象がなかった";
  EXPECT_TRUE(ListResultProblems(Submitted(), {design_only, exception_described}).empty());
  EXPECT_TRUE(ListResultProblems(Submitted(), {not_performed}).empty());
}

TEST(RecordResultsTest, ReplacesTheResultsWhileAccepted) {
  Engagement accepted = InState(Es::kAccepted);
  accepted.results.clear();
  const auto recorded = RecordResults(accepted, 5, Submitted(), {Passed("5.1.1")});
  ASSERT_THAT(recorded, IsOk());
  ASSERT_EQ(recorded->results.size(), 1u);
  EXPECT_EQ(recorded->results[0].control_id, "5.1.1");
  const auto replaced = RecordResults(*recorded, 6, Submitted(), AllPassed());
  ASSERT_THAT(replaced, IsOk());
  EXPECT_EQ(replaced->results.size(), 3u);
  ControlResult exception = Passed("4.1.1");
  exception.result = AuditResult::kException;
  EXPECT_THAT(RecordResults(accepted, 5, Submitted(), {Passed("5.1.1"), exception}),
              HasErrorReason(ErrorCode::kInvalidArgument, "engagement.description_required"));
  EXPECT_THAT(RecordResults(accepted, 5, Submitted(), {Passed("5.1.2")}),
              HasErrorReason(ErrorCode::kInvalidArgument, "engagement.unknown_control"));
  Statement other = Submitted();
  other.id = StatementId{12};
  EXPECT_THAT(RecordResults(accepted, 5, other, AllPassed()),
              HasErrorReason(ErrorCode::kInvalidArgument, "engagement.other_statement"));
}

TEST(IssueReportTest, IssuesWithTheDocumentOnTheDay) {
  const auto issued = IssueReport(InState(Es::kAccepted), 5, Submitted(), BodyRegistration(), DocumentId{40}, kToday);
  ASSERT_THAT(issued, IsOk());
  EXPECT_EQ(issued->state, Es::kReportIssued);
  EXPECT_EQ(issued->report_document, DocumentId{40});
  EXPECT_EQ(issued->report_issued_on, kToday);
}

TEST(IssueReportTest, RefusedWithoutRegistrationDocumentOrEveryResult) {
  const Engagement accepted = InState(Es::kAccepted);
  Registration revoked = BodyRegistration();
  revoked.state = RegistrationState::kRevoked;
  EXPECT_THAT(IssueReport(accepted, 5, Submitted(), revoked, DocumentId{40}, kToday),
              HasErrorReason(ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
  EXPECT_THAT(IssueReport(accepted, 5, Submitted(), BodyRegistration(), DocumentId{}, kToday),
              HasErrorReason(ErrorCode::kInvalidArgument, "engagement.report_required"));
  Engagement partial = accepted;
  partial.results = {Passed("5.1.1")};
  const auto incomplete = IssueReport(partial, 5, Submitted(), BodyRegistration(), DocumentId{40}, kToday);
  ASSERT_THAT(incomplete, HasErrorReason(ErrorCode::kFailedPrecondition, "engagement.results_incomplete"));
  EXPECT_NE(incomplete.error().message.find("2 adopted controls"), std::string::npos) << incomplete.error().message;
  EXPECT_NE(incomplete.error().message.find("4.1.1"), std::string::npos);
  Engagement broken = accepted;
  broken.results[1].result = AuditResult::kException;  // recorded before a rule changed, say
  EXPECT_THAT(IssueReport(broken, 5, Submitted(), BodyRegistration(), DocumentId{40}, kToday),
              HasErrorReason(ErrorCode::kInvalidArgument, "engagement.description_required"));
  Statement other = Submitted();
  other.id = StatementId{12};
  EXPECT_THAT(IssueReport(accepted, 5, other, BodyRegistration(), DocumentId{40}, kToday),
              HasErrorReason(ErrorCode::kInvalidArgument, "engagement.other_statement"));
}

class ServiceApplicationTest : public ::testing::Test {
 protected:
  Application application_ = [] {
    Application application;
    application.id = ApplicationId{60};
    application.kind = ApplicationKind::kCloudService;
    application.applicant = OrganizationId{7};
    return application;
  }();
  ServiceApplicationContent content_ = [] {
    ServiceApplicationContent content;
    content.service = ServiceId{3};
    content.statement = StatementId{11};
    content.engagement = EngagementId{30};
    content.disclosures = {"親会社なし", "なし", "日本法・東京地方裁判所", "年1回の侵入テスト", "ISO/IEC 27001"};
    return content;
  }();
  CloudService service_ = Service();
  std::optional<Statement> statement_ = Submitted();
  std::optional<Engagement> engagement_ = InState(Es::kReportIssued);

  std::vector<std::string> Problems() const {
    return Reasons(ListServiceApplicationProblems(application_, content_, service_, statement_, engagement_));
  }
};

TEST_F(ServiceApplicationTest, ACompleteApplicationHasNone) { EXPECT_TRUE(Problems().empty()); }

TEST_F(ServiceApplicationTest, StatementAndServiceMustMatch) {
  statement_->service = ServiceId{4};
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.service_mismatch"));
  statement_ = Submitted();
  content_.service = ServiceId{4};
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.service_mismatch"));
  content_.service = ServiceId{3};
  application_.applicant = OrganizationId{8};  // another provider's service
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.service_mismatch"));
}

TEST_F(ServiceApplicationTest, ASubmittedStatementIsRequired) {
  content_.statement.reset();
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.statement_required"));
  content_.statement = StatementId{11};
  statement_.reset();
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.statement_required"));
  statement_ = Submitted();
  statement_->state = StatementState::kDraft;
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.statement_not_submitted"));
}

TEST_F(ServiceApplicationTest, AnEngagementWithItsReportIssuedOnThatVersion) {
  content_.engagement.reset();
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.engagement_required"));
  content_.engagement = EngagementId{30};
  engagement_.reset();
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.engagement_required"));
  engagement_ = InState(Es::kAccepted);
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.report_not_issued"));
  engagement_ = InState(Es::kReportIssued);
  engagement_->statement = StatementId{10};  // the report is on an earlier version
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.report_not_issued"));
}

TEST_F(ServiceApplicationTest, DisclosuresThenTheRegistrationInOrder) {
  content_.disclosures.capital_and_officers.clear();
  application_.purpose = ApplicationPurpose::kRenewal;
  application_.registration_id = RegistrationId{70};
  service_.registration_id = RegistrationId{71};
  EXPECT_THAT(Problems(),
              ::testing::ElementsAre("application.disclosure_required", "application.registration_mismatch"));
  content_.disclosures.capital_and_officers = "親会社なし";
  service_.registration_id = RegistrationId{70};
  EXPECT_TRUE(Problems().empty());
  application_.purpose = ApplicationPurpose::kChange;
  application_.registration_id.reset();
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.registration_mismatch"));
  service_.registration_id.reset();  // a change for a service never registered
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.registration_mismatch"));
}

TEST_F(ServiceApplicationTest, EverythingMissingInOrder) {
  content_ = ServiceApplicationContent{};
  content_.service = ServiceId{3};
  statement_.reset();
  engagement_.reset();
  EXPECT_THAT(Problems(), ::testing::ElementsAre("application.statement_required", "application.engagement_required",
                                                 "application.disclosure_required", "application.disclosure_required",
                                                 "application.disclosure_required", "application.disclosure_required",
                                                 "application.disclosure_required"));
}

TEST(ServiceRecommendation, ApprovalNeedsEveryFindingMetAndAnAdditionalAuditForChangedControls) {
  ServiceApplicationContent content;
  Evaluation review;
  review.items = {{"5.1.1", ItemVerdict::kMet, ""}, {"5.1.2", ItemVerdict::kUnanswered, ""}};
  EXPECT_THAT(CheckServiceRecommendation(RecommendationOutcome::kApprove, review, {}, content),
              HasErrorReason(ErrorCode::kFailedPrecondition, "review.finding_not_met"));
  EXPECT_THAT(CheckServiceRecommendation(RecommendationOutcome::kReject, review, {"5.1.1.1"}, content), IsOk());
  review.items[1].verdict = ItemVerdict::kMet;
  EXPECT_THAT(CheckServiceRecommendation(RecommendationOutcome::kApprove, review, {}, content), IsOk());
  EXPECT_THAT(CheckServiceRecommendation(RecommendationOutcome::kApprove, review, {"5.1.1.1"}, content),
              HasErrorReason(ErrorCode::kFailedPrecondition, "application.additional_audit_required"));
  content.additional_engagement = EngagementId(3);
  EXPECT_THAT(CheckServiceRecommendation(RecommendationOutcome::kApprove, review, {"5.1.1.1"}, content), IsOk());
  EXPECT_THAT(CheckServiceRecommendation(RecommendationOutcome::kApprove, std::nullopt, {}, content), IsOk());
}

}  // namespace
}  // namespace ismap::domain
