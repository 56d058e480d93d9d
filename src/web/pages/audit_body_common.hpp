// What the audit body and committee pages share (issue 6): translated labels of the workflow's
// enums, ids from paths and forms, times in Japan. Internal to src/web.
#pragma once

#include <charconv>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

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

inline std::string StateLabel(core::Language l, domain::ApplicationState s) {
  return Msg(l, "audit_body_pages.state_" + std::string(domain::ToString(s)));
}
inline std::string PurposeLabel(core::Language l, domain::ApplicationPurpose p) {
  return Msg(l, "audit_body_pages.purpose_" + std::string(domain::ToString(p)));
}
inline std::string StatusLabel(core::Language l, domain::RegistrationStatus s) {
  return Msg(l, "audit_body_pages.status_" + std::string(domain::ToString(s)));
}
inline std::string LegalFormLabel(core::Language l, domain::LegalForm f) {
  return Msg(l, "audit_body_pages.legal_form_" + std::string(domain::ToString(f)));
}
inline std::string QualificationLabel(core::Language l, domain::QualificationKind k) {
  return Msg(l, "audit_body_pages.qual_" + std::string(domain::ToString(k)));
}
inline std::string VerdictLabel(core::Language l, domain::ItemVerdict v) {
  return Msg(l, "audit_body_pages.verdict_" + std::string(domain::ToString(v)));
}
inline std::string RecommendationLabel(core::Language l, domain::RecommendationOutcome o) {
  return Msg(l, "audit_body_pages.outcome_" + std::string(domain::ToString(o)));
}
inline std::string DecisionLabel(core::Language l, domain::DecisionOutcome o) {
  return Msg(l, "committee_pages.outcome_" + std::string(domain::ToString(o)));
}

inline std::string ApplicationHref(domain::ApplicationId id) {
  return "/audit-bodies/applications/" + std::to_string(id.value());
}
inline std::string MeetingHref(domain::MeetingId id) { return "/committee/meetings/" + std::to_string(id.value()); }

}  // namespace ismap::web::pages
