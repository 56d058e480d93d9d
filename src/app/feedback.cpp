#include "app/feedback.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>

#include "app/ledger.hpp"
#include "app/notifications.hpp"
#include "app/workflow_notifications.hpp"

namespace ismap::app {
namespace {

using domain::FeedbackSide;
using domain::Role;

core::Error NotFound(domain::FeedbackThreadId id) {
  return core::MakeError(core::ErrorCode::kNotFound, "feedback.not_found",
                         fmt::format("no feedback thread {}", id.value()));
}

// Whose side the caller writes on in a thread they may read (Readable): the operators', or else
// the thread's agency's.
FeedbackSide SideOf(const Principal& principal) {
  return Authorize(principal, Action::kAnswerFeedback).has_value() ? FeedbackSide::kOperator : FeedbackSide::kAgency;
}

// The thread, if the caller may read it; another agency's is not found.
core::Result<domain::FeedbackThread> Readable(storage::UnitOfWork& uow, const Principal& principal,
                                              domain::FeedbackThreadId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadFeedback));
  ISMAP_ASSIGN_OR_RETURN(auto thread, uow.Feedback().Get(id));
  if (!Authorize(principal, Action::kReadFeedback, Resource{thread.agency})) {
    return NotFound(id);
  }
  return thread;
}

core::Result<FeedbackThreadView> ViewOf(storage::UnitOfWork& uow, domain::FeedbackThread thread, FeedbackSide side) {
  FeedbackThreadView view;
  view.viewer_side = side;
  std::set<std::int64_t> organizations = {thread.agency.value()};
  std::set<std::int64_t> users;
  for (const auto& message : thread.messages) {
    organizations.insert(message.organization.value());
    users.insert(message.author.value());
  }
  std::vector<domain::OrganizationId> ids;
  for (const auto id : organizations) {
    ids.emplace_back(id);
  }
  ISMAP_ASSIGN_OR_RETURN(auto found, uow.Organizations().GetMany(ids));
  for (auto& org : found) {
    view.organizations.emplace(org.id.value(), std::move(org));
  }
  for (const auto id : users) {
    ISMAP_ASSIGN_OR_RETURN(auto user, uow.Users().Get(domain::UserId(id)));
    view.users.emplace(id, user.display_name);
  }
  view.thread = std::move(thread);
  return view;
}

// The operators: every secretariat and reviewer user.
core::Result<std::vector<domain::UserId>> Operators(storage::UnitOfWork& uow) {
  ISMAP_ASSIGN_OR_RETURN(auto recipients, UsersWithRole(uow, Role::kSecretariat, std::nullopt));
  ISMAP_ASSIGN_OR_RETURN(auto reviewers, UsersWithRole(uow, Role::kReviewer, std::nullopt));
  recipients.insert(recipients.end(), reviewers.begin(), reviewers.end());
  return recipients;
}

// Tells the other side of `thread` that `side` wrote in it: the operators of an agency's message
// (all of them: any may take it up), the agency's users who wrote in the thread of an operator's.
core::Result<void> NotifyOtherSide(storage::UnitOfWork& uow, const core::Clock& clock,
                                   const domain::FeedbackThread& thread, FeedbackSide side, bool opened) {
  std::vector<domain::UserId> recipients;
  if (side == FeedbackSide::kAgency) {
    ISMAP_ASSIGN_OR_RETURN(recipients, Operators(uow));
  } else {
    for (const auto& message : thread.messages) {
      if (message.side == FeedbackSide::kAgency) {
        recipients.push_back(message.author);
      }
    }
  }
  if (recipients.empty()) {
    return core::Ok();
  }
  const auto id = thread.id.value();
  domain::NotificationRequest request;
  request.kind = opened ? kNoticeFeedbackOpened : kNoticeFeedbackMessage;
  request.subject = FeedbackSubject(thread.id);
  request.link = FeedbackLink(thread.id);
  if (opened) {
    request.text.title_ja = fmt::format("政府機関等からフィードバックが届きました（{}）", id);
    request.text.title_en = fmt::format("An agency sent feedback ({})", id);
  } else if (side == FeedbackSide::kOperator) {
    request.text.title_ja = fmt::format("フィードバック {} に回答がありました", id);
    request.text.title_en = fmt::format("Your feedback {} was answered", id);
  } else {
    request.text.title_ja = fmt::format("フィードバック {} に政府機関等から返信がありました", id);
    request.text.title_en = fmt::format("The agency replied in feedback {}", id);
  }
  request.text.body_ja = fmt::format("件名: {}\n\n{}", thread.subject, request.link);
  request.text.body_en = fmt::format("Subject: {}\n\n{}", thread.subject, request.link);
  ISMAP_RETURN_IF_ERROR(Notify(uow, clock, recipients, request));
  return core::Ok();
}

