#include "app/notifications.hpp"

#include <set>

namespace ismap::app {

core::Result<std::vector<domain::Notification>> Notify(storage::UnitOfWork& uow, const core::Clock& clock,
                                                       const std::vector<domain::UserId>& users,
                                                       const domain::NotificationRequest& request) {
  ISMAP_RETURN_IF_ERROR(domain::ValidateNotification(request));
  const core::TimePoint now = clock.Now();
  std::set<domain::UserId> seen;
  std::vector<domain::Notification> out;
  for (const auto id : users) {
    if (!seen.insert(id).second) {
      continue;
    }
    ISMAP_ASSIGN_OR_RETURN(auto user, uow.Users().Get(id));
    ISMAP_ASSIGN_OR_RETURN(auto notification, uow.Notifications().Insert(id, request, now));
    if (!user.disabled) {
      ISMAP_RETURN_IF_ERROR(uow.MailOutbox().Enqueue(domain::ComposeMail(user.email, request.text), now));
    }
    out.push_back(std::move(notification));
  }
  return out;
}

core::Result<Inbox> ListInbox(storage::Database& db, const Principal& principal, int limit, int offset) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadOwnNotifications));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  Inbox inbox;
  ISMAP_ASSIGN_OR_RETURN(inbox.items, uow->Notifications().ListForUser(principal.user->id, limit, offset));
  ISMAP_ASSIGN_OR_RETURN(inbox.unread, uow->Notifications().CountUnread(principal.user->id));
  return inbox;
}

core::Result<std::int64_t> CountUnread(storage::Database& db, const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadOwnNotifications));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->Notifications().CountUnread(principal.user->id);
}

core::Result<void> MarkNotificationRead(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                        domain::NotificationId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kUpdateOwnNotifications));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(bool marked, uow->Notifications().MarkRead(principal.user->id, id, clock.Now()));
  if (!marked) {
    return core::MakeError(core::ErrorCode::kNotFound, "notification.not_found", "no such notification");
  }
  return uow->Commit();
}

core::Result<int> SeedDemoNotifications(storage::Database& db, const core::Clock& clock) {
  constexpr std::string_view kDemoDomain = "@demo.ismap.example";
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto users, uow->Users().List(std::nullopt, 500, 0));
  int written = 0;
  for (const auto& user : users) {
    const std::string_view email = user.email;
    if (email.size() < kDemoDomain.size() || email.substr(email.size() - kDemoDomain.size()) != kDemoDomain) {
      continue;
    }
    ISMAP_ASSIGN_OR_RETURN(auto existing, uow->Notifications().ListForUser(user.id, 1, 0));
    if (!existing.empty()) {
      continue;
    }
    domain::NotificationRequest welcome;
    welcome.kind = "demo.welcome";
    welcome.subject = "user/" + std::to_string(user.id.value());
    welcome.link = "/catalogs";
    welcome.text.title_ja = "デモへようこそ：まず管理基準をご覧ください";
    welcome.text.title_en = "Welcome to the demo: start with the control criteria";
    ISMAP_RETURN_IF_ERROR(domain::ValidateNotification(welcome));
    ISMAP_RETURN_IF_ERROR(uow->Notifications().Insert(user.id, welcome, clock.Now()));
    ++written;
  }
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return written;
}

}  // namespace ismap::app
