// The committee use cases (app/committee.hpp) on SQLite: meetings, agendas, attendance, decisions
// that create and change registrations, the expiry job and the public audit body list.
#include "app/committee.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "core/clock.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using domain::AgendaItem;
using domain::ApplicationKind;
using domain::ApplicationState;
using domain::Date;
using domain::DecisionOutcome;
using domain::RegistrationStatus;
using domain::Role;
using testing::HasError;
using testing::HasErrorReason;
using testing::IsOk;

core::TimePoint Noon(int y = 2026, unsigned m = 11, unsigned d = 25) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{3};
}

class CommitteeAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    body_ = Org(domain::OrganizationKind::kAuditBody, "監査法人A", "Audit Corp A");
    const auto jasa = Org(domain::OrganizationKind::kAuditBodyEvaluator, "評価機関", "Evaluator");
    const auto committee = Org(domain::OrganizationKind::kCommittee, "制度運営委員会", "Committee");
    const auto secretariat = Org(domain::OrganizationKind::kSecretariat, "事務局", "Secretariat");
    applicant_ = User(body_, domain::OrganizationKind::kAuditBody, Role::kAuditBodyAdmin, "a@x.jp");
    evaluator_ = User(jasa, domain::OrganizationKind::kAuditBodyEvaluator, Role::kEvaluator, "e@x.jp");
    member_ = User(committee, domain::OrganizationKind::kCommittee, Role::kCommitteeMember, "m@x.jp");
    secretariat_ = User(secretariat, domain::OrganizationKind::kSecretariat, Role::kSecretariat, "s@x.jp");
  }

  domain::OrganizationId Org(domain::OrganizationKind kind, const std::string& ja, const std::string& en) {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    auto org = (*uow)->Organizations().Insert({kind, ja, en, std::nullopt}, Noon());
    EXPECT_THAT((*uow)->Commit(), IsOk());
    return org->id;
  }

  Principal User(domain::OrganizationId org, domain::OrganizationKind kind, Role role, const std::string& email) {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    auto user = (*uow)->Users().Insert({org, email, email, {role}}, "hash", Noon());
    EXPECT_THAT(user, IsOk());
    EXPECT_THAT((*uow)->Commit(), IsOk());
    return Principal::ForUser(*user, kind);
  }

  AuditBodyApplicationInput Input() {
    AuditBodyApplicationInput input;
    input.dossier.content.legal_form = domain::LegalForm::kAuditCorporation;
    input.dossier.content.auditors = {
        {"監査 太郎", {{domain::QualificationKind::kCisa, "", "C-1", Date{2035, 3, 31}}}}};
    input.dossier.content.quality_control = "品質管理体制";
    input.dossier.content.independence_policy = "独立性の方針";
    input.dossier.contact_email = "contact@a.example.jp";
    input.dossier.contact_phone = "03-0000-0000";
    return input;
  }

  // An application taken through evaluation to a recommendation to approve.
  domain::ApplicationId Recommended(const AuditBodyApplicationInput& input) {
    auto created = CreateAuditBodyApplication(*db_, clock_, applicant_, input);
    EXPECT_THAT(created, IsOk());
    const auto id = created->application.id;
    EXPECT_THAT(SubmitAuditBodyApplication(*db_, clock_, settings_, applicant_, id, 1), IsOk());
    auto started = StartAuditBodyEvaluation(*db_, clock_, evaluator_, id, 2);
    EXPECT_THAT(started, IsOk());
    for (const auto& item : started->evaluation->items) {
      EXPECT_THAT(
          MarkAuditBodyEvaluationItem(*db_, clock_, evaluator_, id, 3, item.item_id, domain::ItemVerdict::kMet, ""),
          IsOk());
    }
    EXPECT_THAT(
        RecommendAuditBodyApplication(*db_, clock_, evaluator_, id, 3, domain::RecommendationOutcome::kApprove, "適合"),
        IsOk());
    return id;
  }

  // A meeting on the clock's day with the committee member present.
  domain::MeetingId Meeting() {
    auto meeting = CreateMeeting(*db_, clock_, secretariat_, domain::JapanDate(clock_.Now()));
    EXPECT_THAT(meeting, IsOk());
    EXPECT_THAT(RecordAttendance(*db_, clock_, secretariat_, meeting->id, {member_.user->id}), IsOk());
    return meeting->id;
  }

  std::vector<PublicAuditBody> PublicList() {
    auto list = ListPublicAuditBodies(*db_, Principal::Public(), domain::JapanDate(clock_.Now()));
    EXPECT_THAT(list, IsOk());
    return list.has_value() ? *list : std::vector<PublicAuditBody>{};
  }

  int LedgerCount(const std::string& type) {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 10000);
    EXPECT_THAT(events, IsOk());
    return static_cast<int>(
        std::count_if(events->begin(), events->end(), [&type](const auto& e) { return e.entry.type == type; }));
  }

  // Approves a new application at a fresh meeting; returns the registration.
  domain::Registration Approved() {
    const auto id = Recommended(Input());
    const auto meeting = Meeting();
    const auto item = AgendaItem::ForApplication(ApplicationKind::kAuditBody, id);
    EXPECT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting, item), IsOk());
    auto decided = Decide(*db_, clock_, settings_, member_, meeting, item, DecisionOutcome::kApprove, "要件に適合");
    EXPECT_THAT(decided, IsOk());
    EXPECT_EQ(decided->application->state, ApplicationState::kApproved);
    EXPECT_TRUE(decided->registration.has_value());
    return *decided->registration;
  }

  DecisionResult DecideRegistration(domain::RegistrationId id, DecisionOutcome outcome) {
    const auto meeting = Meeting();
    const auto item = AgendaItem::ForRegistration(ApplicationKind::kAuditBody, id);
    EXPECT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting, item), IsOk());
    auto decided = Decide(*db_, clock_, settings_, member_, meeting, item, outcome, "理由");
    EXPECT_THAT(decided, IsOk());
    return decided.has_value() ? *decided : DecisionResult{};
  }

  void SetTo(core::TimePoint t) {
    clock_.Advance(std::chrono::duration_cast<std::chrono::microseconds>(t - clock_.Now()));
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::Database> db_;
  core::ManualClock clock_{Noon()};
  AuditBodySettings settings_;
  domain::OrganizationId body_;
  Principal applicant_, evaluator_, member_, secretariat_;
};

