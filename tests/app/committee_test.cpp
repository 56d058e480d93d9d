// The committee use cases (app/committee.hpp) on every backend (SQLite, and PostgreSQL in a fresh
// database per test): meetings, agendas, attendance, decisions that create and change
// registrations, the expiry job, the public audit body list, and decisions taken at the same time
// from several threads (which only PostgreSQL really runs concurrently; SQLite serialises writers).
#include "app/committee.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <latch>
#include <set>
#include <thread>
#include <vector>

#include "app/audit_body_views.hpp"
#include "app/ledger.hpp"
#include "app/notifications.hpp"
#include "app/workflow_notifications.hpp"
#include "core/clock.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/backend_test.hpp"
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

class CommitteeAppTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    body_ = Org(domain::OrganizationKind::kAuditBody, "監査法人A", "Audit Corp A");
    const auto jasa = Org(domain::OrganizationKind::kAuditBodyEvaluator, "評価機関", "Evaluator");
    const auto committee = Org(domain::OrganizationKind::kCommittee, "制度運営委員会", "Committee");
    const auto secretariat = Org(domain::OrganizationKind::kSecretariat, "事務局", "Secretariat");
    applicant_ = User(body_, domain::OrganizationKind::kAuditBody, Role::kAuditBodyAdmin, "a@x.jp");
    evaluator_ = User(jasa, domain::OrganizationKind::kAuditBodyEvaluator, Role::kEvaluator, "e@x.jp");
    member_ = User(committee, domain::OrganizationKind::kCommittee, Role::kCommitteeMember, "m@x.jp");
    secretariat_ = User(secretariat, domain::OrganizationKind::kSecretariat, Role::kSecretariat, "s@x.jp");
    member2_ = User(committee, domain::OrganizationKind::kCommittee, Role::kCommitteeMember, "m2@x.jp");
    secretariat2_ = User(secretariat, domain::OrganizationKind::kSecretariat, Role::kSecretariat, "s2@x.jp");
  }

  domain::OrganizationId Org(domain::OrganizationKind kind, const std::string& ja, const std::string& en) {
    return testing::InsertOrganization(*db_, kind, ja, Noon(), en);
  }

  Principal User(domain::OrganizationId org, domain::OrganizationKind kind, Role role, const std::string& email) {
    return testing::InsertUser(*db_, org, kind, role, email, Noon());
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
  domain::MeetingId Meeting() { return Meeting(secretariat_, {member_.user->id}); }

  // A meeting on the clock's day, created by `by`, with `present` attending.
  domain::MeetingId Meeting(const Principal& by, const std::vector<domain::UserId>& present) {
    auto meeting = CreateMeeting(*db_, clock_, by, domain::JapanDate(clock_.Now()));
    EXPECT_THAT(meeting, IsOk());
    EXPECT_THAT(RecordAttendance(*db_, clock_, by, meeting->id, present), IsOk());
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

  core::ManualClock clock_{Noon()};
  AuditBodySettings settings_;
  domain::OrganizationId body_;
  Principal applicant_, evaluator_, member_, secretariat_;
  Principal member2_, secretariat2_;  // a second committee member and secretariat user, for the concurrent cases
};

TEST_P(CommitteeAppTest, ApprovalCreatesARegistrationOnThePublicList) {
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

TEST_P(CommitteeAppTest, TheHolderSeesWhenItsRegistrationIsDueForRenewal) {
  const auto registration = Approved();
  auto own = ListOwnRegistrations(*db_, clock_, settings_, applicant_);
  ASSERT_THAT(own, IsOk());
  ASSERT_EQ(own->size(), 1U);
  EXPECT_EQ((*own)[0].record.registration.id, registration.id);
  EXPECT_EQ((*own)[0].renewal_due_from, domain::AddDays(registration.valid_until, -settings_.renewal_notice_days));
  EXPECT_FALSE((*own)[0].renewal_due);
  // Ten days before the validity ends (noon in Japan), the renewal is due.
  clock_.Advance(std::chrono::duration_cast<std::chrono::microseconds>(
      domain::StartOfJapanDay(domain::AddDays(registration.valid_until, -10)) + std::chrono::hours(12) - clock_.Now()));
  own = ListOwnRegistrations(*db_, clock_, settings_, applicant_);
  ASSERT_THAT(own, IsOk());
  EXPECT_TRUE((*own)[0].renewal_due);
  // Nobody else's registrations; evaluators have no organisation registered.
  auto others = ListOwnRegistrations(*db_, clock_, settings_, evaluator_);
  ASSERT_THAT(others, IsOk());
  EXPECT_TRUE(others->empty());
  EXPECT_THAT(ListOwnRegistrations(*db_, clock_, settings_, Principal::Public()),
              HasError(core::ErrorCode::kUnauthenticated));
}

TEST_P(CommitteeAppTest, SuspendReinstateAndRevokeChangeTheListedStatus) {
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
  uow->reset();

  // The list and the body's record on a past day say what they said then.
  for (const auto& [day, status] :
       std::vector<std::pair<Date, RegistrationStatus>>{{{2026, 11, 30}, RegistrationStatus::kActive},
                                                        {{2026, 12, 5}, RegistrationStatus::kSuspended},
                                                        {{2026, 12, 15}, RegistrationStatus::kActive},
                                                        {{2026, 12, 20}, RegistrationStatus::kRevoked}}) {
    auto list = ListPublicAuditBodies(*db_, Principal::Public(), day);
    ASSERT_THAT(list, IsOk());
    ASSERT_EQ(list->size(), 1U);
    EXPECT_EQ((*list)[0].status, status) << domain::FormatDate(day);
    auto record = GetPublicAuditBody(*db_, Principal::Public(), body_, day);
    ASSERT_THAT(record, IsOk());
    EXPECT_EQ(record->listing.status, status) << domain::FormatDate(day);
  }
}

TEST_P(CommitteeAppTest, ARenewalApprovedExtendsTheValidity) {
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

TEST_P(CommitteeAppTest, TheExpiryJobIsIdempotent) {
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
  // The holder's admin is told once, however often the job runs.
  auto inbox = ListInbox(*db_, applicant_, 100, 0);
  ASSERT_THAT(inbox, IsOk());
  const auto expired_notices = std::count_if(inbox->items.begin(), inbox->items.end(), [](const auto& n) {
    return n.kind == kNoticeExpired && n.title_ja.find("失効") != std::string::npos;
  });
  EXPECT_EQ(expired_notices, 1);
}

TEST_P(CommitteeAppTest, DecisionsOffTheAgendaTwiceOrByOthersAreRefused) {
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

TEST_P(CommitteeAppTest, OnlyRecommendedApplicationsGoOnTheAgenda) {
  auto draft = CreateAuditBodyApplication(*db_, clock_, applicant_, Input());
  ASSERT_THAT(draft, IsOk());
  const auto meeting = Meeting();
  EXPECT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting,
                          AgendaItem::ForApplication(ApplicationKind::kAuditBody, draft->application.id)),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "committee.not_recommended"));
  EXPECT_THAT(RecordAttendance(*db_, clock_, secretariat_, meeting, {applicant_.user->id}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "committee.not_a_member"));
}

// Whether `error` is one of the answers the second of two simultaneous decisions on one item may
// get: the domain's refusal (it saw the first decision), the unique key's (it did not, and its
// insert met the first one's row), or a serialization failure.
::testing::AssertionResult IsLostDecisionRace(const core::Error& error) {
  const bool already_decided =
      (error.code == core::ErrorCode::kAlreadyExists || error.code == core::ErrorCode::kFailedPrecondition) &&
      error.reason == "committee.already_decided";
  if (already_decided || error.code == core::ErrorCode::kConflict) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "unexpected error " << core::ToString(error.code) << " (" << error.reason
                                       << "): " << error.message;
}

// Two committee members decide the same agenda item at the same moment, several times over: each
// time exactly one decision is stored and one registration created; the other member is told.
TEST_P(CommitteeAppTest, TwoMembersDecidingOneItemAtOnceStoreOneDecisionAndOneRegistration) {
  constexpr int kRounds = 5;
  for (int round = 1; round <= kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const auto id = Recommended(Input());
    const auto meeting = Meeting(secretariat_, {member_.user->id, member2_.user->id});
    const auto item = AgendaItem::ForApplication(ApplicationKind::kAuditBody, id);
    ASSERT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting, item), IsOk());

    std::latch start(2);
    std::vector<core::Result<DecisionResult>> results(2, core::MakeError(core::ErrorCode::kInternal, "", "not run"));
    std::vector<std::thread> threads;
    const std::vector<const Principal*> members = {&member_, &member2_};
    for (std::size_t i = 0; i < members.size(); ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        results[i] = Decide(*db_, clock_, settings_, *members[i], meeting, item, DecisionOutcome::kApprove,
                            "委員" + std::to_string(i + 1) + "の判断");
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }

    const int succeeded =
        static_cast<int>(std::count_if(results.begin(), results.end(), [](const auto& r) { return r.has_value(); }));
    ASSERT_EQ(succeeded, 1);
    const auto& winner = results[0].has_value() ? results[0] : results[1];
    const auto& loser = results[0].has_value() ? results[1] : results[0];
    EXPECT_TRUE(IsLostDecisionRace(loser.error()));
    ASSERT_TRUE(winner->registration.has_value());
    EXPECT_EQ(winner->registration->number, "A26-000" + std::to_string(round));
    EXPECT_EQ(winner->application->state, ApplicationState::kApproved);

    auto stored = GetMeeting(*db_, member_, meeting);
    ASSERT_THAT(stored, IsOk());
    ASSERT_EQ(stored->decisions.size(), 1U);
    EXPECT_EQ(stored->decisions[0].reason, winner->decision.reason);
    EXPECT_EQ(LedgerCount("committee.decided"), round);
    EXPECT_EQ(LedgerCount("registration.created"), round);
    EXPECT_EQ(PublicList().size(), static_cast<std::size_t>(round));
  }
  auto verification = VerifyLedger(*db_);
  ASSERT_THAT(verification, IsOk());
  EXPECT_FALSE(verification->bad_sequence) << verification->problem;
}

