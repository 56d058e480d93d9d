// Feedback threads (issue 9): the texts a thread takes, every transition and every refusal, and
// the counts by topic, state and month.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "domain/feedback.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using core::ErrorCode;
using testing::HasErrorReason;
using testing::IsOk;

// "2026-11-01T00:00:00" in UTC.
core::TimePoint At(const std::string& text) {
  core::TimePoint t;
  EXPECT_TRUE(core::ParseRfc3339(text + ".000000Z", &t)) << text;
  return t;
}

const OrganizationId kAgency(7);
const OrganizationId kSecretariat(2);
const UserId kAgencyUser(70);
const UserId kOperatorUser(20);

FeedbackDraft Draft() {
  return FeedbackDraft{kAgency, kAgencyUser, FeedbackTopic::kCloudServiceList, "リストの検索条件について",
                       "地域で絞り込めるようにしてほしい。\n理由: 調達仕様で国内リージョンを求めるため。"};
}

FeedbackThread Opened() {
  auto thread = OpenFeedbackThread(Draft(), At("2026-11-01T00:00:00"));
  EXPECT_THAT(thread, IsOk());
  thread->id = FeedbackThreadId(1);
  return *thread;
}

TEST(FeedbackTest, NamesRoundTrip) {
  for (const FeedbackTopic topic : AllFeedbackTopics()) {
    EXPECT_EQ(FeedbackTopicFromString(ToString(topic)), topic);
  }
  for (const FeedbackState state : AllFeedbackStates()) {
    EXPECT_EQ(FeedbackStateFromString(ToString(state)), state);
  }
  for (const FeedbackSide side : {FeedbackSide::kAgency, FeedbackSide::kOperator}) {
    EXPECT_EQ(FeedbackSideFromString(ToString(side)), side);
  }
  EXPECT_EQ(ToString(FeedbackTopic::kCloudServiceList), "cloud_service_list");
  EXPECT_EQ(AllFeedbackTopics().size(), 5u);
  EXPECT_FALSE(FeedbackTopicFromString("Criteria"));
  EXPECT_FALSE(FeedbackStateFromString(""));
}

TEST(FeedbackTest, OpeningMakesAnOpenThreadWithTheFirstMessage) {
  const FeedbackThread thread = Opened();
  EXPECT_EQ(thread.state, FeedbackState::kOpen);
  EXPECT_EQ(thread.agency, kAgency);
  EXPECT_EQ(thread.version, 1);
  EXPECT_EQ(thread.message_count, 1);
  ASSERT_EQ(thread.messages.size(), 1u);
  EXPECT_EQ(thread.messages[0].side, FeedbackSide::kAgency);
  EXPECT_EQ(thread.messages[0].author, kAgencyUser);
  EXPECT_EQ(thread.messages[0].body, Draft().body);
  EXPECT_FALSE(thread.first_answer_at);
}

TEST(FeedbackTest, EveryBadTextIsRefusedWithItsReason) {
  struct Case {
    std::string subject;
    std::string body;
    const char* reason;
  };
  const std::string long_subject(kMaxFeedbackSubject + 1, 'a');
  std::string long_body;
  for (std::size_t i = 0; i <= kMaxFeedbackBody; ++i) {
    long_body += "あ";
  }
  const Case cases[] = {
      {"", "本文", "feedback.subject_required"},
      {"  \u3000 ", "本文", "feedback.subject_required"},
      {long_subject, "本文", "feedback.subject_too_long"},
      {"two\nlines", "本文", "feedback.invalid_text"},
      {"bad \xC3\x28 utf8", "本文", "feedback.invalid_text"},
      {"bell\x07", "本文", "feedback.invalid_text"},
      {"件名", "", "feedback.body_required"},
      {"件名", "\n\t ", "feedback.body_required"},
      {"件名", long_body, "feedback.body_too_long"},
      {"件名", std::string("nul\0byte", 8), "feedback.invalid_text"},
      {"件名", "\xFF", "feedback.invalid_text"},
  };
  for (const Case& c : cases) {
    FeedbackDraft draft = Draft();
    draft.subject = c.subject;
    draft.body = c.body;
    EXPECT_THAT(OpenFeedbackThread(draft, At("2026-11-01T00:00:00")),
                HasErrorReason(ErrorCode::kInvalidArgument, std::string(c.reason)))
        << c.reason << " for subject '" << c.subject << "'";
  }
  // Exactly at the limits is fine, in characters, not bytes.
  FeedbackDraft at_limit = Draft();
  at_limit.subject.clear();
  for (std::size_t i = 0; i < kMaxFeedbackSubject; ++i) {
    at_limit.subject += "件";
  }
  at_limit.body = long_body.substr(3);
  EXPECT_THAT(OpenFeedbackThread(at_limit, At("2026-11-01T00:00:00")), IsOk());
}

