// The daily deadline job (app/deadlines.hpp) on every backend: renewals due and applications
// waiting too long are told once to the right users, nothing before the threshold, and a second
// run (the same day, or an hour later) tells nobody again.
#include "app/deadlines.hpp"

#include "app/workflow_notifications.hpp"
#include "domain/ledger.hpp"
#include "tests/app/workflow_fixture.hpp"

namespace ismap::app {
namespace {

using domain::Date;
using ::testing::ElementsAre;
using testing::HasError;
using ::testing::IsEmpty;
using testing::IsOk;

class DeadlinesTest : public WorkflowFixture {
 protected:
  Date Today() { return domain::JapanDate(clock_.Now()); }

  domain::RegistrationId Registration(domain::OrganizationId holder, const std::string& number, Date valid_until,
                                      domain::RegistrationState state = domain::RegistrationState::kActive) {
    domain::Registration r;
    r.register_kind = domain::ApplicationKind::kAuditBody;
    r.holder = holder;
    r.number = number;
    r.registered_on = {2023, 12, 1};
    r.valid_until = valid_until;
    r.state = state;
    auto uow = db_->Begin(storage::TxMode::kWrite);
    auto stored = (*uow)->Registrations().Insert(r, Noon());
    EXPECT_THAT(stored, IsOk());
    EXPECT_THAT((*uow)->Commit(), IsOk());
    return stored->id;
  }

  DeadlineReport Run() {
    auto report = NotifyDeadlines(*db_, clock_, settings_, Principal::Operator(), Today());
    EXPECT_THAT(report, IsOk());
    return report.has_value() ? *report : DeadlineReport{};
  }

