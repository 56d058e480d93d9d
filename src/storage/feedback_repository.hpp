// Feedback threads between agencies and the operators (issue 9; domain/feedback.hpp): the threads
// with their messages, the lists, and the counts the secretariat's statistics and the operational
// report read. Included by database.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "domain/date.hpp"
#include "domain/feedback.hpp"
#include "domain/organization.hpp"

namespace ismap::storage {

// Which threads a list holds; every condition given must hold.
struct FeedbackFilter {
  std::optional<domain::OrganizationId> agency;  // none: every agency's (the operators' view)
  std::optional<domain::FeedbackTopic> topic;
  std::optional<domain::FeedbackState> state;
};

// Threads of one topic created in a period, and how many of them the operators have answered.
struct FeedbackTopicCount {
  domain::FeedbackTopic topic = domain::FeedbackTopic::kOther;
  std::int64_t threads = 0;
  std::int64_t answered = 0;  // with at least one operator message (first_answer_at set), by now
};

class FeedbackRepository {
 public:
  virtual ~FeedbackRepository() = default;
  // Stores a new thread (domain::OpenFeedbackThread) with its messages; returns it with the ids
  // storage assigned.
  virtual core::Result<domain::FeedbackThread> Insert(const domain::FeedbackThread& thread) = 0;
  // The thread with its messages, oldest first. kNotFound (feedback.not_found).
  virtual core::Result<domain::FeedbackThread> Get(domain::FeedbackThreadId id) = 0;
  // Threads matching `filter` without their messages, most recent activity (updated_at) first.
  virtual core::Result<std::vector<domain::FeedbackThread>> List(const FeedbackFilter& filter, int limit,
                                                                 int offset) = 0;
  // Stores a changed thread: state, updated_at, first_answer_at, message_count and version, and
  // its messages that have no id yet (the new ones), whose ids it returns filled in. kConflict
  // (feedback.stale_version) unless the stored version is thread.version - 1, so that of two
  // changes made from the same reading only the first is kept.
  virtual core::Result<domain::FeedbackThread> Update(const domain::FeedbackThread& thread) = 0;
  // One fact per thread, by id: what the secretariat's counts read.
  virtual core::Result<std::vector<domain::FeedbackFact>> Facts() = 0;
  // For the operational report: the threads created from the start of day `from` to the end of
  // day `to` (days in Japan, both included), counted by topic, every topic in
  // domain::AllFeedbackTopics() order (zeros included), with how many of them have an operator's
  // answer. One grouped query.
  virtual core::Result<std::vector<FeedbackTopicCount>> CountCreatedBetween(const domain::Date& from,
                                                                            const domain::Date& to) = 0;
};

}  // namespace ismap::storage
