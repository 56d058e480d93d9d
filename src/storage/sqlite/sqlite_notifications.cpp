#include "storage/sqlite/sqlite_notifications.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "storage/sqlite/queries.hpp"

namespace ismap::storage::sqlite {
namespace {

core::Error Corrupt(std::string_view what, std::int64_t id) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", fmt::format("{} {} is malformed", what, id));
}

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
Result<domain::Notification> ReadNotification(const Statement& row) {
  domain::Notification n;
  n.id = domain::NotificationId(row.Int(0));
  n.user = domain::UserId(row.Int(1));
  n.kind = row.Text(2);
  n.subject = row.Text(3);
  n.link = row.Text(4);
  n.title_ja = row.Text(5);
  n.title_en = row.Text(6);
  if (!core::ParseRfc3339(row.Text(7), &n.created_at) || !ParseOptionalTime(row.OptionalText(8), &n.read_at)) {
    return Corrupt("notification", n.id.value());
  }
  return n;
}

// Columns: id, recipient, subject, body, created_at, sent_at, attempts, last_error, next_attempt_at.
Result<domain::Mail> ReadMail(const Statement& row) {
  domain::Mail mail;
  mail.id = domain::MailId(row.Int(0));
  mail.message.recipient = row.Text(1);
  mail.message.subject = row.Text(2);
  mail.message.body = row.Text(3);
  mail.attempts = static_cast<int>(row.Int(6));
  mail.last_error = row.OptionalText(7);
  if (!core::ParseRfc3339(row.Text(4), &mail.created_at) || !ParseOptionalTime(row.OptionalText(5), &mail.sent_at) ||
      !core::ParseRfc3339(row.Text(8), &mail.next_attempt_at)) {
    return Corrupt("mail", mail.id.value());
  }
  return mail;
}

template <class T, class Read>
Result<std::vector<T>> ReadRows(StatementHandle& statement, Read read) {
  std::vector<T> out;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      return out;
    }
    ISMAP_ASSIGN_OR_RETURN(T value, read(*statement.operator->()));
    out.push_back(std::move(value));
  }
}

}  // namespace

Result<domain::Notification> SqliteNotificationRepository::Insert(domain::UserId user,
                                                                  const domain::NotificationRequest& request,
                                                                  core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertNotification));
  statement->Bind(1, user.value());
  statement->Bind(2, std::string_view(request.kind));
  statement->Bind(3, std::string_view(request.subject));
  statement->Bind(4, std::string_view(request.link));
  statement->Bind(5, std::string_view(request.text.title_ja));
  statement->Bind(6, std::string_view(request.text.title_en));
  statement->Bind(7, std::string_view(core::FormatRfc3339(now)));
  ISMAP_RETURN_IF_ERROR(statement->Run());
  domain::Notification n;
  n.id = domain::NotificationId(sqlite3_last_insert_rowid(connection_.raw()));
  n.user = user;
  n.kind = request.kind;
  n.subject = request.subject;
  n.link = request.link;
  n.title_ja = request.text.title_ja;
  n.title_en = request.text.title_en;
  n.created_at = now;
  return n;
}

Result<std::vector<domain::Notification>> SqliteNotificationRepository::ListForUser(domain::UserId user, int limit,
                                                                                    int offset) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kListNotifications));
  statement->Bind(1, user.value());
  statement->Bind(2, static_cast<std::int64_t>(limit));
  statement->Bind(3, static_cast<std::int64_t>(offset));
  return ReadRows<domain::Notification>(statement, ReadNotification);
}

Result<std::int64_t> SqliteNotificationRepository::CountUnread(domain::UserId user) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kCountUnreadNotifications));
  statement->Bind(1, user.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  return row ? statement->Int(0) : 0;
}

Result<bool> SqliteNotificationRepository::ExistsSince(const std::string& kind, const std::string& subject,
                                                       core::TimePoint since) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kNotificationExistsSince));
  statement->Bind(1, std::string_view(kind));
  statement->Bind(2, std::string_view(subject));
  const std::string since_text = core::FormatRfc3339(since);
  statement->Bind(3, std::string_view(since_text));
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  return row && statement->Int(0) != 0;
}

Result<bool> SqliteNotificationRepository::MarkRead(domain::UserId user, domain::NotificationId id,
                                                    core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kMarkNotificationRead));
  statement->Bind(1, user.value());
  statement->Bind(2, id.value());
  statement->Bind(3, std::string_view(core::FormatRfc3339(now)));
  ISMAP_RETURN_IF_ERROR(statement->Run());
  return connection_.Changes() > 0;
}

Result<domain::MailId> SqliteMailOutboxRepository::Enqueue(const domain::NewMail& mail, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertMail));
  statement->Bind(1, std::string_view(mail.recipient));
  statement->Bind(2, std::string_view(mail.subject));
  statement->Bind(3, std::string_view(mail.body));
  statement->Bind(4, std::string_view(core::FormatRfc3339(now)));
  ISMAP_RETURN_IF_ERROR(statement->Run());
  return domain::MailId(sqlite3_last_insert_rowid(connection_.raw()));
}

Result<std::vector<domain::Mail>> SqliteMailOutboxRepository::ClaimDue(core::TimePoint now, core::TimePoint lease_until,
                                                                       int max_attempts, int limit) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kClaimDueMail));
  statement->Bind(1, std::string_view(core::FormatRfc3339(now)));
  statement->Bind(2, std::string_view(core::FormatRfc3339(lease_until)));
  statement->Bind(3, static_cast<std::int64_t>(max_attempts));
  statement->Bind(4, static_cast<std::int64_t>(limit));
  ISMAP_ASSIGN_OR_RETURN(auto claimed, ReadRows<domain::Mail>(statement, ReadMail));
  // RETURNING gives no order.
  std::sort(claimed.begin(), claimed.end(), [](const domain::Mail& a, const domain::Mail& b) { return a.id < b.id; });
  return claimed;
}

Result<void> SqliteMailOutboxRepository::MarkSent(domain::MailId id, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kMarkMailSent));
  statement->Bind(1, id.value());
  statement->Bind(2, std::string_view(core::FormatRfc3339(now)));
  return statement->Run();
}

Result<void> SqliteMailOutboxRepository::MarkFailed(domain::MailId id, const std::string& error,
                                                    core::TimePoint retry_at) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kMarkMailFailed));
  statement->Bind(1, id.value());
  statement->Bind(2, std::string_view(error));
  statement->Bind(3, std::string_view(core::FormatRfc3339(retry_at)));
  return statement->Run();
}

Result<std::vector<domain::Mail>> SqliteMailOutboxRepository::List(int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kListMail));
  statement->Bind(1, static_cast<std::int64_t>(limit));
  statement->Bind(2, static_cast<std::int64_t>(offset));
  return ReadRows<domain::Mail>(statement, ReadMail);
}

}  // namespace ismap::storage::sqlite