  std::string Holder(domain::OrganizationId org) { return "/audit-bodies/" + std::to_string(org.value()); }
};

TEST_P(DeadlinesTest, RenewalDueIsToldOncePerPeriodFromTheNoticeWindowOn) {
  ASSERT_EQ(settings_.renewal_notice_days, 90);
  const Date today = Today();
  const auto soon = Registration(body_, "A23-0001", domain::AddDays(today, 30));
  const auto edge = Registration(rival_, "A23-0002", domain::AddDays(today, 90));
  Registration(rival_, "A23-0003", domain::AddDays(today, 91));  // tomorrow's
  Registration(body_, "A23-0004", domain::AddDays(today, 10), domain::RegistrationState::kSuspended);
  Registration(body_, "A23-0005", domain::AddDays(today, -1));  // ran out: the expiry job's

  const auto first = Run();
  EXPECT_THAT(first.renewal_due, ElementsAre(soon, edge));
  EXPECT_EQ(first.notifications, 2);
  EXPECT_THAT(Told(kNoticeRenewalDue), ElementsAre("admin@a.jp " + Holder(body_), "admin@b.jp " + Holder(rival_)));
  EXPECT_EQ(LedgerCount(domain::kEventDeadlinesNotified), 1);

  // An hour later, and again the same day: nobody is told twice, and nothing is recorded.
  Advance(std::chrono::hours{1});
  EXPECT_THAT(Run().renewal_due, IsEmpty());
  EXPECT_THAT(Run().renewal_due, IsEmpty());
  EXPECT_EQ(Told(kNoticeRenewalDue).size(), 2U);
  EXPECT_EQ(LedgerCount(domain::kEventDeadlinesNotified), 1);

  // The next day the third one enters its window; the first two are not told again.
  Advance(std::chrono::hours{24});
  const auto next = Run();
  ASSERT_EQ(next.renewal_due.size(), 1U);
  EXPECT_THAT(Told(kNoticeRenewalDue), ElementsAre("admin@a.jp " + Holder(body_), "admin@b.jp " + Holder(rival_),
                                                   "admin@b.jp " + Holder(rival_)));
  EXPECT_EQ(LedgerCount(domain::kEventDeadlinesNotified), 2);
}

TEST_P(DeadlinesTest, AnApplicationWaitingTooLongIsToldToWhomItWaitsOnOncePerState) {
  ASSERT_EQ(settings_.overdue_days, 14);
  const auto id = Submitted();
  const std::string link = "/audit-bodies/applications/" + std::to_string(id.value());

  // 14 days is not yet more than 14.
  Advance(std::chrono::hours{24 * 14});
  EXPECT_THAT(Run().overdue, IsEmpty());
  EXPECT_THAT(Told(kNoticeOverdue), IsEmpty());
  EXPECT_EQ(LedgerCount(domain::kEventDeadlinesNotified), 0);

  Advance(std::chrono::hours{24});
  EXPECT_THAT(Run().overdue, ElementsAre(id));
  EXPECT_THAT(Told(kNoticeOverdue), ElementsAre("e1@jasa.jp " + link, "e2@jasa.jp " + link));
  Advance(std::chrono::hours{1});
  EXPECT_THAT(Run().overdue, IsEmpty());
  Advance(std::chrono::hours{24});
  EXPECT_THAT(Run().overdue, IsEmpty());
  EXPECT_EQ(Told(kNoticeOverdue).size(), 2U);
  EXPECT_EQ(LedgerCount(domain::kEventDeadlinesNotified), 1);

  // Returned: now it waits on the applicant, told once its new wait is too long.
  ASSERT_THAT(StartAuditBodyEvaluation(*db_, clock_, evaluator_, id, 2), IsOk());
  ASSERT_THAT(ReturnAuditBodyApplication(*db_, clock_, evaluator_, id, 3, "修正を"), IsOk());
  Advance(std::chrono::hours{24 * 10});
  EXPECT_THAT(Run().overdue, IsEmpty());
  Advance(std::chrono::hours{24 * 6});
  EXPECT_THAT(Run().overdue, ElementsAre(id));
  EXPECT_THAT(Run().overdue, IsEmpty());
  EXPECT_THAT(Told(kNoticeOverdue), ElementsAre("admin@a.jp " + link, "e1@jasa.jp " + link, "e2@jasa.jp " + link));
  EXPECT_EQ(LedgerCount(domain::kEventDeadlinesNotified), 2);
}

TEST_P(DeadlinesTest, RecommendedWaitsOnTheSecretariatAndDraftsOnNobody) {
  const auto recommended = Recommended();
  ASSERT_THAT(CreateAuditBodyApplication(*db_, clock_, applicant_, Input()), IsOk());  // a draft
  Advance(std::chrono::hours{24 * 30});
  EXPECT_THAT(Run().overdue, ElementsAre(recommended));
  const std::string link = "/audit-bodies/applications/" + std::to_string(recommended.value());
  EXPECT_THAT(Told(kNoticeOverdue), ElementsAre("s1@sec.jp " + link, "s2@sec.jp " + link));
}

TEST_P(DeadlinesTest, OnTheAgendaOfAComingMeetingItIsNotOverdueBeforeTheMeeting) {
  const auto id = Recommended();
  auto meeting = CreateMeeting(*db_, clock_, secretariat_, domain::AddDays(Today(), 30));
  ASSERT_THAT(meeting, IsOk());
  ASSERT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting->id,
                          domain::AgendaItem::ForApplication(domain::ApplicationKind::kAuditBody, id)),
              IsOk());
  Advance(std::chrono::hours{24 * 20});
  EXPECT_THAT(Run().overdue, IsEmpty());
  Advance(std::chrono::hours{24 * 11});  // the meeting was yesterday, and nothing was decided
  EXPECT_THAT(Run().overdue, ElementsAre(id));
  const std::string link = "/audit-bodies/applications/" + std::to_string(id.value());
  EXPECT_THAT(Told(kNoticeOverdue), ElementsAre("m1@com.jp " + link, "m2@com.jp " + link));
}

TEST_P(DeadlinesTest, OnlyAdministratorsAndTheOperatorRunIt) {
  EXPECT_THAT(NotifyDeadlines(*db_, clock_, settings_, applicant_, Today()),
              HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(NotifyDeadlines(*db_, clock_, settings_, Principal::Public(), Today()),
              HasError(core::ErrorCode::kUnauthenticated));
  const auto admin = User(Org(domain::OrganizationKind::kSystem, "運用"), domain::OrganizationKind::kSystem,
                          domain::Role::kAdmin, "root@sys.jp");
  EXPECT_THAT(NotifyDeadlines(*db_, clock_, settings_, admin, Today()), IsOk());
}

INSTANTIATE_TEST_SUITE_P(Backends, DeadlinesTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
