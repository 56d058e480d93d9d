#include "domain/session.hpp"

#include <algorithm>

namespace ismap::domain {

std::string_view ToString(SessionStage stage) {
  return stage == SessionStage::kAuthenticated ? "authenticated" : "password_verified";
}

std::optional<SessionStage> SessionStageFromString(std::string_view text) {
  if (text == "authenticated") {
    return SessionStage::kAuthenticated;
  }
  if (text == "password_verified") {
    return SessionStage::kPasswordVerified;
  }
  return std::nullopt;
}

SessionValidity Evaluate(const Session& session, core::TimePoint now, const SessionPolicy& policy) {
  if (now - session.created_at >= policy.absolute_timeout) {
    return SessionValidity::kAbsoluteExpired;
  }
  if (now - session.last_seen_at >= policy.idle_timeout) {
    return SessionValidity::kIdleExpired;
  }
  return SessionValidity::kValid;
}

std::chrono::seconds RetryAfter(const ThrottleState& state, core::TimePoint now) {
  if (state.failures < kFreeFailures) {
    return std::chrono::seconds(0);
  }
  constexpr std::int64_t kMaxDelaySeconds = 15 * 60;
  const int exponent = std::min(state.failures - kFreeFailures, 20);
  const std::int64_t delay = std::min<std::int64_t>(std::int64_t{1} << exponent, kMaxDelaySeconds);
  const auto allowed_at = state.last_failure + std::chrono::seconds(delay);
  if (now >= allowed_at) {
    return std::chrono::seconds(0);
  }
  return std::chrono::ceil<std::chrono::seconds>(allowed_at - now);
}

}  // namespace ismap::domain
