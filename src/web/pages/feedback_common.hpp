// What the feedback pages share (feedback.cpp, feedback_statistics.cpp): labels of topics,
// states and sides in the request's language, organisation names and times in Japan. Internal to
// src/web.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "app/feedback.hpp"
#include "core/clock.hpp"
#include "core/i18n.hpp"
#include "domain/feedback.hpp"
#include "domain/organization.hpp"

namespace ismap::web::pages {

inline std::string FeedbackText(core::Language language, std::string_view key) {
  return std::string(core::Messages::Get().Text(language, key));
}
inline std::string FeedbackTopicLabel(core::Language language, domain::FeedbackTopic topic) {
  return FeedbackText(language, "feedback.topic_" + std::string(domain::ToString(topic)));
}
inline std::string FeedbackStateLabel(core::Language language, domain::FeedbackState state) {
  return FeedbackText(language, "feedback.state_" + std::string(domain::ToString(state)));
}
inline std::string FeedbackSideLabel(core::Language language, domain::FeedbackSide side) {
  return FeedbackText(language, "feedback.side_" + std::string(domain::ToString(side)));
}

// The organisation's name in the page's language, or "#<id>" when it was not read.
inline std::string FeedbackOrganizationName(core::Language language,
                                            const std::map<std::int64_t, domain::Organization>& organizations,
                                            domain::OrganizationId id) {
  const auto it = organizations.find(id.value());
  if (it == organizations.end()) {
    return "#" + std::to_string(id.value());
  }
  return language == core::Language::kEn && !it->second.name_en.empty() ? it->second.name_en : it->second.name_ja;
}

// "2026-11-25 21:04" in Japan's time (UTC+9): the programme's days are Japanese days.
inline std::string JapanTime(core::TimePoint t) {
  const std::string text = core::FormatRfc3339(t + std::chrono::hours(9));
  return text.substr(0, 10) + " " + text.substr(11, 5);
}

}  // namespace ismap::web::pages
