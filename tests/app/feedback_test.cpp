// Feedback use cases (issue 9) on both backends: an agency's threads are its own (another agency's
// is not found, in the list, by id and for every command), the operators answer and both sides see
// the thread, every change is a ledger event with its notice in the other side's inbox, a stale
// change is refused, and the counts — the secretariat's and the operational report's query —
// equal what the test computes from the threads it made.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "app/feedback.hpp"
#include "app/notifications.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using domain::FeedbackSide;
using domain::FeedbackState;
using domain::FeedbackTopic;
using domain::OrganizationKind;
using domain::Role;
using testing::HasError;
using testing::HasErrorReason;
using testing::IsOk;

core::TimePoint Day(int month, int day, int hour_utc = 3) {
  using namespace std::chrono;
  return sys_days{year{2026} / month / day} + hours{hour_utc};
}

class FeedbackAppTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    const auto t = Day(10, 1);
    agency_a_ = testing::InsertOrganization(*db_, OrganizationKind::kAgency, "デジタル庁", t, "Digital Agency");
    agency_b_ = testing::InsertOrganization(*db_, OrganizationKind::kAgency, "総務省", t, "MIC");
    const auto secretariat = testing::InsertOrganization(*db_, OrganizationKind::kSecretariat, "事務局", t);
    const auto support = testing::InsertOrganization(*db_, OrganizationKind::kOperationsSupportBody, "運用支援機関", t);
    const auto csp = testing::InsertOrganization(*db_, OrganizationKind::kCsp, "クラウド株式会社", t);
    member_a_ = testing::InsertUser(*db_, agency_a_, OrganizationKind::kAgency, Role::kAgencyMember, "a@example.jp", t);
    ciso_a_ = testing::InsertUser(*db_, agency_a_, OrganizationKind::kAgency, Role::kAgencyCiso, "ciso@example.jp", t);
    member_b_ = testing::InsertUser(*db_, agency_b_, OrganizationKind::kAgency, Role::kAgencyMember, "b@example.jp", t);
    secretariat_ =
        testing::InsertUser(*db_, secretariat, OrganizationKind::kSecretariat, Role::kSecretariat, "s@example.jp", t);
    reviewer_ = testing::InsertUser(*db_, support, OrganizationKind::kOperationsSupportBody, Role::kReviewer,
                                    "r@example.jp", t);
    csp_ = testing::InsertUser(*db_, csp, OrganizationKind::kCsp, Role::kCspAdmin, "c@example.jp", t);
  }

  FeedbackService Feedback() { return FeedbackService(*db_, clock_); }

  domain::FeedbackThreadId OpenAs(const Principal& who, FeedbackTopic topic, const std::string& subject) {
    auto view = Feedback().Open(who, topic, subject, "本文です。");
    EXPECT_THAT(view, IsOk());
    return view.has_value() ? view->thread.id : domain::FeedbackThreadId();
  }

  std::vector<std::string> LedgerTypes(domain::FeedbackThreadId id) {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().ListBySubject(FeedbackSubject(id), 100);
    EXPECT_THAT(events, IsOk());
    std::vector<std::string> types;
    for (const auto& event : *events) {
      types.push_back(event.entry.type);
    }
    return types;
  }

  std::int64_t Unread(const Principal& who) {
    auto unread = CountUnread(*db_, who);
    EXPECT_THAT(unread, IsOk());
    return unread.has_value() ? *unread : -1;
  }

  core::ManualClock clock_{Day(10, 1)};
  domain::OrganizationId agency_a_;
  domain::OrganizationId agency_b_;
  Principal member_a_, ciso_a_, member_b_, secretariat_, reviewer_, csp_;
};