core::Result<void> Record(storage::UnitOfWork& uow, const core::Clock& clock, const Principal& principal,
                          const char* type, const domain::FeedbackThread& thread, FeedbackSide side) {
  nlohmann::json payload = {{"agency", thread.agency.value()},
                            {"topic", domain::ToString(thread.topic)},
                            {"state", domain::ToString(thread.state)},
                            {"side", domain::ToString(side)},
                            {"messages", thread.message_count}};
  return RecordEvent(uow, clock, principal.ActorName(), principal.OrganizationId(), type, FeedbackSubject(thread.id),
                     payload.dump());
}

}  // namespace

std::string FeedbackLink(domain::FeedbackThreadId id) { return "/feedback/" + std::to_string(id.value()); }
std::string FeedbackSubject(domain::FeedbackThreadId id) { return "feedback/" + std::to_string(id.value()); }

core::Result<FeedbackThreadView> FeedbackService::Open(const Principal& principal, domain::FeedbackTopic topic,
                                                       std::string subject, std::string body) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kSendFeedback));
  const auto agency = principal.user->organization_id;
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kSendFeedback, Resource{agency}));
  ISMAP_ASSIGN_OR_RETURN(
      auto opened, domain::OpenFeedbackThread({agency, principal.user->id, topic, std::move(subject), std::move(body)},
                                              clock_.Now()));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto thread, uow->Feedback().Insert(opened));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock_, principal, domain::kEventFeedbackOpened, thread, FeedbackSide::kAgency));
  ISMAP_RETURN_IF_ERROR(NotifyOtherSide(*uow, clock_, thread, FeedbackSide::kAgency, true));
  ISMAP_ASSIGN_OR_RETURN(auto view, ViewOf(*uow, std::move(thread), FeedbackSide::kAgency));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<FeedbackPage> FeedbackService::List(const Principal& principal, const FeedbackListQuery& query) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadFeedback));
  storage::FeedbackFilter filter{std::nullopt, query.topic, query.state};
  if (!Authorize(principal, Action::kAnswerFeedback)) {
    filter.agency = principal.user->organization_id;  // an agency's users: their own threads only
  }
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  FeedbackPage page;
  ISMAP_ASSIGN_OR_RETURN(page.items, uow->Feedback().List(filter, query.limit, query.offset));
  std::vector<domain::OrganizationId> agencies;
  for (const auto& thread : page.items) {
    agencies.push_back(thread.agency);
  }
  ISMAP_ASSIGN_OR_RETURN(auto found, uow->Organizations().GetMany(agencies));
  for (auto& org : found) {
    page.organizations.emplace(org.id.value(), std::move(org));
  }
  return page;
}

core::Result<FeedbackThreadView> FeedbackService::Get(const Principal& principal, domain::FeedbackThreadId id) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto thread, Readable(*uow, principal, id));
  const FeedbackSide side = SideOf(principal);
  return ViewOf(*uow, std::move(thread), side);
}

core::Result<FeedbackThreadView> FeedbackService::Post(const Principal& principal, domain::FeedbackThreadId id,
                                                       std::string body) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto thread, Readable(*uow, principal, id));
  const FeedbackSide side = SideOf(principal);
  ISMAP_ASSIGN_OR_RETURN(auto next,
                         domain::PostFeedbackMessage(thread, side, principal.user->id, principal.user->organization_id,
                                                     std::move(body), clock_.Now()));
  ISMAP_ASSIGN_OR_RETURN(next, uow->Feedback().Update(next));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock_, principal, domain::kEventFeedbackMessagePosted, next, side));
  ISMAP_RETURN_IF_ERROR(NotifyOtherSide(*uow, clock_, next, side, false));
  ISMAP_ASSIGN_OR_RETURN(auto view, ViewOf(*uow, std::move(next), side));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<FeedbackThreadView> FeedbackService::Close(const Principal& principal, domain::FeedbackThreadId id) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto thread, Readable(*uow, principal, id));
  const FeedbackSide side = SideOf(principal);
  ISMAP_ASSIGN_OR_RETURN(auto next, domain::CloseFeedbackThread(thread, clock_.Now()));
  ISMAP_ASSIGN_OR_RETURN(next, uow->Feedback().Update(next));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock_, principal, domain::kEventFeedbackClosed, next, side));
  ISMAP_ASSIGN_OR_RETURN(auto view, ViewOf(*uow, std::move(next), side));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<FeedbackThreadView> FeedbackService::Reopen(const Principal& principal, domain::FeedbackThreadId id) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto thread, Readable(*uow, principal, id));
  const FeedbackSide side = SideOf(principal);
  ISMAP_ASSIGN_OR_RETURN(auto next, domain::ReopenFeedbackThread(thread, side, clock_.Now()));
  ISMAP_ASSIGN_OR_RETURN(next, uow->Feedback().Update(next));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock_, principal, domain::kEventFeedbackReopened, next, side));
  ISMAP_ASSIGN_OR_RETURN(auto view, ViewOf(*uow, std::move(next), side));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<domain::FeedbackSummary> FeedbackService::Statistics(const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadFeedbackStatistics));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto facts, uow->Feedback().Facts());
  return domain::SummariseFeedback(facts);
}

}  // namespace ismap::app
