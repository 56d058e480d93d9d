// What the audit body and committee pages share (issue 6): translated labels of the workflow's
// enums, ids from paths and forms, commands posted about one record and their notices, times in
// Japan. Internal to src/web.
#pragma once

#include <charconv>
#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "core/i18n.hpp"
#include "domain/application.hpp"
#include "domain/audit_body.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/committee.hpp"
#include "domain/date.hpp"
#include "web/pages/common.hpp"

namespace ismap::web::pages {

inline std::string Msg(core::Language language, std::string_view key) {
  return std::string(core::Messages::Get().Text(language, key));
}

// A positive id ("12"); nullopt for anything else.
inline std::optional<std::int64_t> PositiveId(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    return std::nullopt;
  }
  return value;
}

// "2026-11-25 21:04" in Japan's time (UTC+9).
inline std::string JapanTime(core::TimePoint t) {
  const std::string text = core::FormatRfc3339(t + std::chrono::hours(9));
  return text.substr(0, 10) + " " + text.substr(11, 5);
}

// The label of a workflow enum's `value`: the message `prefix` + its name.
template <typename Enum>
std::string EnumLabel(core::Language l, std::string_view prefix, Enum value) {
  return Msg(l, std::string(prefix) + std::string(domain::ToString(value)));
}
inline std::string StateLabel(core::Language l, domain::ApplicationState s) {
  return EnumLabel(l, "audit_body_pages.state_", s);
}
inline std::string PurposeLabel(core::Language l, domain::ApplicationPurpose p) {
  return EnumLabel(l, "audit_body_pages.purpose_", p);
}
inline std::string StatusLabel(core::Language l, domain::RegistrationStatus s) {
  return EnumLabel(l, "audit_body_pages.status_", s);
}
inline std::string LegalFormLabel(core::Language l, domain::LegalForm f) {
  return EnumLabel(l, "audit_body_pages.legal_form_", f);
}
inline std::string QualificationLabel(core::Language l, domain::QualificationKind k) {
  return EnumLabel(l, "audit_body_pages.qual_", k);
}
inline std::string VerdictLabel(core::Language l, domain::ItemVerdict v) {
  return EnumLabel(l, "audit_body_pages.verdict_", v);
}
inline std::string RecommendationLabel(core::Language l, domain::RecommendationOutcome o) {
  return EnumLabel(l, "audit_body_pages.outcome_", o);
}
inline std::string DecisionLabel(core::Language l, domain::DecisionOutcome o) {
  return EnumLabel(l, "committee_pages.outcome_", o);
}

// A form posted about one record ("/…/{id}/…"): RequireUserForm, then the path's id (a bad one
// is the 404 page with `not_found_key`).
struct RecordPost {
  app::Authenticated visitor;
  Form form;
  std::int64_t id = 0;
};
inline std::variant<RecordPost, http::Response> ReadRecordPost(const http::Request& request, PagesContext& context,
                                                               app::Action action, std::string_view not_found_key) {
  auto read = RequireUserForm(request, context, action);
  if (auto* refused = std::get_if<http::Response>(&read)) {
    return std::move(*refused);
  }
  auto& posted = std::get<PostedForm>(read);
  const auto id = PositiveId(request.Param("id"));
  if (!id) {
    return ErrorPage(request, 404, not_found_key, ChromeFor(context, posted.visitor));
  }
  return RecordPost{std::move(posted.visitor), std::move(posted.form), *id};
}

// What a page shows for ?done=<key> after a command's redirect: the message `prefix` + key when
// the key is one of `known`; empty otherwise.
inline std::string DoneNotice(const http::Request& request, std::string_view prefix,
                              std::initializer_list<std::string_view> known) {
  const std::string_view done = request.Query("done");
  for (const std::string_view key : known) {
    if (done == key) {
      return Msg(request.language, std::string(prefix) + std::string(key));
    }
  }
  return {};
}

// A refused command the page cannot show beside its form: the error page instead.
inline bool ForErrorPage(const core::Error& error) {
  return error.code == core::ErrorCode::kPermissionDenied || error.code == core::ErrorCode::kUnauthenticated ||
         error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable;
}

// The form error's fields: `field`, or none when empty.
inline std::vector<std::string> FieldsOf(const std::string& field) {
  return field.empty() ? std::vector<std::string>{} : std::vector<std::string>{field};
}

inline std::string ApplicationHref(domain::ApplicationId id) {
  return "/audit-bodies/applications/" + std::to_string(id.value());
}
inline std::string MeetingHref(domain::MeetingId id) { return "/committee/meetings/" + std::to_string(id.value()); }

}  // namespace ismap::web::pages
