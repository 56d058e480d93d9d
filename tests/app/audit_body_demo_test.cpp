// Demo mode's audit bodies (app/audit_body_demo.hpp) on SQLite: every state of an audit body's
// application, the public list with a suspended body, a past and an upcoming meeting, a sound
// ledger, and a second run that changes nothing.
#include "app/audit_body_demo.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <set>
#include <variant>

#include "app/committee.hpp"
#include "app/identity.hpp"
#include "app/ledger.hpp"
#include "app/system.hpp"
#include "domain/date.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using domain::ApplicationKind;
using domain::ApplicationState;
using domain::DecisionOutcome;
using testing::IsOk;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{3};
}

// Small argon2id parameters: the tests check behaviour, not hashing cost.
const core::PasswordHashParams kFastHashing{1, 8 * 1024 * 1024};

class AuditBodyDemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    ASSERT_THAT(InitializeSystem(*db_, clock_), IsOk());
  }

  void SeedUsers() { ASSERT_THAT(SeedDemoData(*db_, clock_, kFastHashing), IsOk()); }

  core::Result<int> Seed() { return SeedDemoAuditBodies(*db_, clock_, settings_, kFastHashing); }

  std::vector<domain::Application> Applications() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto all =
        (*uow)->Applications().ListByStates(ApplicationKind::kAuditBody, domain::AllApplicationStates(), 1000, 0);
    EXPECT_THAT(all, IsOk());
    return all.has_value() ? *all : std::vector<domain::Application>{};
  }

  std::vector<domain::Meeting> Meetings() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto meetings = (*uow)->Committee().ListMeetings(100, 0);
    EXPECT_THAT(meetings, IsOk());
    return meetings.has_value() ? *meetings : std::vector<domain::Meeting>{};
  }

  std::map<std::string, int> LedgerTypes() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 100000);
    EXPECT_THAT(events, IsOk());
    std::map<std::string, int> types;
    for (const auto& e : *events) {
      ++types[e.entry.type];
    }
    return types;
  }

  std::int64_t LedgerCount() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    return *(*uow)->Ledger().Count();
  }

  domain::Date Today() const { return domain::JapanDate(clock_.Now()); }

  testing::TempDir dir_;
  core::ManualClock clock_{Noon()};
  std::unique_ptr<storage::Database> db_;
  AuditBodySettings settings_;
};

TEST_F(AuditBodyDemoTest, EveryStateOfAnAuditBodyApplicationIsThere) {
  SeedUsers();
  auto seeded = Seed();
  ASSERT_THAT(seeded, IsOk());
  const auto applications = Applications();
  EXPECT_EQ(*seeded, static_cast<int>(applications.size()));

  std::set<ApplicationState> states;
  for (const auto& a : applications) {
    states.insert(a.state);
  }
  for (const auto state : {ApplicationState::kDraft, ApplicationState::kSubmitted, ApplicationState::kUnderEvaluation,
                           ApplicationState::kReturned, ApplicationState::kRecommended, ApplicationState::kCommittee,
                           ApplicationState::kApproved, ApplicationState::kRejected, ApplicationState::kWithdrawn}) {
    EXPECT_TRUE(states.contains(state)) << domain::ToString(state);
  }
  // Only states an audit body's application can reach (none of the cloud services' own).
  for (const auto state : states) {
    EXPECT_TRUE(domain::IsTerminal(state) || domain::WaitingOn(ApplicationKind::kAuditBody, state).has_value())
        << domain::ToString(state);
  }
  // The demo login's audit body (SeedDemoData's) has applications of its own to act on.
  auto uow = db_->Begin(storage::TxMode::kRead);
  auto admin = (*uow)->Users().FindCredentialsByEmail(DemoEmail(domain::Role::kAuditBodyAdmin));
  ASSERT_THAT(admin, IsOk());
  ASSERT_TRUE(admin->has_value());
  const auto own = std::count_if(applications.begin(), applications.end(), [&](const domain::Application& a) {
    return a.applicant == (*admin)->user.organization_id && a.state == ApplicationState::kReturned;
  });
  EXPECT_EQ(own, 1);
}

TEST_F(AuditBodyDemoTest, ThePublicListHasFourBodiesOneSuspended) {
  SeedUsers();
  ASSERT_THAT(Seed(), IsOk());
  auto list = ListPublicAuditBodies(*db_, Principal::Public(), Today());
  ASSERT_THAT(list, IsOk());
  EXPECT_GE(list->size(), 4U);
  EXPECT_EQ(std::count_if(list->begin(), list->end(),
                          [](const PublicAuditBody& b) { return b.status == domain::RegistrationStatus::kSuspended; }),
            1);
  for (const auto& body : *list) {
    EXPECT_FALSE(body.name_ja.empty());
    EXPECT_FALSE(body.name_en.empty());
    EXPECT_THAT(body.contact_email, ::testing::EndsWith(".example.jp"));
    EXPECT_LT(body.registered_on, Today());
    EXPECT_GT(body.valid_until, Today());
  }
  // The suspended one was active from its registration until the day of the suspension.
  const auto suspended = std::find_if(list->begin(), list->end(), [](const PublicAuditBody& b) {
    return b.status == domain::RegistrationStatus::kSuspended;
  });
  ASSERT_NE(suspended, list->end());
  auto uow = db_->Begin(storage::TxMode::kRead);
  auto history = (*uow)->Registrations().History(suspended->registration_id);
  ASSERT_THAT(history, IsOk());
  ASSERT_EQ(history->size(), 2U);
  EXPECT_EQ((*history)[0].state, domain::RegistrationState::kActive);
  EXPECT_EQ((*history)[0].from, suspended->registered_on);
  EXPECT_EQ((*history)[1].state, domain::RegistrationState::kSuspended);
  EXPECT_GT((*history)[1].from, suspended->registered_on);
  EXPECT_LT((*history)[1].from, Today());
}

