// Feedback threads (issue 9; seed framework §2: the operators use agencies' needs and usage
// feedback): an agency's user opens a thread on a topic with a first message; the operators (the
// secretariat and the operations support body's reviewers) answer in it; both sides read it.
//
//   open --operator answers--> answered --agency writes--> open
//     \__________ close (either side) ___/--> closed --reopen (agency)--> open
//
// Pure: no I/O, times are passed in. Thread-compatible values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/strong_id.hpp"
#include "domain/date.hpp"
#include "domain/identity.hpp"
#include "domain/organization.hpp"

namespace ismap::domain {

using FeedbackThreadId = core::StrongId<struct FeedbackThreadTag>;
using FeedbackMessageId = core::StrongId<struct FeedbackMessageTag>;

inline constexpr std::size_t kMaxFeedbackSubject = 200;  // characters (code points)
inline constexpr std::size_t kMaxFeedbackBody = 10000;   // characters (code points)

// 管理基準, クラウドサービスリスト, 手続, システム, その他.
enum class FeedbackTopic { kCriteria, kCloudServiceList, kProcedure, kSystem, kOther };
enum class FeedbackState { kOpen, kAnswered, kClosed };
// Who wrote a message: the agency that owns the thread, or the operators.
enum class FeedbackSide { kAgency, kOperator };

// The one path between these enums and their text (database, JSON, URLs, message keys):
// criteria, cloud_service_list, procedure, system, other; open, answered, closed; agency, operator.
std::string_view ToString(FeedbackTopic topic);
std::string_view ToString(FeedbackState state);
std::string_view ToString(FeedbackSide side);
std::optional<FeedbackTopic> FeedbackTopicFromString(std::string_view text);
std::optional<FeedbackState> FeedbackStateFromString(std::string_view text);
std::optional<FeedbackSide> FeedbackSideFromString(std::string_view text);
const std::vector<FeedbackTopic>& AllFeedbackTopics();  // in the order above
const std::vector<FeedbackState>& AllFeedbackStates();

// Ledger event types of feedback threads (subject "feedback/<id>").
inline constexpr char kEventFeedbackOpened[] = "feedback.opened";
inline constexpr char kEventFeedbackMessagePosted[] = "feedback.message_posted";
inline constexpr char kEventFeedbackClosed[] = "feedback.closed";
inline constexpr char kEventFeedbackReopened[] = "feedback.reopened";

struct FeedbackMessage {
  FeedbackMessageId id;  // assigned by storage
  UserId author;
  OrganizationId organization;  // the author's
  FeedbackSide side = FeedbackSide::kAgency;
  std::string body;
  core::TimePoint created_at;
};

struct FeedbackThread {
  FeedbackThreadId id;    // assigned by storage
  OrganizationId agency;  // the agency that owns the thread: only its users see it, besides the operators
  UserId author;          // who opened it
  FeedbackTopic topic = FeedbackTopic::kOther;
  std::string subject;
  FeedbackState state = FeedbackState::kOpen;
  core::TimePoint created_at;
  core::TimePoint updated_at;                      // the last message or change of state
  std::optional<core::TimePoint> first_answer_at;  // the operators' first message, if any
  std::int64_t message_count = 0;                  // kept by storage (lists show it without the messages)
  std::int64_t version = 1;                        // +1 with every change (optimistic locking)
  std::vector<FeedbackMessage> messages;           // oldest first; empty in lists
};

// What a new thread needs: the agency's user and organisation, the topic, a subject and a first message.
struct FeedbackDraft {
  OrganizationId agency;
  UserId author;
  FeedbackTopic topic = FeedbackTopic::kOther;
  std::string subject;
  std::string body;
};

// kInvalidArgument, checked in this order: feedback.invalid_text (not UTF-8, or a control character
// other than tab and line breaks), feedback.subject_required (empty or only spaces),
// feedback.subject_too_long (over 200 characters); line breaks are refused in a subject
// (feedback.invalid_text).
core::Result<void> ValidateFeedbackSubject(std::string_view subject);
// kInvalidArgument: feedback.invalid_text, feedback.body_required, feedback.body_too_long (over 10,000).
core::Result<void> ValidateFeedbackBody(std::string_view body);

// A new thread, open, with the draft's body as its first message (side agency), created at `now`.
// Subject problems first, then the body's.
core::Result<FeedbackThread> OpenFeedbackThread(const FeedbackDraft& draft, core::TimePoint now);

// A message on `thread` by `side`. The body is checked first (ValidateFeedbackBody), then
// kFailedPrecondition feedback.closed on a closed thread. An operator's message makes the thread
// answered (and sets first_answer_at the first time); an agency's makes it open again. Returns the
// thread with the message appended, updated_at `now` and version +1.
core::Result<FeedbackThread> PostFeedbackMessage(const FeedbackThread& thread, FeedbackSide side, UserId author,
                                                 OrganizationId organization, std::string body, core::TimePoint now);
// Either side closes an open or answered thread; kFailedPrecondition feedback.already_closed.
core::Result<FeedbackThread> CloseFeedbackThread(const FeedbackThread& thread, core::TimePoint now);
// The agency reopens a closed thread: kPermissionDenied feedback.reopen_agency_only for the operators
// (the question is the agency's to raise again), kFailedPrecondition feedback.not_closed otherwise.
core::Result<FeedbackThread> ReopenFeedbackThread(const FeedbackThread& thread, FeedbackSide side, core::TimePoint now);

// What the counts read of one thread.
struct FeedbackFact {
  FeedbackTopic topic = FeedbackTopic::kOther;
  FeedbackState state = FeedbackState::kOpen;
  core::TimePoint created_at;
  bool answered = false;  // the operators have written in it
};

struct FeedbackTopicCounts {
  FeedbackTopic topic = FeedbackTopic::kOther;
  std::int64_t open = 0;
  std::int64_t answered = 0;
  std::int64_t closed = 0;
  std::int64_t total = 0;
  std::int64_t with_answer = 0;  // threads the operators have written in, whatever their state now
};

struct FeedbackMonthCounts {
  int year = 0;
  int month = 0;                     // of the threads' creation, in Japan
  std::vector<std::int64_t> topics;  // per topic, in AllFeedbackTopics() order
  std::int64_t total = 0;
};

struct FeedbackSummary {
  std::vector<FeedbackTopicCounts> topics;  // every topic, in AllFeedbackTopics() order
  FeedbackTopicCounts all;                  // the sum (its topic is meaningless)
  std::vector<FeedbackMonthCounts> months;  // months (in Japan) with threads, oldest first
};

FeedbackSummary SummariseFeedback(const std::vector<FeedbackFact>& facts);

}  // namespace ismap::domain
