// Notifications (issue 6): every step that waits on someone tells them, in an in-app inbox per
// user and by e-mail. An e-mail is first written to an outbox in the same transaction as the step
// that caused it, and sent later (by SMTP when configured), so a step and its notices commit
// together and a mail server that is down loses nothing. Pure rules: what a notification may hold,
// how its e-mail reads, and when a failed e-mail is tried again.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/strong_id.hpp"
#include "domain/identity.hpp"

namespace ismap::domain {

using NotificationId = core::StrongId<struct NotificationTag>;
using MailId = core::StrongId<struct MailTag>;

inline constexpr std::size_t kMaxNotificationTitle = 200;   // characters (code points)
inline constexpr std::size_t kMaxNotificationBody = 20000;  // characters
inline constexpr std::size_t kMaxMailError = 500;           // bytes of the last error kept

// What the recipients read: a title for the inbox and the e-mail subject, and a body for the
// e-mail, each in Japanese and English (the e-mail carries both, Japanese first).
struct NotificationText {
  std::string title_ja;
  std::string title_en;
  std::string body_ja;
  std::string body_en;
};

// One notice to some users about one subject.
struct NotificationRequest {
  std::string kind;     // what happened, [a-z][a-z0-9_.]{0,63}: "audit_body_application.returned"
  std::string subject;  // what it is about, as in the ledger: "audit_body_application/12"
  std::string link;     // a local path to open it ("/audit-bodies/applications/12"); empty: none
  NotificationText text;
};

// kInvalidArgument (notification.invalid) naming the field: kind and subject grammar, a link that
// is not a local path ("/..." but not "//..."), titles missing (both languages are required) or
// longer than 200 characters, bodies longer than 20,000, any text that is not UTF-8.
core::Result<void> ValidateNotification(const NotificationRequest& request);

struct Notification {
  NotificationId id;
  UserId user;
  std::string kind;
  std::string subject;
  std::string link;
  std::string title_ja;
  std::string title_en;
  core::TimePoint created_at;
  std::optional<core::TimePoint> read_at;  // none: unread
};

struct NewMail {
  std::string recipient;  // an address
  std::string subject;    // UTF-8; the sender encodes it for the header
  std::string body;       // UTF-8 plain text
};

// The e-mail for `text`: subject "[ISMAP] <title_ja> / <title_en>", the Japanese body, a
// separator, the English body.
NewMail ComposeMail(const std::string& recipient, const NotificationText& text);

struct Mail {
  MailId id;
  NewMail message;
  core::TimePoint created_at;
  std::optional<core::TimePoint> sent_at;
  int attempts = 0;  // sending attempts started so far
  std::optional<std::string> last_error;
  core::TimePoint next_attempt_at;  // not before this (also the lease of an attempt in progress)
};

// When to try again after the `attempts`-th failed attempt (1, 2, ...): `base` doubled for each
// earlier failure, at most six hours later.
core::TimePoint NextMailAttempt(core::TimePoint failed_at, int attempts, std::chrono::seconds base);

// `error` cut to kMaxMailError bytes on a UTF-8 boundary, for storing.
std::string TrimMailError(std::string_view error);

}  // namespace ismap::domain
