#include "domain/audit_body_registration.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "domain/statement.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;
using testing::IsOk;
using St = RegistrationState;
using Ev = RegistrationEvent;
using K = ApplicationKind;

core::TimePoint JapanTime(const Date& date, int hour) { return StartOfJapanDay(date) + std::chrono::hours(hour); }

TEST(RegistrationTableTest, EveryStateEventPairIsTheExpectedMoveOrATypedRefusal) {
  const std::map<std::pair<St, Ev>, St> expected = {
      {{St::kActive, Ev::kRenewalApplied}, St::kActive}, {{St::kActive, Ev::kRenew}, St::kActive},
      {{St::kActive, Ev::kRenewalRefused}, St::kActive}, {{St::kActive, Ev::kSuspend}, St::kSuspended},
      {{St::kActive, Ev::kRevoke}, St::kRevoked},        {{St::kActive, Ev::kWithdraw}, St::kWithdrawn},
      {{St::kActive, Ev::kExpire}, St::kExpired},        {{St::kSuspended, Ev::kRenewalApplied}, St::kSuspended},
      {{St::kSuspended, Ev::kRenew}, St::kSuspended},    {{St::kSuspended, Ev::kRenewalRefused}, St::kSuspended},
      {{St::kSuspended, Ev::kReinstate}, St::kActive},   {{St::kSuspended, Ev::kRevoke}, St::kRevoked},
      {{St::kSuspended, Ev::kWithdraw}, St::kWithdrawn}, {{St::kSuspended, Ev::kExpire}, St::kExpired},
  };
  ASSERT_EQ(AllRegistrationStates().size(), 5u);
  ASSERT_EQ(AllRegistrationEvents().size(), 8u);
  for (St from : AllRegistrationStates()) {
    for (Ev event : AllRegistrationEvents()) {
      const auto got = TransitionRegistration(from, event);
      const std::string where = std::string(ToString(from)) + " × " + std::string(ToString(event));
      const auto it = expected.find({from, event});
      if (it != expected.end()) {
        ASSERT_TRUE(got) << where;
        EXPECT_EQ(*got, it->second) << where;
      } else {
        EXPECT_THAT(got, HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.illegal_transition"))
            << where;
      }
    }
  }
}

TEST(RegistrationTableTest, EnumsRoundTripAndActorsAreCommitteeExceptTwo) {
  for (St state : AllRegistrationStates()) {
    EXPECT_EQ(RegistrationStateFromString(ToString(state)), state);
  }
  for (Ev event : AllRegistrationEvents()) {
    EXPECT_EQ(RegistrationEventFromString(ToString(event)), event);
    const ActorKind expected = event == Ev::kRenewalApplied ? ActorKind::kApplicant
                               : event == Ev::kExpire       ? ActorKind::kSystem
                                                            : ActorKind::kCommittee;
    EXPECT_EQ(ExpectedActor(event), expected) << ToString(event);
  }
  EXPECT_EQ(RegistrationStatusFromString("renewal_pending"), RegistrationStatus::kRenewalPending);
  EXPECT_FALSE(RegistrationStateFromString("renewal_pending"));  // derived, never stored
}

class RegistrationTest : public ::testing::Test {
 protected:
  const Date kRegisteredOn{2026, 4, 1};
  const Date kValidUntil{2029, 3, 31};
  const Meeting kMeeting = [] {
    Meeting meeting;
    meeting.id = MeetingId{3};
    meeting.date = Date{2029, 2, 10};
    meeting.members_present = {UserId{1}};
    return meeting;
  }();
  const RegistrationPolicy kPolicy{};

  Registration Active() const {
    Registration registration;
    registration.id = RegistrationId{9};
    registration.register_kind = K::kAuditBody;
    registration.holder = OrganizationId{7};
    registration.number = "A26-0001";
    registration.registered_on = kRegisteredOn;
    registration.valid_until = kValidUntil;
    registration.version = 4;
    return registration;
  }

  Decision On(AgendaItem item, DecisionOutcome outcome, const Date& day, std::string reason = "reason") const {
    return Decision{kMeeting.id, item, outcome, std::move(reason), JapanTime(day, 10)};
  }
  AgendaItem Item() const { return AgendaItem::ForRegistration(K::kAuditBody, RegistrationId{9}); }
};

TEST_F(RegistrationTest, StatusIsDerivedFromTheDateAndAPendingRenewal) {
  Registration registration = Active();
  EXPECT_EQ(StatusOn(registration, kValidUntil), RegistrationStatus::kActive);
  EXPECT_EQ(StatusOn(registration, Date{2029, 4, 1}), RegistrationStatus::kExpired);
  registration.pending_renewal = ApplicationId{20};
  EXPECT_EQ(StatusOn(registration, kValidUntil), RegistrationStatus::kActive);
  EXPECT_EQ(StatusOn(registration, Date{2029, 4, 1}), RegistrationStatus::kRenewalPending);
  registration.state = St::kSuspended;
  EXPECT_EQ(StatusOn(registration, Date{2029, 4, 1}), RegistrationStatus::kSuspended);
  registration.pending_renewal.reset();
  EXPECT_EQ(StatusOn(registration, Date{2029, 4, 1}), RegistrationStatus::kExpired);
  registration.state = St::kRevoked;
  EXPECT_EQ(StatusOn(registration, kRegisteredOn), RegistrationStatus::kRevoked);
}

TEST_F(RegistrationTest, ApprovalCreatesANumberedRegistrationValidForThePolicysMonths) {
  Application application;
  application.id = ApplicationId{5};
  application.applicant = OrganizationId{7};
  application.state = ApplicationState::kApproved;
  const Decision approve{MeetingId{3}, AgendaItem::ForApplication(K::kAuditBody, ApplicationId{5}),
                         DecisionOutcome::kApprove, "all met", JapanTime(kRegisteredOn, 10)};
  auto registration = RegisterOnApproval(application, approve, kPolicy, 1);
  ASSERT_THAT(registration, IsOk());
  EXPECT_EQ(registration->number, "A26-0001");
  EXPECT_EQ(registration->registered_on, kRegisteredOn);
  EXPECT_EQ(registration->valid_until, kValidUntil);  // 36 months, counting the first day
  EXPECT_EQ(registration->holder, OrganizationId{7});
  EXPECT_EQ(registration->state, St::kActive);
  EXPECT_EQ(registration->version, 1);

  Application undecided = application;
  undecided.state = ApplicationState::kCommittee;
  EXPECT_THAT(RegisterOnApproval(undecided, approve, kPolicy, 1),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.application_not_approved"));
  Decision reject = approve;
  reject.outcome = DecisionOutcome::kReject;
  EXPECT_THAT(RegisterOnApproval(application, reject, kPolicy, 1),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.decision_for_other_item"));
  Application renewal = application;
  renewal.purpose = ApplicationPurpose::kRenewal;
  EXPECT_THAT(RegisterOnApproval(renewal, approve, kPolicy, 1),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "registration.not_a_new_application"));
}

TEST_F(RegistrationTest, CommitteeSuspendsReinstatesAndRevokes) {
  auto suspended =
      ApplyRegistrationDecision(Active(), 4, On(Item(), DecisionOutcome::kSuspend, Date{2027, 1, 1}), kPolicy);
  ASSERT_THAT(suspended, IsOk());
  EXPECT_EQ(suspended->state, St::kSuspended);
  EXPECT_EQ(suspended->version, 5);
  auto reinstated =
      ApplyRegistrationDecision(*suspended, 5, On(Item(), DecisionOutcome::kReinstate, Date{2027, 2, 1}), kPolicy);
  EXPECT_EQ(reinstated->state, St::kActive);
  auto revoked =
      ApplyRegistrationDecision(*reinstated, 6, On(Item(), DecisionOutcome::kRevoke, Date{2027, 3, 1}), kPolicy);
  EXPECT_EQ(revoked->state, St::kRevoked);
  EXPECT_THAT(
      ApplyRegistrationDecision(*revoked, 7, On(Item(), DecisionOutcome::kReinstate, Date{2027, 4, 1}), kPolicy),
      HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.illegal_transition"));
  EXPECT_THAT(ApplyRegistrationDecision(Active(), 3, On(Item(), DecisionOutcome::kSuspend, Date{2027, 1, 1}), kPolicy),
              HasErrorReason(core::ErrorCode::kConflict, "registration.stale_version"));
  EXPECT_THAT(
      ApplyRegistrationDecision(Active(), 4, On(Item(), DecisionOutcome::kSuspend, Date{2027, 1, 1}, ""), kPolicy),
      HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.reason_required"));
  const AgendaItem other = AgendaItem::ForRegistration(K::kCloudService, RegistrationId{9});
  EXPECT_THAT(ApplyRegistrationDecision(Active(), 4, On(other, DecisionOutcome::kSuspend, Date{2027, 1, 1}), kPolicy),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.decision_for_other_item"));
  auto deferred =
      ApplyRegistrationDecision(Active(), 4, On(Item(), DecisionOutcome::kDefer, Date{2027, 1, 1}), kPolicy);
  ASSERT_THAT(deferred, IsOk());
  EXPECT_EQ(deferred->version, 4);  // nothing changed
}

TEST_F(RegistrationTest, ATimelyRenewalKeepsItValidUntilTheCommitteeRenewsIt) {
  EXPECT_THAT(ApplyRenewalApplied(Active(), 4, ApplicationId{20}, Date{2029, 4, 1}),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.renewal_too_late"));
  auto pending = ApplyRenewalApplied(Active(), 4, ApplicationId{20}, kValidUntil);  // the last day is in time
  ASSERT_THAT(pending, IsOk());
  EXPECT_EQ(pending->pending_renewal, ApplicationId{20});
  EXPECT_THAT(ApplyRenewalApplied(*pending, 5, ApplicationId{21}, kValidUntil),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.renewal_already_pending"));
  // The daily job leaves it alone; the list shows it as renewal pending and it may take engagements.
  EXPECT_THAT(ApplyExpiry(*pending, 5, Date{2029, 5, 1}),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.renewal_pending"));
  EXPECT_EQ(StatusOn(*pending, Date{2029, 5, 1}), RegistrationStatus::kRenewalPending);
  EXPECT_THAT(MayTakeEngagement(*pending, Date{2029, 5, 1}), IsOk());
  const AgendaItem renewal_item = AgendaItem::ForApplication(K::kAuditBody, ApplicationId{20});
  auto renewed =
      ApplyRegistrationDecision(*pending, 5, On(renewal_item, DecisionOutcome::kApprove, Date{2029, 5, 20}), kPolicy);
  ASSERT_THAT(renewed, IsOk());
  EXPECT_EQ(renewed->valid_until, (Date{2032, 3, 31}));  // from 2029-04-01, no gap
  EXPECT_FALSE(renewed->pending_renewal);
  EXPECT_EQ(StatusOn(*renewed, Date{2029, 5, 20}), RegistrationStatus::kActive);
}

TEST_F(RegistrationTest, RenewalByRegistrationItemNeedsAPendingRenewal) {
  EXPECT_THAT(ApplyRegistrationDecision(Active(), 4, On(Item(), DecisionOutcome::kRenew, Date{2029, 2, 10}), kPolicy),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.no_pending_renewal"));
  Registration pending = Active();
  pending.pending_renewal = ApplicationId{20};
  auto renewed = ApplyRegistrationDecision(pending, 4, On(Item(), DecisionOutcome::kRenew, Date{2029, 2, 10}), kPolicy);
  ASSERT_THAT(renewed, IsOk());
  EXPECT_EQ(renewed->valid_until, (Date{2032, 3, 31}));
}

TEST_F(RegistrationTest, ARefusedRenewalLetsTheRegistrationLapse) {
  Registration pending = Active();
  pending.pending_renewal = ApplicationId{20};
  const AgendaItem renewal_item = AgendaItem::ForApplication(K::kAuditBody, ApplicationId{20});
  auto refused =
      ApplyRegistrationDecision(pending, 4, On(renewal_item, DecisionOutcome::kReject, Date{2029, 5, 20}), kPolicy);
  ASSERT_THAT(refused, IsOk());
  EXPECT_EQ(refused->valid_until, kValidUntil);
  EXPECT_EQ(StatusOn(*refused, Date{2029, 5, 20}), RegistrationStatus::kExpired);
  auto expired = ApplyExpiry(*refused, 5, Date{2029, 5, 21});
  ASSERT_THAT(expired, IsOk());
  EXPECT_EQ(expired->state, St::kExpired);
}

TEST_F(RegistrationTest, ExpiresOnlyAfterItsLastDayAndThenTakesNoDecisions) {
  EXPECT_THAT(ApplyExpiry(Active(), 4, kValidUntil),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.not_yet_expired"));
  auto expired = ApplyExpiry(Active(), 4, Date{2029, 4, 1});
  ASSERT_THAT(expired, IsOk());
  EXPECT_EQ(expired->state, St::kExpired);
  // Lapsed but not yet recorded by the job: the committee cannot suspend it either.
  EXPECT_THAT(ApplyRegistrationDecision(Active(), 4, On(Item(), DecisionOutcome::kSuspend, Date{2029, 4, 2}), kPolicy),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.illegal_transition"));
}

TEST_F(RegistrationTest, EngagementsOnlyWhileRegistered) {
  EXPECT_THAT(MayTakeEngagement(Active(), kRegisteredOn), IsOk());
  EXPECT_THAT(MayTakeEngagement(Active(), kValidUntil), IsOk());
  for (const Date& day : {Date{2026, 3, 31}, Date{2029, 4, 1}}) {
    EXPECT_THAT(MayTakeEngagement(Active(), day),
                HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
  }
  Registration suspended = Active();
  suspended.state = St::kSuspended;
  const auto refused = MayTakeEngagement(suspended, Date{2027, 1, 1});
  ASSERT_THAT(refused, HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
  EXPECT_NE(refused.error().message.find("suspended"), std::string::npos);
}

TEST(EngagementTest, EveryAuditorQualifiedAndEveryQualificationCurrent) {
  const Date day{2026, 6, 1};
  const Qualification current{QualificationKind::kCisa, "", "C-1", Date{2026, 6, 1}};
  const Qualification expired{QualificationKind::kCais, "", "K-2", Date{2026, 5, 31}};
  EXPECT_THAT(CheckEngagementAuditors({{"A", {current}}}, day), IsOk());
  EXPECT_THAT(CheckEngagementAuditors({}, day),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.no_current_auditor"));
  EXPECT_THAT(CheckEngagementAuditors({{"A", {current}}, {"B", {}}}, day),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.auditor_unqualified"));
  const auto result = CheckEngagementAuditors({{"A", {current}}, {"B", {current, expired}}}, day);
  ASSERT_THAT(result, HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.qualification_expired"));
  EXPECT_NE(result.error().message.find("B: cais K-2"), std::string::npos);
}

TEST(EngagementTest, IndependenceMustBeDeclaredInWords) {
  EXPECT_THAT(CheckIndependence({true, "当法人は本言明書の作成に関与していない。"}), IsOk());
  EXPECT_THAT(CheckIndependence({true, ""}),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.independence_not_declared"));
  EXPECT_THAT(CheckIndependence({false, "関与した"}),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.independence_not_declared"));
}

TEST(NumberTemplateTest, FormatsYearsAndZeroPaddedSerials) {
  const NumberTemplate standard;
  EXPECT_EQ(standard.text(), "A{yy}-{serial:4}");
  EXPECT_TRUE(standard.has_year());
  EXPECT_EQ(*standard.Format(2026, 1), "A26-0001");
  EXPECT_EQ(*standard.Format(2105, 9999), "A05-9999");
  EXPECT_THAT(standard.Format(2026, 10000),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.serial_exhausted"));
  EXPECT_THAT(standard.Format(2026, 0), HasErrorReason(core::ErrorCode::kInvalidArgument, "registration.bad_serial"));
  const auto service = NumberTemplate::Parse("C{yy}-{serial:4}-2");
  ASSERT_THAT(service, IsOk());
  EXPECT_EQ(*service->Format(2021, 4), "C21-0004-2");
  const auto plain = NumberTemplate::Parse("AB/{yyyy}/{serial}");
  ASSERT_THAT(plain, IsOk());
  EXPECT_EQ(*plain->Format(2026, 123456), "AB/2026/123456");
  EXPECT_FALSE(NumberTemplate::Parse("N{serial:3}")->has_year());
}

TEST(NumberTemplateTest, RefusesBadTemplates) {
  for (const char* bad : {"", "A{yy}-", "A{serial}{serial}", "A{yy-{serial}", "A}{serial}", "A{serial:0}",
                          "A{serial:10}", "A{serial:x}", "A{month}-{serial}", "A {serial}", "監{serial}",
                          "A{yy}-{serial:4}-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}) {
    EXPECT_THAT(NumberTemplate::Parse(bad),
                HasErrorReason(core::ErrorCode::kInvalidArgument, "registration.bad_number_template"))
        << bad;
  }
}

TEST(RegistrationPolicyTest, DefaultsAndLimits) {
  const RegistrationPolicy policy;
  EXPECT_EQ(policy.validity_months, 36);
  EXPECT_THAT(ValidateRegistrationPolicy(policy), IsOk());
  EXPECT_THAT(ValidateRegistrationPolicy(RegistrationPolicy{0, NumberTemplate()}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "registration.bad_policy"));
  EXPECT_THAT(ValidateRegistrationPolicy(RegistrationPolicy{121, NumberTemplate()}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "registration.bad_policy"));
}

// The cloud service list: validity from the statement's audit period, numbers from a template.
class ServiceRegistrationTest : public ::testing::Test {
 protected:
  const Date kDecidedOn{2026, 5, 20};
  const NumberTemplate kServiceNumbers = *NumberTemplate::Parse("C{yy}-{serial:4}-1");

  Application Approved() const {
    Application application;
    application.id = ApplicationId{15};
    application.kind = K::kCloudService;
    application.applicant = OrganizationId{7};
    application.state = ApplicationState::kApproved;
    return application;
  }
  Decision Approve(ApplicationId id) const {
    return Decision{MeetingId{3}, AgendaItem::ForApplication(K::kCloudService, id), DecisionOutcome::kApprove,
                    "all met", JapanTime(kDecidedOn, 10)};
  }
  Registration Registered(const Date& valid_until) const {
    Registration registration;
    registration.id = RegistrationId{19};
    registration.register_kind = K::kCloudService;
    registration.holder = OrganizationId{7};
    registration.number = "C26-0001-1";
    registration.registered_on = kDecidedOn;
    registration.valid_until = valid_until;
    registration.pending_renewal = ApplicationId{25};
    registration.version = 2;
    return registration;
  }
  Decision ApproveRenewal(const Date& day) const {
    return Decision{MeetingId{4}, AgendaItem::ForApplication(K::kCloudService, ApplicationId{25}),
                    DecisionOutcome::kApprove, "renewed", JapanTime(day, 10)};
  }
};

TEST_F(ServiceRegistrationTest, ValidUntilTheDayTheAuditPeriodGives) {
  const Date until = RegistrationValidUntil({{2025, 4, 1}, {2026, 3, 31}});
  ASSERT_EQ(until, (Date{2027, 7, 31}));
  const auto registration = RegisterOnApprovalUntil(Approved(), Approve(ApplicationId{15}), kServiceNumbers, 1, until);
  ASSERT_THAT(registration, IsOk());
  EXPECT_EQ(registration->number, "C26-0001-1");
  EXPECT_EQ(registration->register_kind, K::kCloudService);
  EXPECT_EQ(registration->holder, OrganizationId{7});
  EXPECT_EQ(registration->registered_on, kDecidedOn);
  EXPECT_EQ(registration->valid_until, until);
  EXPECT_EQ(registration->state, St::kActive);
  EXPECT_EQ(*kServiceNumbers.Format(2027, 123), "C27-0123-1");
  // Valid through the registration day itself at the least.
  EXPECT_THAT(RegisterOnApprovalUntil(Approved(), Approve(ApplicationId{15}), kServiceNumbers, 1, kDecidedOn), IsOk());
}

TEST_F(ServiceRegistrationTest, RefusesAValidityEndingBeforeTheRegistrationDay) {
  const auto refused =
      RegisterOnApprovalUntil(Approved(), Approve(ApplicationId{15}), kServiceNumbers, 1, Date{2026, 5, 19});
  ASSERT_THAT(refused, HasErrorReason(core::ErrorCode::kInvalidArgument, "registration.bad_validity"));
  EXPECT_NE(refused.error().message.find("2026-05-19"), std::string::npos);
  EXPECT_THAT(RegisterOnApprovalUntil(Approved(), Approve(ApplicationId{15}), kServiceNumbers, 1, Date{2026, 2, 30}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "registration.bad_validity"));
  // The checks RegisterOnApproval makes apply as well.
  Application renewal = Approved();
  renewal.purpose = ApplicationPurpose::kRenewal;
  EXPECT_THAT(RegisterOnApprovalUntil(renewal, Approve(ApplicationId{15}), kServiceNumbers, 1, Date{2027, 7, 31}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "registration.not_a_new_application"));
  EXPECT_THAT(RegisterOnApprovalUntil(Approved(), Approve(ApplicationId{16}), kServiceNumbers, 1, Date{2027, 7, 31}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.decision_for_other_item"));
  EXPECT_THAT(
      RegisterOnApprovalUntil(Approved(), Approve(ApplicationId{15}), kServiceNumbers, 10000, Date{2027, 7, 31}),
      HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.serial_exhausted"));
}

TEST_F(ServiceRegistrationTest, MonthEndAndLeapDayAuditPeriods) {
  // Counted from the day after the period (民法 140条), 16 months (143条): a day with no
  // counterpart in February ends the period on February's last day.
  EXPECT_EQ(RegistrationValidUntil({{2026, 11, 1}, {2027, 10, 31}}), (Date{2029, 2, 28}));   // from 11-01
  EXPECT_EQ(RegistrationValidUntil({{2026, 10, 30}, {2027, 10, 29}}), (Date{2029, 2, 28}));  // from 10-30
  EXPECT_EQ(RegistrationValidUntil({{2026, 10, 28}, {2027, 10, 27}}), (Date{2029, 2, 27}));  // from 10-28
  EXPECT_EQ(RegistrationValidUntil({{2025, 11, 1}, {2026, 10, 31}}), (Date{2028, 2, 29}));   // leap year
  EXPECT_EQ(RegistrationValidUntil({{2025, 10, 30}, {2026, 10, 29}}), (Date{2028, 2, 29}));  // 02-30 missing
  EXPECT_EQ(RegistrationValidUntil({{2025, 10, 29}, {2026, 10, 28}}), (Date{2028, 2, 28}));  // 02-29 exists
  EXPECT_EQ(RegistrationValidUntil({{2027, 3, 1}, {2028, 2, 29}}), (Date{2029, 6, 30}));     // ends on a leap day
}

TEST_F(ServiceRegistrationTest, RenewalTakesTheNewAuditPeriodsValidity) {
  const Date current = RegistrationValidUntil({{2025, 4, 1}, {2026, 3, 31}});  // 2027-07-31
  const Date renewed_until = RegistrationValidUntil({{2026, 11, 1}, {2027, 10, 31}});
  const auto renewed = ApplyRegistrationDecision(Registered(current), 2, ApproveRenewal({2027, 6, 10}),
                                                 RegistrationPolicy{}, renewed_until);
  ASSERT_THAT(renewed, IsOk());
  EXPECT_EQ(renewed->valid_until, (Date{2029, 2, 28}));  // not current + 36 months
  EXPECT_FALSE(renewed->pending_renewal);
  EXPECT_EQ(renewed->version, 3);
  // Decided after the old validity ran out, while the timely renewal was pending.
  const auto late = ApplyRegistrationDecision(Registered(current), 2, ApproveRenewal({2027, 8, 20}),
                                              RegistrationPolicy{}, Date{2029, 2, 28});
  ASSERT_THAT(late, IsOk());
  EXPECT_EQ(late->valid_until, (Date{2029, 2, 28}));
}

TEST_F(ServiceRegistrationTest, ARenewalThatDoesNotExtendIsRefused) {
  const Date current{2027, 7, 31};
  for (const Date& until : {current, Date{2027, 7, 30}, Date{2026, 12, 31}}) {
    const auto refused =
        ApplyRegistrationDecision(Registered(current), 2, ApproveRenewal({2027, 6, 10}), RegistrationPolicy{}, until);
    ASSERT_THAT(refused, HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.renewal_not_extending"))
        << FormatDate(until);
    EXPECT_NE(refused.error().message.find("2027-07-31"), std::string::npos);
  }
  EXPECT_EQ(ApplyRegistrationDecision(Registered(current), 2, ApproveRenewal({2027, 6, 10}), RegistrationPolicy{},
                                      Date{2027, 8, 1})
                ->valid_until,
            (Date{2027, 8, 1}));  // one day more is an extension
  // A refused renewal ignores the proposed day: the old validity stands.
  Decision reject = ApproveRenewal({2027, 6, 10});
  reject.outcome = DecisionOutcome::kReject;
  const auto refused_renewal =
      ApplyRegistrationDecision(Registered(current), 2, reject, RegistrationPolicy{}, Date{2029, 2, 28});
  ASSERT_THAT(refused_renewal, IsOk());
  EXPECT_EQ(refused_renewal->valid_until, current);
}

}  // namespace
}  // namespace ismap::domain
