#include "domain/notification.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"
#include "domain/document.hpp"

namespace ismap::domain {
namespace {

core::Error Invalid(std::string_view field, std::string_view why) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "notification.invalid",
                         fmt::format("notification {}: {}", field, why));
}

// Code points, or nullopt when `text` is not UTF-8.
std::optional<std::size_t> Characters(std::string_view text) {
  if (!core::IsValidUtf8(text)) {
    return std::nullopt;
  }
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count;
}

core::Result<void> CheckText(std::string_view field, std::string_view text, std::size_t max, bool required) {
  const auto length = Characters(text);
  if (!length) {
    return Invalid(field, "not valid UTF-8");
  }
  if (required && *length == 0) {
    return Invalid(field, "required");
  }
  if (*length > max) {
    return Invalid(field, fmt::format("longer than {} characters", max));
  }
  return core::Ok();
}

bool IsValidKind(std::string_view kind) {
  if (kind.empty() || kind.size() > 64 || kind.front() < 'a' || kind.front() > 'z') {
    return false;
  }
  return std::all_of(kind.begin(), kind.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'; });
}

bool IsLocalLink(std::string_view link) {
  if (link.size() > 500 || link.size() < 1 || link.front() != '/' || (link.size() > 1 && link[1] == '/')) {
    return false;
  }
  // Printable ASCII only (a path is percent-encoded): no spaces, quotes, backslashes or controls.
  return std::all_of(link.begin(), link.end(),
                     [](char c) { return c > ' ' && c < 0x7F && c != '\\' && c != '"' && c != '<' && c != '>'; });
}

}  // namespace

core::Result<void> ValidateNotification(const NotificationRequest& request) {
  if (!IsValidKind(request.kind)) {
    return Invalid("kind", "must be [a-z][a-z0-9_.]{0,63}");
  }
  if (auto r = CheckSubject(request.subject); !r) {
    return Invalid("subject", "must be <kind>/<id>");
  }
  if (!request.link.empty() && !IsLocalLink(request.link)) {
    return Invalid("link", "must be a local path");
  }
  ISMAP_RETURN_IF_ERROR(CheckText("title_ja", request.text.title_ja, kMaxNotificationTitle, true));
  ISMAP_RETURN_IF_ERROR(CheckText("title_en", request.text.title_en, kMaxNotificationTitle, true));
  ISMAP_RETURN_IF_ERROR(CheckText("body_ja", request.text.body_ja, kMaxNotificationBody, false));
  ISMAP_RETURN_IF_ERROR(CheckText("body_en", request.text.body_en, kMaxNotificationBody, false));
  for (const auto* title : {&request.text.title_ja, &request.text.title_en}) {
    if (title->find_first_of("\r\n") != std::string::npos) {
      return Invalid("title", "must be one line");  // it becomes the e-mail's Subject header
    }
  }
  return core::Ok();
}

NewMail ComposeMail(const std::string& recipient, const NotificationText& text) {
  NewMail mail;
  mail.recipient = recipient;
  mail.subject = "[ISMAP] " + text.title_ja + " / " + text.title_en;
  mail.body = text.title_ja + "\n\n" + text.body_ja + "\n\n----------------------------------------\n\n" +
              text.title_en + "\n\n" + text.body_en + "\n";
  return mail;
}

core::TimePoint NextMailAttempt(core::TimePoint failed_at, int attempts, std::chrono::seconds base) {
  constexpr std::chrono::seconds kMax = std::chrono::hours(6);
  std::chrono::seconds wait = base;
  for (int i = 1; i < attempts && wait < kMax; ++i) {
    wait *= 2;
  }
  return failed_at + std::min(wait, kMax);
}

std::string TrimMailError(std::string_view error) {
  if (error.size() <= kMaxMailError) {
    return std::string(error);
  }
  std::size_t end = kMaxMailError;
  while (end > 0 && (static_cast<unsigned char>(error[end]) & 0xC0) == 0x80) {
    --end;  // do not cut a multibyte sequence
  }
  return std::string(error.substr(0, end));
}

}  // namespace ismap::domain