TEST_P(FeedbackAppTest, AgencySendsOperatorAnswersBothSeeTheThread) {
  auto opened =
      Feedback().Open(member_a_, FeedbackTopic::kCloudServiceList, "リストの絞り込み", "地域で絞り込みたい。");
  ASSERT_THAT(opened, IsOk());
  const auto id = opened->thread.id;
  EXPECT_EQ(opened->thread.state, FeedbackState::kOpen);
  EXPECT_EQ(opened->thread.agency, agency_a_);
  EXPECT_EQ(Unread(secretariat_), 1);
  EXPECT_EQ(Unread(reviewer_), 1);

  clock_.Advance(std::chrono::hours(2));
  auto answered = Feedback().Post(secretariat_, id, "次の改修で対応します。");
  ASSERT_THAT(answered, IsOk());
  EXPECT_EQ(answered->thread.state, FeedbackState::kAnswered);
  EXPECT_EQ(answered->viewer_side, FeedbackSide::kOperator);
  EXPECT_EQ(Unread(member_a_), 1);

  // The agency's other user sees it too, with both messages, names resolved.
  auto seen = Feedback().Get(ciso_a_, id);
  ASSERT_THAT(seen, IsOk());
  ASSERT_EQ(seen->thread.messages.size(), 2u);
  EXPECT_EQ(seen->thread.messages[0].side, FeedbackSide::kAgency);
  EXPECT_EQ(seen->thread.messages[1].side, FeedbackSide::kOperator);
  EXPECT_EQ(seen->thread.messages[1].body, "次の改修で対応します。");
  EXPECT_EQ(seen->users.at(secretariat_.user->id.value()), "s@example.jp");
  EXPECT_EQ(seen->organizations.at(agency_a_.value()).name_en, "Digital Agency");
  EXPECT_EQ(seen->thread.first_answer_at, opened->thread.created_at + std::chrono::hours(2));

  // The CISO writes: open again; the operators are told.
  ASSERT_THAT(Feedback().Post(ciso_a_, id, "時期を教えてください。"), IsOk());
  EXPECT_EQ(Feedback().Get(reviewer_, id)->thread.state, FeedbackState::kOpen);
  EXPECT_EQ(Unread(reviewer_), 2);

  // The reviewer closes; the agency reopens; the operators cannot.
  ASSERT_THAT(Feedback().Close(reviewer_, id), IsOk());
  EXPECT_THAT(Feedback().Post(member_a_, id, "まだ"),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "feedback.closed"));
  EXPECT_THAT(Feedback().Reopen(secretariat_, id),
              HasErrorReason(core::ErrorCode::kPermissionDenied, "feedback.reopen_agency_only"));
  auto reopened = Feedback().Reopen(member_a_, id);
  ASSERT_THAT(reopened, IsOk());
  EXPECT_EQ(reopened->thread.state, FeedbackState::kOpen);
  ASSERT_THAT(Feedback().Close(member_a_, id), IsOk());
  EXPECT_THAT(Feedback().Close(secretariat_, id),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "feedback.already_closed"));

  EXPECT_EQ(LedgerTypes(id),
            (std::vector<std::string>{"feedback.opened", "feedback.message_posted", "feedback.message_posted",
                                      "feedback.closed", "feedback.reopened", "feedback.closed"}));
  auto final_state = Feedback().Get(member_a_, id);
  ASSERT_THAT(final_state, IsOk());
  EXPECT_EQ(final_state->thread.version, 6);
  EXPECT_EQ(final_state->thread.message_count, 3);
}