TEST_F(AuditBodyDemoTest, APastMeetingDecidedAndAnUpcomingOneHasItsAgenda) {
  SeedUsers();
  ASSERT_THAT(Seed(), IsOk());
  const auto meetings = Meetings();
  const auto past = std::find_if(meetings.begin(), meetings.end(), [&](const domain::Meeting& m) {
    return m.date < Today() && !m.members_present.empty() && !m.agenda.empty() && !m.decisions.empty();
  });
  ASSERT_NE(past, meetings.end());
  // The suspension was decided at a past meeting, with its reason.
  bool suspended = false;
  for (const auto& m : meetings) {
    for (const auto& d : m.decisions) {
      EXPECT_LT(m.date, Today());
      EXPECT_FALSE(d.reason.empty());
      if (d.outcome == DecisionOutcome::kSuspend) {
        suspended = true;
        EXPECT_EQ(d.item.kind(), domain::AgendaItemKind::kRegistration);
      }
    }
  }
  EXPECT_TRUE(suspended);

  const auto upcoming =
      std::find_if(meetings.begin(), meetings.end(), [&](const domain::Meeting& m) { return m.date > Today(); });
  ASSERT_NE(upcoming, meetings.end());
  EXPECT_TRUE(upcoming->decisions.empty());
  ASSERT_FALSE(upcoming->agenda.empty());
  const auto* id = std::get_if<domain::ApplicationId>(&upcoming->agenda.front().subject);
  ASSERT_NE(id, nullptr);
  auto uow = db_->Begin(storage::TxMode::kRead);
  auto application = (*uow)->Applications().Get(*id);
  ASSERT_THAT(application, IsOk());
  EXPECT_EQ(application->state, ApplicationState::kCommittee);
  ASSERT_TRUE(application->meeting_id.has_value());
  EXPECT_EQ(*application->meeting_id, upcoming->id);
}

TEST_F(AuditBodyDemoTest, EveryStepIsALedgerEventAndTheChainHolds) {
  SeedUsers();
  ASSERT_THAT(Seed(), IsOk());
  auto types = LedgerTypes();
  const auto applications = Applications();
  EXPECT_EQ(types["audit_body.application_created"], static_cast<int>(applications.size()));
  EXPECT_GE(types["audit_body.submitted"], 1);
  EXPECT_GE(types["audit_body.evaluated"], 1);
  EXPECT_EQ(types["audit_body.returned"], 1);
  EXPECT_EQ(types["audit_body.withdrawn"], 1);
  EXPECT_EQ(types["committee.meeting_created"], static_cast<int>(Meetings().size()));
  EXPECT_EQ(types["registration.created"], 4);
  EXPECT_EQ(types["registration.suspend"], 1);
  auto verified = VerifyLedger(*db_);
  ASSERT_THAT(verified, IsOk());
  EXPECT_FALSE(verified->bad_sequence.has_value()) << verified->problem;
}

TEST_F(AuditBodyDemoTest, SeedingTwiceChangesNothing) {
  SeedUsers();
  ASSERT_THAT(Seed(), IsOk());
  const auto applications = Applications().size();
  const auto events = LedgerCount();
  const auto meetings = Meetings().size();
  auto again = Seed();
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(Applications().size(), applications);
  EXPECT_EQ(LedgerCount(), events);
  EXPECT_EQ(Meetings().size(), meetings);
}

TEST_F(AuditBodyDemoTest, WithoutTheDemoUsersNothingIsSeeded) {
  const auto events = LedgerCount();
  auto seeded = Seed();
  ASSERT_THAT(seeded, IsOk());
  EXPECT_EQ(*seeded, 0);
  EXPECT_TRUE(Applications().empty());
  EXPECT_EQ(LedgerCount(), events);
}

TEST_F(AuditBodyDemoTest, WithoutARequirementSetTheDemoSetIsStoredFirst) {
  SeedUsers();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("test.db").c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "DELETE FROM requirement_sets", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);

  ASSERT_THAT(Seed(), IsOk());
  auto uow = db_->Begin(storage::TxMode::kRead);
  auto current = (*uow)->RequirementSets().Current();
  ASSERT_THAT(current, IsOk());
  EXPECT_EQ(current->version, kDemoRequirementSetVersion);
  EXPECT_EQ(LedgerTypes()["audit_body.requirement_set_published"], 1);
  for (const auto& a : Applications()) {
    auto evaluation = (*uow)->Applications().GetEvaluation(a.id);
    ASSERT_THAT(evaluation, IsOk());
    if (evaluation->has_value()) {
      EXPECT_EQ((*evaluation)->requirement_set_version, kDemoRequirementSetVersion);
    }
  }
}

}  // namespace
}  // namespace ismap::app
