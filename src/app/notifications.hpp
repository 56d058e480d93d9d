// Use cases on notifications (issue 6): telling users that something waits on them, in their
// in-app inbox and by e-mail, and the inbox itself.
//
// Notify writes in the caller's unit of work, so that a workflow step and its notifications commit
// together or not at all; the e-mails go to the outbox (app/mail.hpp sends them). Marking a notice
// read is the user's own reading state, not a change to the programme, so it is not a ledger
// event; the step that caused the notice has its own.
#pragma once

#include <cstdint>
#include <vector>

#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/notification.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// For each user in `users` (each once, in order): an inbox entry, and an e-mail in the outbox
// unless the user is disabled. Returns the inbox entries.
// kInvalidArgument (notification.invalid), kNotFound (user.not_found) for an unknown user.
// REQUIRES: `uow` is a write transaction.
core::Result<std::vector<domain::Notification>> Notify(storage::UnitOfWork& uow, const core::Clock& clock,
                                                       const std::vector<domain::UserId>& users,
                                                       const domain::NotificationRequest& request);

struct Inbox {
  std::vector<domain::Notification> items;  // newest first
  std::int64_t unread = 0;                  // in the whole inbox, not only this page
};

// The caller's own notifications. REQUIRES: 1 <= limit <= 500, offset >= 0.
// kUnauthenticated / kPermissionDenied (read_own_notifications: signed-in users only).
core::Result<Inbox> ListInbox(storage::Database& db, const Principal& principal, int limit, int offset);

// Only unread ones are counted: the number a page header shows.
core::Result<std::int64_t> CountUnread(storage::Database& db, const Principal& principal);

// Marks one of the caller's notifications read (again is fine). Someone else's, or one that does
// not exist, is kNotFound (notification.not_found): whether it exists is not the caller's business.
core::Result<void> MarkNotificationRead(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                        domain::NotificationId id);

// Demo mode: a welcome notice in the inbox of every demo user whose inbox is empty (no e-mail).
// Returns how many were written.
core::Result<int> SeedDemoNotifications(storage::Database& db, const core::Clock& clock);

}  // namespace ismap::app