TEST_P(FeedbackAppTest, AnAgencyNeverSeesAnotherAgencysThreads) {
  const auto a = OpenAs(member_a_, FeedbackTopic::kCriteria, "管理基準の解釈");
  const auto b = OpenAs(member_b_, FeedbackTopic::kProcedure, "手続の期間");

  auto list_b = Feedback().List(member_b_, {});
  ASSERT_THAT(list_b, IsOk());
  ASSERT_EQ(list_b->items.size(), 1u);
  EXPECT_EQ(list_b->items[0].id, b);
  EXPECT_EQ(list_b->organizations.count(agency_a_.value()), 0u);

  // By id, and for every command: not found, as if it did not exist, and nothing written.
  EXPECT_THAT(Feedback().Get(member_b_, a), HasErrorReason(core::ErrorCode::kNotFound, "feedback.not_found"));
  EXPECT_THAT(Feedback().Post(member_b_, a, "横から"),
              HasErrorReason(core::ErrorCode::kNotFound, "feedback.not_found"));
  EXPECT_THAT(Feedback().Close(member_b_, a), HasErrorReason(core::ErrorCode::kNotFound, "feedback.not_found"));
  EXPECT_THAT(Feedback().Reopen(member_b_, a), HasErrorReason(core::ErrorCode::kNotFound, "feedback.not_found"));
  EXPECT_THAT(Feedback().Get(member_b_, domain::FeedbackThreadId(9999)),
              HasErrorReason(core::ErrorCode::kNotFound, "feedback.not_found"));
  EXPECT_EQ(LedgerTypes(a), std::vector<std::string>{"feedback.opened"});
  EXPECT_EQ(Feedback().Get(member_a_, a)->thread.message_count, 1);

  // The operators see both; others are refused outright.
  auto all = Feedback().List(reviewer_, {});
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->items.size(), 2u);
  EXPECT_THAT(Feedback().List(csp_, {}), HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Feedback().Get(csp_, a), HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Feedback().Open(secretariat_, FeedbackTopic::kOther, "件名", "本文"),
              HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Feedback().Open(Principal::Public(), FeedbackTopic::kOther, "件名", "本文"),
              HasError(core::ErrorCode::kUnauthenticated));
  EXPECT_THAT(Feedback().Statistics(member_a_), HasError(core::ErrorCode::kPermissionDenied));
}

TEST_P(FeedbackAppTest, ListsFilterByTopicAndStateNewestActivityFirst) {
  const auto first = OpenAs(member_a_, FeedbackTopic::kSystem, "一件目");
  clock_.Advance(std::chrono::minutes(1));
  const auto second = OpenAs(member_a_, FeedbackTopic::kSystem, "二件目");
  clock_.Advance(std::chrono::minutes(1));
  const auto third = OpenAs(member_a_, FeedbackTopic::kOther, "三件目");
  clock_.Advance(std::chrono::minutes(1));
  ASSERT_THAT(Feedback().Post(secretariat_, first, "回答"), IsOk());

  auto all = Feedback().List(member_a_, {});
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->items.size(), 3u);
  EXPECT_EQ(all->items[0].id, first);  // answered last
  EXPECT_EQ(all->items[1].id, third);
  EXPECT_EQ(all->items[2].id, second);

  FeedbackListQuery system;
  system.topic = FeedbackTopic::kSystem;
  auto by_topic = Feedback().List(secretariat_, system);
  ASSERT_THAT(by_topic, IsOk());
  EXPECT_EQ(by_topic->items.size(), 2u);
  system.state = FeedbackState::kOpen;
  auto by_both = Feedback().List(secretariat_, system);
  ASSERT_THAT(by_both, IsOk());
  ASSERT_EQ(by_both->items.size(), 1u);
  EXPECT_EQ(by_both->items[0].id, second);
  FeedbackListQuery page;
  page.limit = 1;
  page.offset = 1;
  auto paged = Feedback().List(member_a_, page);
  ASSERT_THAT(paged, IsOk());
  ASSERT_EQ(paged->items.size(), 1u);
  EXPECT_EQ(paged->items[0].id, third);
}

TEST_P(FeedbackAppTest, AStaleChangeIsRefused) {
  const auto id = OpenAs(member_a_, FeedbackTopic::kOther, "競合");
  domain::FeedbackThread read;
  {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto got = (*uow)->Feedback().Get(id);
    ASSERT_THAT(got, IsOk());
    read = *got;
  }
  ASSERT_THAT(Feedback().Post(secretariat_, id, "先の回答"), IsOk());
  auto late = domain::CloseFeedbackThread(read, clock_.Now());
  ASSERT_THAT(late, IsOk());
  auto uow = db_->Begin(storage::TxMode::kWrite);
  EXPECT_THAT((*uow)->Feedback().Update(*late), HasErrorReason(core::ErrorCode::kConflict, "feedback.stale_version"));
}

