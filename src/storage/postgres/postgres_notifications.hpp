// PostgreSQL implementation of the inbox and the e-mail outbox, bound to one connection inside one
// transaction.
#pragma once

#include "storage/database.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace ismap::storage::postgres {

class PostgresNotificationRepository final : public NotificationRepository {
 public:
  explicit PostgresNotificationRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::Notification> Insert(domain::UserId user, const domain::NotificationRequest& request,
                                      core::TimePoint now) override;
  Result<std::vector<domain::Notification>> ListForUser(domain::UserId user, int limit, int offset) override;
  Result<std::int64_t> CountUnread(domain::UserId user) override;
  Result<bool> ExistsSince(const std::string& kind, const std::string& subject, core::TimePoint since) override;
  Result<bool> MarkRead(domain::UserId user, domain::NotificationId id, core::TimePoint now) override;

 private:
  PgConnection& connection_;
};

class PostgresMailOutboxRepository final : public MailOutboxRepository {
 public:
  explicit PostgresMailOutboxRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::MailId> Enqueue(const domain::NewMail& mail, core::TimePoint now) override;
  Result<std::vector<domain::Mail>> ClaimDue(core::TimePoint now, core::TimePoint lease_until, int max_attempts,
                                             int limit) override;
  Result<void> MarkSent(domain::MailId id, core::TimePoint now) override;
  Result<void> MarkFailed(domain::MailId id, const std::string& error, core::TimePoint retry_at) override;
  Result<std::vector<domain::Mail>> List(int limit, int offset) override;

 private:
  PgConnection& connection_;
};

}  // namespace ismap::storage::postgres
