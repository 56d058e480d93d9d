#include "domain/feedback.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "core/text.hpp"
#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

constexpr NameTable<FeedbackTopic, 5> kTopicNames = {{
    {FeedbackTopic::kCriteria, "criteria"},
    {FeedbackTopic::kCloudServiceList, "cloud_service_list"},
    {FeedbackTopic::kProcedure, "procedure"},
    {FeedbackTopic::kSystem, "system"},
    {FeedbackTopic::kOther, "other"},
}};
constexpr NameTable<FeedbackState, 3> kStateNames = {{
    {FeedbackState::kOpen, "open"},
    {FeedbackState::kAnswered, "answered"},
    {FeedbackState::kClosed, "closed"},
}};
constexpr NameTable<FeedbackSide, 2> kSideNames = {{
    {FeedbackSide::kAgency, "agency"},
    {FeedbackSide::kOperator, "operator"},
}};

core::Error Invalid(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

// Tab and line breaks are text in a message; other control characters are not (they hide text
// or break what renders it). A subject is one line.
bool HasForbiddenControl(std::string_view text, bool multi_line) {
  return std::any_of(text.begin(), text.end(), [multi_line](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') {
      return !multi_line;
    }
    return u < 0x20 || u == 0x7F;
  });
}

// Only spaces (ASCII or the ideographic space U+3000 a Japanese keyboard types) and line breaks.
// REQUIRES: valid UTF-8.
bool Blank(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    const std::size_t length = core::DecodeUtf8(text, i, &c);
    if (c != U' ' && c != U'\n' && c != U'\r' && c != U'\t' && c != U'\u3000') {
      return false;
    }
    i += length;
  }
  return true;
}

core::Result<void> CheckText(std::string_view text, std::string_view field, std::size_t max, bool multi_line) {
  if (!core::IsValidUtf8(text) || HasForbiddenControl(text, multi_line)) {
    return Invalid("feedback.invalid_text", fmt::format("the {} holds bytes that are not text", field));
  }
  if (Blank(text)) {
    return Invalid(fmt::format("feedback.{}_required", field), fmt::format("a {} is required", field));
  }
  if (core::CodePointCount(text) > max) {
    return Invalid(fmt::format("feedback.{}_too_long", field),
                   fmt::format("the {} is longer than {} characters", field, max));
  }
  return core::Ok();
}

core::Error IllegalState(std::string reason, const FeedbackThread& thread, std::string_view command) {
  return core::MakeError(
      core::ErrorCode::kFailedPrecondition, std::move(reason),
      fmt::format("feedback {} is {}: cannot {}", thread.id.value(), ToString(thread.state), command));
}

// The thread after a change at `now`.
FeedbackThread Changed(const FeedbackThread& thread, FeedbackState state, core::TimePoint now) {
  FeedbackThread next = thread;
  next.state = state;
  next.updated_at = now;
  next.version = thread.version + 1;
  return next;
}

}  // namespace

std::string_view ToString(FeedbackTopic topic) { return NameOf(kTopicNames, topic); }
std::string_view ToString(FeedbackState state) { return NameOf(kStateNames, state); }
std::string_view ToString(FeedbackSide side) { return NameOf(kSideNames, side); }
std::optional<FeedbackTopic> FeedbackTopicFromString(std::string_view text) { return ValueOf(kTopicNames, text); }
std::optional<FeedbackState> FeedbackStateFromString(std::string_view text) { return ValueOf(kStateNames, text); }
std::optional<FeedbackSide> FeedbackSideFromString(std::string_view text) { return ValueOf(kSideNames, text); }

const std::vector<FeedbackTopic>& AllFeedbackTopics() {
  static const std::vector<FeedbackTopic> kAll = [] {
    std::vector<FeedbackTopic> all;
    for (const auto& [topic, name] : kTopicNames) {
      all.push_back(topic);
    }
    return all;
  }();
  return kAll;
}

const std::vector<FeedbackState>& AllFeedbackStates() {
  static const std::vector<FeedbackState> kAll = {FeedbackState::kOpen, FeedbackState::kAnswered,
                                                  FeedbackState::kClosed};
  return kAll;
}