TEST_F(CommitteeAppTest, ApprovalCreatesARegistrationOnThePublicList) {
  const auto registration = Approved();
  EXPECT_EQ(registration.number, "A26-0001");
  EXPECT_EQ(registration.registered_on, (Date{2026, 11, 25}));
  EXPECT_EQ(registration.holder, body_);

  const auto list = PublicList();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].name_ja, "監査法人A");
  EXPECT_EQ(list[0].name_en, "Audit Corp A");
  EXPECT_EQ(list[0].number, "A26-0001");
  EXPECT_EQ(list[0].status, RegistrationStatus::kActive);
  EXPECT_EQ(list[0].valid_until, registration.valid_until);
  EXPECT_EQ(list[0].contact_email, "contact@a.example.jp");
  EXPECT_EQ(LedgerCount("committee.decided"), 1);
  EXPECT_EQ(LedgerCount("registration.created"), 1);

  auto uow = db_->Begin(storage::TxMode::kRead);
  auto history = (*uow)->Registrations().History(registration.id);
  ASSERT_THAT(history, IsOk());
  ASSERT_EQ(history->size(), 1U);
  EXPECT_EQ((*history)[0].from, (Date{2026, 11, 25}));
}

TEST_F(CommitteeAppTest, SuspendReinstateAndRevokeChangeTheListedStatus) {
  const auto registration = Approved();
  SetTo(Noon(2026, 12, 1));
  auto suspended = DecideRegistration(registration.id, DecisionOutcome::kSuspend);
  ASSERT_TRUE(suspended.registration.has_value());
  EXPECT_EQ(suspended.registration->state, domain::RegistrationState::kSuspended);
  ASSERT_EQ(PublicList().size(), 1U);
  EXPECT_EQ(PublicList()[0].status, RegistrationStatus::kSuspended);
  EXPECT_EQ(LedgerCount("registration.suspend"), 1);

  SetTo(Noon(2026, 12, 10));
  DecideRegistration(registration.id, DecisionOutcome::kReinstate);
  EXPECT_EQ(PublicList()[0].status, RegistrationStatus::kActive);

  SetTo(Noon(2026, 12, 20));
  DecideRegistration(registration.id, DecisionOutcome::kRevoke);
  EXPECT_EQ(PublicList()[0].status, RegistrationStatus::kRevoked);
  EXPECT_EQ(LedgerCount("registration.revoke"), 1);

  auto uow = db_->Begin(storage::TxMode::kRead);
  auto history = (*uow)->Registrations().History(registration.id);
  ASSERT_THAT(history, IsOk());
  EXPECT_EQ(history->size(), 4U);
}