TEST(FeedbackTest, AnOperatorsAnswerMakesItAnsweredAndTheAgencysReplyOpensIt) {
  const FeedbackThread open = Opened();
  auto answered = PostFeedbackMessage(open, FeedbackSide::kOperator, kOperatorUser, kSecretariat, "検討します。",
                                      At("2026-11-02T00:00:00"));
  ASSERT_THAT(answered, IsOk());
  EXPECT_EQ(answered->state, FeedbackState::kAnswered);
  EXPECT_EQ(answered->version, 2);
  EXPECT_EQ(answered->message_count, 2);
  EXPECT_EQ(answered->first_answer_at, At("2026-11-02T00:00:00"));
  EXPECT_EQ(answered->updated_at, At("2026-11-02T00:00:00"));
  ASSERT_EQ(answered->messages.size(), 2u);
  EXPECT_EQ(answered->messages[1].side, FeedbackSide::kOperator);
  EXPECT_EQ(answered->messages[1].organization, kSecretariat);

  auto reopened = PostFeedbackMessage(*answered, FeedbackSide::kAgency, kAgencyUser, kAgency,
                                      "ありがとうございます。追加で…", At("2026-11-03T00:00:00"));
  ASSERT_THAT(reopened, IsOk());
  EXPECT_EQ(reopened->state, FeedbackState::kOpen);
  EXPECT_EQ(reopened->first_answer_at, At("2026-11-02T00:00:00"));

  // A second answer keeps the first answer's time.
  auto again = PostFeedbackMessage(*reopened, FeedbackSide::kOperator, kOperatorUser, kSecretariat, "承知しました。",
                                   At("2026-11-04T00:00:00"));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->state, FeedbackState::kAnswered);
  EXPECT_EQ(again->first_answer_at, At("2026-11-02T00:00:00"));
  EXPECT_EQ(again->version, 4);

  // The agency may add to its own open thread.
  auto more =
      PostFeedbackMessage(open, FeedbackSide::kAgency, kAgencyUser, kAgency, "補足です。", At("2026-11-01T01:00:00"));
  ASSERT_THAT(more, IsOk());
  EXPECT_EQ(more->state, FeedbackState::kOpen);
}