core::Result<void> ValidateFeedbackSubject(std::string_view subject) {
  return CheckText(subject, "subject", kMaxFeedbackSubject, false);
}

core::Result<void> ValidateFeedbackBody(std::string_view body) {
  return CheckText(body, "body", kMaxFeedbackBody, true);
}

core::Result<FeedbackThread> OpenFeedbackThread(const FeedbackDraft& draft, core::TimePoint now) {
  ISMAP_RETURN_IF_ERROR(ValidateFeedbackSubject(draft.subject));
  ISMAP_RETURN_IF_ERROR(ValidateFeedbackBody(draft.body));
  FeedbackThread thread;
  thread.agency = draft.agency;
  thread.author = draft.author;
  thread.topic = draft.topic;
  thread.subject = draft.subject;
  thread.state = FeedbackState::kOpen;
  thread.created_at = now;
  thread.updated_at = now;
  thread.message_count = 1;
  thread.messages.push_back(FeedbackMessage{{}, draft.author, draft.agency, FeedbackSide::kAgency, draft.body, now});
  return thread;
}

core::Result<FeedbackThread> PostFeedbackMessage(const FeedbackThread& thread, FeedbackSide side, UserId author,
                                                 OrganizationId organization, std::string body, core::TimePoint now) {
  ISMAP_RETURN_IF_ERROR(ValidateFeedbackBody(body));
  if (thread.state == FeedbackState::kClosed) {
    return IllegalState("feedback.closed", thread, "post a message");
  }
  FeedbackThread next =
      Changed(thread, side == FeedbackSide::kOperator ? FeedbackState::kAnswered : FeedbackState::kOpen, now);
  if (side == FeedbackSide::kOperator && !next.first_answer_at) {
    next.first_answer_at = now;
  }
  next.messages.push_back(FeedbackMessage{{}, author, organization, side, std::move(body), now});
  next.message_count = thread.message_count + 1;
  return next;
}

core::Result<FeedbackThread> CloseFeedbackThread(const FeedbackThread& thread, core::TimePoint now) {
  if (thread.state == FeedbackState::kClosed) {
    return IllegalState("feedback.already_closed", thread, "close");
  }
  return Changed(thread, FeedbackState::kClosed, now);
}

core::Result<FeedbackThread> ReopenFeedbackThread(const FeedbackThread& thread, FeedbackSide side,
                                                  core::TimePoint now) {
  if (side != FeedbackSide::kAgency) {
    return core::MakeError(core::ErrorCode::kPermissionDenied, "feedback.reopen_agency_only",
                           fmt::format("feedback {}: only the agency reopens a thread", thread.id.value()));
  }
  if (thread.state != FeedbackState::kClosed) {
    return IllegalState("feedback.not_closed", thread, "reopen");
  }
  return Changed(thread, FeedbackState::kOpen, now);
}

FeedbackSummary SummariseFeedback(const std::vector<FeedbackFact>& facts) {
  const auto& topics = AllFeedbackTopics();
  FeedbackSummary summary;
  for (const FeedbackTopic topic : topics) {
    summary.topics.push_back(FeedbackTopicCounts{topic});
  }
  std::map<std::pair<int, int>, FeedbackMonthCounts> months;
  for (const FeedbackFact& fact : facts) {
    const auto index = static_cast<std::size_t>(std::find(topics.begin(), topics.end(), fact.topic) - topics.begin());
    for (FeedbackTopicCounts* counts : {&summary.topics[index], &summary.all}) {
      switch (fact.state) {
        case FeedbackState::kOpen:
          ++counts->open;
          break;
        case FeedbackState::kAnswered:
          ++counts->answered;
          break;
        case FeedbackState::kClosed:
          ++counts->closed;
          break;
      }
      ++counts->total;
      counts->with_answer += fact.answered ? 1 : 0;
    }
    const Date day = JapanDate(fact.created_at);
    FeedbackMonthCounts& month = months[{day.year, day.month}];
    if (month.topics.empty()) {
      month.year = day.year;
      month.month = day.month;
      month.topics.assign(topics.size(), 0);
    }
    ++month.topics[index];
    ++month.total;
  }
  for (auto& [key, month] : months) {
    summary.months.push_back(std::move(month));
  }
  return summary;
}

}  // namespace ismap::domain