TEST_F(CommitteeAppTest, ARenewalApprovedExtendsTheValidity) {
  const auto registration = Approved();
  SetTo(Noon(2029, 10, 1));
  auto input = Input();
  input.purpose = domain::ApplicationPurpose::kRenewal;
  input.registration = registration.id;
  const auto renewal = Recommended(input);
  const auto meeting = Meeting();
  const auto item = AgendaItem::ForApplication(ApplicationKind::kAuditBody, renewal);
  ASSERT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting, item), IsOk());
  auto decided = Decide(*db_, clock_, settings_, member_, meeting, item, DecisionOutcome::kApprove, "更新を承認");
  ASSERT_THAT(decided, IsOk());
  ASSERT_TRUE(decided->registration.has_value());
  EXPECT_GT(decided->registration->valid_until, registration.valid_until);
  EXPECT_EQ(decided->registration->number, registration.number);
  EXPECT_EQ(LedgerCount("registration.renew"), 1);
  EXPECT_EQ(LedgerCount("registration.created"), 1);
}

TEST_F(CommitteeAppTest, TheExpiryJobIsIdempotent) {
  const auto registration = Approved();
  const Date after{registration.valid_until.year + 1, 1, 1};
  SetTo(Noon(after.year, 1, 1));
  EXPECT_THAT(ExpireRegistrations(*db_, clock_, applicant_, after), HasError(core::ErrorCode::kPermissionDenied));
  auto first = ExpireRegistrations(*db_, clock_, Principal::Operator(), after);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(*first, 1);
  auto second = ExpireRegistrations(*db_, clock_, Principal::Operator(), after);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(*second, 0);
  EXPECT_EQ(LedgerCount("registration.expire"), 1);
  ASSERT_EQ(PublicList().size(), 1U);
  EXPECT_EQ(PublicList()[0].status, RegistrationStatus::kExpired);
}

TEST_F(CommitteeAppTest, DecisionsOffTheAgendaTwiceOrByOthersAreRefused) {
  const auto on_agenda = Recommended(Input());
  const auto off_agenda = Recommended(Input());
  const auto meeting = Meeting();
  const auto item = AgendaItem::ForApplication(ApplicationKind::kAuditBody, on_agenda);
  const auto other = AgendaItem::ForApplication(ApplicationKind::kAuditBody, off_agenda);
  ASSERT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting, item), IsOk());

  EXPECT_THAT(AddToAgenda(*db_, clock_, member_, meeting, other), HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Decide(*db_, clock_, settings_, member_, meeting, other, DecisionOutcome::kApprove, "理由"),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.not_on_agenda"));
  EXPECT_THAT(Decide(*db_, clock_, settings_, secretariat_, meeting, item, DecisionOutcome::kApprove, "理由"),
              HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Decide(*db_, clock_, settings_, applicant_, meeting, item, DecisionOutcome::kApprove, "理由"),
              HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Decide(*db_, clock_, settings_, Principal::Public(), meeting, item, DecisionOutcome::kApprove, "理由"),
              HasError(core::ErrorCode::kUnauthenticated));
  EXPECT_THAT(CreateMeeting(*db_, clock_, Principal::Public(), Date{2026, 12, 1}),
              HasError(core::ErrorCode::kUnauthenticated));

  ASSERT_THAT(Decide(*db_, clock_, settings_, member_, meeting, item, DecisionOutcome::kReject, "不適合"), IsOk());
  EXPECT_THAT(Decide(*db_, clock_, settings_, member_, meeting, item, DecisionOutcome::kApprove, "再考"),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.already_decided"));
  EXPECT_EQ(LedgerCount("committee.decided"), 1);
  EXPECT_TRUE(PublicList().empty());
}

TEST_F(CommitteeAppTest, OnlyRecommendedApplicationsGoOnTheAgenda) {
  auto draft = CreateAuditBodyApplication(*db_, clock_, applicant_, Input());
  ASSERT_THAT(draft, IsOk());
  const auto meeting = Meeting();
  EXPECT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting,
                          AgendaItem::ForApplication(ApplicationKind::kAuditBody, draft->application.id)),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.not_recommended"));
  EXPECT_THAT(RecordAttendance(*db_, clock_, secretariat_, meeting, {applicant_.user->id}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.not_a_member"));
}

}  // namespace
}  // namespace ismap::app
