#include "storage/postgres/postgres_notifications.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "storage/postgres/queries.hpp"

namespace ismap::storage::postgres {
namespace {

core::Error Corrupt(std::string_view what, std::int64_t id) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", fmt::format("{} {} is malformed", what, id));
}

std::string Id(std::int64_t value) { return std::to_string(value); }

bool ParseOptionalTime(const std::optional<std::string>& text, std::optional<core::TimePoint>* out) {
  if (!text) {
    out->reset();
    return true;
  }
  core::TimePoint t;
  if (!core::ParseRfc3339(*text, &t)) {
    return false;
  }
  *out = t;
  return true;
}

// Columns: id, user_id, kind, subject, link, title_ja, title_en, created_at, read_at.
Result<domain::Notification> ReadNotification(const PgResult& r, int row) {
  domain::Notification n;
  n.id = domain::NotificationId(r.Int(row, 0));
  n.user = domain::UserId(r.Int(row, 1));
  n.kind = r.Text(row, 2);
  n.subject = r.Text(row, 3);
  n.link = r.Text(row, 4);
  n.title_ja = r.Text(row, 5);
  n.title_en = r.Text(row, 6);
  if (!core::ParseRfc3339(r.Text(row, 7), &n.created_at) || !ParseOptionalTime(r.OptionalText(row, 8), &n.read_at)) {
    return Corrupt("notification", n.id.value());
  }
  return n;
}

// Columns: id, recipient, subject, body, created_at, sent_at, attempts, last_error, next_attempt_at.
Result<domain::Mail> ReadMail(const PgResult& r, int row) {
  domain::Mail mail;
  mail.id = domain::MailId(r.Int(row, 0));
  mail.message.recipient = r.Text(row, 1);
  mail.message.subject = r.Text(row, 2);
  mail.message.body = r.Text(row, 3);
  mail.attempts = static_cast<int>(r.Int(row, 6));
  mail.last_error = r.OptionalText(row, 7);
  if (!core::ParseRfc3339(r.Text(row, 4), &mail.created_at) ||
      !ParseOptionalTime(r.OptionalText(row, 5), &mail.sent_at) ||
      !core::ParseRfc3339(r.Text(row, 8), &mail.next_attempt_at)) {
    return Corrupt("mail", mail.id.value());
  }
  return mail;
}

template <class T, class Read>
Result<std::vector<T>> ReadRows(const PgResult& result, Read read) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(result.Rows()));
  for (int row = 0; row < result.Rows(); ++row) {
    ISMAP_ASSIGN_OR_RETURN(T value, read(result, row));
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace

Result<domain::Notification> PostgresNotificationRepository::Insert(domain::UserId user,
                                                                    const domain::NotificationRequest& request,
                                                                    core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(
      auto result,
      connection_.Run(kInsertNotification, {Id(user.value()), request.kind, request.subject, request.link,
                                            request.text.title_ja, request.text.title_en, core::FormatRfc3339(now)}));
  domain::Notification n;
  n.id = domain::NotificationId(result.Int(0, 0));
  n.user = user;
  n.kind = request.kind;
  n.subject = request.subject;
  n.link = request.link;
  n.title_ja = request.text.title_ja;
  n.title_en = request.text.title_en;
  n.created_at = now;
  return n;
}

Result<std::vector<domain::Notification>> PostgresNotificationRepository::ListForUser(domain::UserId user, int limit,
                                                                                      int offset) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kListNotifications, {Id(user.value()), Id(limit), Id(offset)}));
  return ReadRows<domain::Notification>(result, ReadNotification);
}

Result<std::int64_t> PostgresNotificationRepository::CountUnread(domain::UserId user) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kCountUnreadNotifications, {Id(user.value())}));
  return result.Rows() > 0 ? result.Int(0, 0) : 0;
}

Result<bool> PostgresNotificationRepository::ExistsSince(const std::string& kind, const std::string& subject,
                                                         core::TimePoint since) {
  ISMAP_ASSIGN_OR_RETURN(auto result,
                         connection_.Run(kNotificationExistsSince, {kind, subject, core::FormatRfc3339(since)}));
  return result.Rows() > 0 && result.Bool(0, 0);
}

Result<bool> PostgresNotificationRepository::MarkRead(domain::UserId user, domain::NotificationId id,
                                                      core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kMarkNotificationRead,
                                                      {Id(user.value()), Id(id.value()), core::FormatRfc3339(now)}));
  return result.AffectedRows() > 0;
}

Result<domain::MailId> PostgresMailOutboxRepository::Enqueue(const domain::NewMail& mail, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(
      auto result, connection_.Run(kInsertMail, {mail.recipient, mail.subject, mail.body, core::FormatRfc3339(now)}));
  return domain::MailId(result.Int(0, 0));
}

Result<std::vector<domain::Mail>> PostgresMailOutboxRepository::ClaimDue(core::TimePoint now,
                                                                         core::TimePoint lease_until, int max_attempts,
                                                                         int limit) {
  ISMAP_ASSIGN_OR_RETURN(auto result,
                         connection_.Run(kClaimDueMail, {core::FormatRfc3339(now), core::FormatRfc3339(lease_until),
                                                         Id(max_attempts), Id(limit)}));
  ISMAP_ASSIGN_OR_RETURN(auto claimed, ReadRows<domain::Mail>(result, ReadMail));
  // RETURNING gives no order.
  std::sort(claimed.begin(), claimed.end(), [](const domain::Mail& a, const domain::Mail& b) { return a.id < b.id; });
  return claimed;
}

Result<void> PostgresMailOutboxRepository::MarkSent(domain::MailId id, core::TimePoint now) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kMarkMailSent, {Id(id.value()), core::FormatRfc3339(now)}));
  return core::Ok();
}

Result<void> PostgresMailOutboxRepository::MarkFailed(domain::MailId id, const std::string& error,
                                                      core::TimePoint retry_at) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kMarkMailFailed, {Id(id.value()), error, core::FormatRfc3339(retry_at)}));
  return core::Ok();
}

Result<std::vector<domain::Mail>> PostgresMailOutboxRepository::List(int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kListMail, {Id(limit), Id(offset)}));
  return ReadRows<domain::Mail>(result, ReadMail);
}

}  // namespace ismap::storage::postgres