// Two secretariat users each put the next approvals on their meeting's agenda at the same time, and
// two members approve them at the same time: every registration gets a number of its own, and the
// numbers run without a gap.
TEST_P(CommitteeAppTest, ConcurrentApprovalsNeverShareARegistrationNumber) {
  constexpr int kPerMeeting = 4;
  const std::vector<const Principal*> secretaries = {&secretariat_, &secretariat2_};
  const std::vector<const Principal*> members = {&member_, &member2_};
  std::vector<domain::MeetingId> meetings;
  std::vector<std::vector<AgendaItem>> items(2);
  for (std::size_t m = 0; m < 2; ++m) {
    meetings.push_back(Meeting(*secretaries[m], {member_.user->id, member2_.user->id}));
    for (int i = 0; i < kPerMeeting; ++i) {
      items[m].push_back(AgendaItem::ForApplication(ApplicationKind::kAuditBody, Recommended(Input())));
    }
  }

  std::atomic<int> failures{0};
  std::vector<std::vector<std::string>> numbers(2);
  {
    std::latch start(2);
    std::vector<std::thread> threads;
    for (std::size_t m = 0; m < 2; ++m) {
      threads.emplace_back([&, m] {
        start.arrive_and_wait();
        for (const auto& item : items[m]) {
          auto added = AddToAgenda(*db_, clock_, *secretaries[m], meetings[m], item);
          EXPECT_THAT(added, IsOk());
          failures += added.has_value() ? 0 : 1;
        }
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
  }
  ASSERT_EQ(failures.load(), 0);
  {
    std::latch start(2);
    std::vector<std::thread> threads;
    for (std::size_t m = 0; m < 2; ++m) {
      threads.emplace_back([&, m] {
        start.arrive_and_wait();
        for (const auto& item : items[m]) {
          auto decided =
              Decide(*db_, clock_, settings_, *members[m], meetings[m], item, DecisionOutcome::kApprove, "要件に適合");
          EXPECT_THAT(decided, IsOk());
          if (decided.has_value() && decided->registration.has_value()) {
            numbers[m].push_back(decided->registration->number);
          } else {
            ++failures;
          }
        }
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
  }
  ASSERT_EQ(failures.load(), 0);

  std::set<std::string> distinct(numbers[0].begin(), numbers[0].end());
  distinct.insert(numbers[1].begin(), numbers[1].end());
  std::set<std::string> expected;
  for (int n = 1; n <= 2 * kPerMeeting; ++n) {
    expected.insert("A26-000" + std::to_string(n));
  }
  EXPECT_EQ(distinct, expected);
  EXPECT_EQ(LedgerCount("registration.created"), 2 * kPerMeeting);
  const auto list = PublicList();
  ASSERT_EQ(list.size(), static_cast<std::size_t>(2 * kPerMeeting));
  std::set<std::string> listed;
  for (const auto& entry : list) {
    listed.insert(entry.number);
  }
  EXPECT_EQ(listed, expected);
  auto verification = VerifyLedger(*db_);
  ASSERT_THAT(verification, IsOk());
  EXPECT_FALSE(verification->bad_sequence) << verification->problem;
}

// Agenda positions are taken as MAX+1: two secretaries adding different items to one meeting at
// the same moment must both succeed, in some order (PostgreSQL locks the meeting's row for it).
TEST_P(CommitteeAppTest, TwoSecretariesFillingOneAgendaAtOnceLoseNothing) {
  for (int round = 0; round < 10; ++round) {
    const auto meeting = Meeting(secretariat_, {member_.user->id});
    std::vector<AgendaItem> items;
    for (int i = 0; i < 2; ++i) {
      items.push_back(AgendaItem::ForApplication(ApplicationKind::kAuditBody, Recommended(Input())));
    }
    std::latch start(2);
    std::vector<std::thread> threads;
    const std::vector<const Principal*> secretaries = {&secretariat_, &secretariat2_};
    for (std::size_t m = 0; m < 2; ++m) {
      threads.emplace_back([&, m] {
        start.arrive_and_wait();
        EXPECT_THAT(AddToAgenda(*db_, clock_, *secretaries[m], meeting, items[m]), IsOk()) << "round " << round;
      });
    }
    for (auto& t : threads) {
      t.join();
    }
    auto stored = GetMeeting(*db_, secretariat_, meeting);
    ASSERT_THAT(stored, IsOk());
    EXPECT_EQ(stored->agenda.size(), 2U) << "round " << round;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CommitteeAppTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