TEST_P(FeedbackAppTest, CountsEqualWhatTheTestComputes) {
  struct Made {
    FeedbackTopic topic;
    core::TimePoint at;
    bool answer;
    bool close;
  };
  // Japan days: 2026-10-31T15:00Z is 2026-11-01 00:00 in Japan.
  const std::vector<Made> made = {
      {FeedbackTopic::kCriteria, Day(10, 31, 14), true, false},   // 10-31 JST 23:xx
      {FeedbackTopic::kCriteria, Day(10, 31, 15), false, false},  // 11-01 JST
      {FeedbackTopic::kCriteria, Day(11, 5), true, true},
      {FeedbackTopic::kCloudServiceList, Day(11, 10), false, true},
      {FeedbackTopic::kSystem, Day(11, 30, 14), true, false},  // 11-30 JST 23:xx
      {FeedbackTopic::kSystem, Day(11, 30, 15), true, false},  // 12-01 JST
      {FeedbackTopic::kOther, Day(12, 2), false, false},
  };
  for (const Made& m : made) {
    clock_.Advance(std::chrono::duration_cast<std::chrono::microseconds>(m.at - clock_.Now()));
    const auto id = OpenAs(member_a_, m.topic, "集計");
    if (m.answer) {
      ASSERT_THAT(Feedback().Post(reviewer_, id, "回答"), IsOk());
    }
    if (m.close) {
      ASSERT_THAT(Feedback().Close(member_a_, id), IsOk());
    }
  }

  // November 2026 in Japan.
  const domain::Date from{2026, 11, 1};
  const domain::Date to{2026, 11, 30};
  std::map<FeedbackTopic, std::pair<std::int64_t, std::int64_t>> expected;
  for (const Made& m : made) {
    const auto day = domain::JapanDate(m.at);
    if (day >= from && day <= to) {
      expected[m.topic].first += 1;
      expected[m.topic].second += m.answer ? 1 : 0;
    }
  }
  auto uow = db_->Begin(storage::TxMode::kRead);
  auto counts = (*uow)->Feedback().CountCreatedBetween(from, to);
  ASSERT_THAT(counts, IsOk());
  ASSERT_EQ(counts->size(), domain::AllFeedbackTopics().size());
  std::int64_t total = 0;
  for (const auto& c : *counts) {
    EXPECT_EQ(c.threads, expected[c.topic].first) << domain::ToString(c.topic);
    EXPECT_EQ(c.answered, expected[c.topic].second) << domain::ToString(c.topic);
    total += c.threads;
  }
  EXPECT_EQ(total, 4);

  auto summary = Feedback().Statistics(secretariat_);
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->all.total, static_cast<std::int64_t>(made.size()));
  std::int64_t closed = 0;
  std::int64_t answered_now = 0;
  std::int64_t with_answer = 0;
  for (const Made& m : made) {
    closed += m.close ? 1 : 0;
    answered_now += m.answer && !m.close ? 1 : 0;
    with_answer += m.answer ? 1 : 0;
  }
  EXPECT_EQ(summary->all.closed, closed);
  EXPECT_EQ(summary->all.answered, answered_now);
  EXPECT_EQ(summary->all.with_answer, with_answer);
  EXPECT_EQ(summary->all.open, static_cast<std::int64_t>(made.size()) - closed - answered_now);
  ASSERT_EQ(summary->months.size(), 3u);  // October, November, December in Japan
  EXPECT_EQ(summary->months[0].total, 1);
  EXPECT_EQ(summary->months[1].total, 4);
  EXPECT_EQ(summary->months[2].total, 2);
  EXPECT_THAT(Feedback().Statistics(reviewer_), IsOk());
}

INSTANTIATE_TEST_SUITE_P(Backends, FeedbackAppTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
