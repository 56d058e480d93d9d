// Use cases on feedback threads (issue 9; domain/feedback.hpp): agencies send feedback and needs
// to the operators, the operators (the secretariat and the operations support body's reviewers)
// answer, both sides read the thread, and the operators see counts by topic, state and month.
//
// An agency's user sees only their own agency's threads: another agency's thread is kNotFound
// (feedback.not_found) exactly as one that does not exist. Every change appends a ledger event
// (domain::kEventFeedback*, subject "feedback/<id>") and notifies the other side in the in-app
// inbox, in the change's own unit of work. Thread-safe: each call opens its own units of work.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/feedback.hpp"
#include "domain/organization.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// Notification kinds (NotificationRequest::kind) and the page of a thread.
inline constexpr char kNoticeFeedbackOpened[] = "feedback.opened";
inline constexpr char kNoticeFeedbackMessage[] = "feedback.message_posted";
std::string FeedbackLink(domain::FeedbackThreadId id);
std::string FeedbackSubject(domain::FeedbackThreadId id);  // "feedback/12", as in the ledger

// A thread as its readers see it, with the names of the organisations and users in it.
struct FeedbackThreadView {
  domain::FeedbackThread thread;
  std::map<std::int64_t, domain::Organization> organizations;        // by id: the agency and every message's
  std::map<std::int64_t, std::string> users;                         // display names by id
  domain::FeedbackSide viewer_side = domain::FeedbackSide::kAgency;  // the caller's side
};

struct FeedbackListQuery {
  std::optional<domain::FeedbackTopic> topic;
  std::optional<domain::FeedbackState> state;
  int limit = 50;  // REQUIRES: 1..500
  int offset = 0;  // REQUIRES: >= 0
};

struct FeedbackPage {
  std::vector<domain::FeedbackThread> items;                   // without messages, newest activity first
  std::map<std::int64_t, domain::Organization> organizations;  // the items' agencies, by id
};

class FeedbackService {
 public:
  FeedbackService(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // An agency's user opens a thread with its first message (kSendFeedback). Validation errors are
  // the domain's (kInvalidArgument feedback.*); the operators are notified.
  core::Result<FeedbackThreadView> Open(const Principal& principal, domain::FeedbackTopic topic, std::string subject,
                                        std::string body);
  // The caller's agency's threads, or every agency's for the operators (kReadFeedback).
  core::Result<FeedbackPage> List(const Principal& principal, const FeedbackListQuery& query);
  // One thread with its messages (kReadFeedback on the thread's agency; otherwise feedback.not_found).
  core::Result<FeedbackThreadView> Get(const Principal& principal, domain::FeedbackThreadId id);
  // A message: by the thread's agency (kSendFeedback) or an operator (kAnswerFeedback); others
  // feedback.not_found (agencies) or kPermissionDenied. Then the domain's checks (feedback.closed,
  // body problems). kConflict (feedback.stale_version) when another change came first.
  core::Result<FeedbackThreadView> Post(const Principal& principal, domain::FeedbackThreadId id, std::string body);
  // Either side closes (feedback.already_closed when closed).
  core::Result<FeedbackThreadView> Close(const Principal& principal, domain::FeedbackThreadId id);
  // The agency reopens (feedback.reopen_agency_only for operators, feedback.not_closed).
  core::Result<FeedbackThreadView> Reopen(const Principal& principal, domain::FeedbackThreadId id);
  // Counts by topic, state and month (kReadFeedbackStatistics: the operators).
  core::Result<domain::FeedbackSummary> Statistics(const Principal& principal);

 private:
  storage::Database& db_;
  const core::Clock& clock_;
};

}  // namespace ismap::app