TEST(FeedbackTest, EitherSideClosesAndOnlyTheAgencyReopens) {
  const FeedbackThread open = Opened();
  auto closed = CloseFeedbackThread(open, At("2026-11-02T00:00:00"));
  ASSERT_THAT(closed, IsOk());
  EXPECT_EQ(closed->state, FeedbackState::kClosed);
  EXPECT_EQ(closed->version, 2);

  auto answered = PostFeedbackMessage(open, FeedbackSide::kOperator, kOperatorUser, kSecretariat, "回答",
                                      At("2026-11-02T00:00:00"));
  ASSERT_THAT(answered, IsOk());
  EXPECT_THAT(CloseFeedbackThread(*answered, At("2026-11-03T00:00:00")), IsOk());

  EXPECT_THAT(CloseFeedbackThread(*closed, At("2026-11-03T00:00:00")),
              HasErrorReason(ErrorCode::kFailedPrecondition, "feedback.already_closed"));
  EXPECT_THAT(
      PostFeedbackMessage(*closed, FeedbackSide::kAgency, kAgencyUser, kAgency, "まだ", At("2026-11-03T00:00:00")),
      HasErrorReason(ErrorCode::kFailedPrecondition, "feedback.closed"));
  EXPECT_THAT(PostFeedbackMessage(*closed, FeedbackSide::kOperator, kOperatorUser, kSecretariat, "回答",
                                  At("2026-11-03T00:00:00")),
              HasErrorReason(ErrorCode::kFailedPrecondition, "feedback.closed"));
  // The body is checked before the state.
  EXPECT_THAT(PostFeedbackMessage(*closed, FeedbackSide::kAgency, kAgencyUser, kAgency, "", At("2026-11-03T00:00:00")),
              HasErrorReason(ErrorCode::kInvalidArgument, "feedback.body_required"));

  EXPECT_THAT(ReopenFeedbackThread(*closed, FeedbackSide::kOperator, At("2026-11-03T00:00:00")),
              HasErrorReason(ErrorCode::kPermissionDenied, "feedback.reopen_agency_only"));
  EXPECT_THAT(ReopenFeedbackThread(open, FeedbackSide::kAgency, At("2026-11-03T00:00:00")),
              HasErrorReason(ErrorCode::kFailedPrecondition, "feedback.not_closed"));
  EXPECT_THAT(ReopenFeedbackThread(*answered, FeedbackSide::kAgency, At("2026-11-03T00:00:00")),
              HasErrorReason(ErrorCode::kFailedPrecondition, "feedback.not_closed"));
  auto reopened = ReopenFeedbackThread(*closed, FeedbackSide::kAgency, At("2026-11-03T00:00:00"));
  ASSERT_THAT(reopened, IsOk());
  EXPECT_EQ(reopened->state, FeedbackState::kOpen);
  EXPECT_EQ(reopened->version, 3);
}

TEST(FeedbackTest, SummaryCountsByTopicStateAndJapaneseMonth) {
  const std::vector<FeedbackFact> facts = {
      {FeedbackTopic::kCriteria, FeedbackState::kOpen, At("2026-09-30T14:59:59"), false},     // 2026-09-30 23:59 JST
      {FeedbackTopic::kCriteria, FeedbackState::kAnswered, At("2026-09-30T15:00:00"), true},  // 2026-10-01 JST
      {FeedbackTopic::kSystem, FeedbackState::kClosed, At("2026-10-15T00:00:00"), true},
      {FeedbackTopic::kSystem, FeedbackState::kClosed, At("2026-10-16T00:00:00"), false},
      {FeedbackTopic::kOther, FeedbackState::kOpen, At("2026-11-01T00:00:00"), true},
  };
  const FeedbackSummary summary = SummariseFeedback(facts);
  ASSERT_EQ(summary.topics.size(), 5u);
  EXPECT_EQ(summary.topics[0].topic, FeedbackTopic::kCriteria);
  EXPECT_EQ(summary.topics[0].open, 1);
  EXPECT_EQ(summary.topics[0].answered, 1);
  EXPECT_EQ(summary.topics[0].total, 2);
  EXPECT_EQ(summary.topics[0].with_answer, 1);
  EXPECT_EQ(summary.topics[1].total, 0);
  EXPECT_EQ(summary.topics[3].closed, 2);
  EXPECT_EQ(summary.topics[3].with_answer, 1);
  EXPECT_EQ(summary.all.total, 5);
  EXPECT_EQ(summary.all.open, 2);
  EXPECT_EQ(summary.all.with_answer, 3);
  ASSERT_EQ(summary.months.size(), 3u);
  EXPECT_EQ(summary.months[0].month, 9);
  EXPECT_EQ(summary.months[0].total, 1);
  EXPECT_EQ(summary.months[1].month, 10);
  EXPECT_EQ(summary.months[1].total, 3);
  EXPECT_EQ(summary.months[1].topics[0], 1);
  EXPECT_EQ(summary.months[1].topics[3], 2);
  EXPECT_EQ(summary.months[2].year, 2026);
  EXPECT_EQ(summary.months[2].month, 11);
  EXPECT_TRUE(SummariseFeedback({}).months.empty());
}

}  // namespace
}  // namespace ismap::domain
