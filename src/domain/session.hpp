// Sessions and login throttling: the rules, not the storage. A session is a server-side record
// keyed by the SHA-256 of a random 256-bit token (the cookie holds the token; the database only
// its hash). It ends after an idle period or an absolute lifetime, whichever comes first.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "domain/identity.hpp"

namespace ismap::domain {

using SessionId = core::StrongId<struct SessionTag>;

struct SessionPolicy {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
};

enum class SessionStage {
  kPasswordVerified,  // the password was right; the second factor is still to come
  kAuthenticated,     // fully logged in
};

std::string_view ToString(SessionStage stage);
std::optional<SessionStage> SessionStageFromString(std::string_view text);

struct Session {
  SessionId id;
  std::string token_hash;  // SHA-256 of the cookie's token
  UserId user_id;
  SessionStage stage = SessionStage::kPasswordVerified;
  std::string csrf_token;  // sent back in forms and X-CSRF-Token
  core::TimePoint created_at;
  core::TimePoint last_seen_at;
};

enum class SessionValidity { kValid, kIdleExpired, kAbsoluteExpired };

SessionValidity Evaluate(const Session& session, core::TimePoint now, const SessionPolicy& policy);

// Login throttling with growing delays (ASVS 2.2.1): after kFreeFailures failures in a row, each
// further attempt must wait 2^(n - kFreeFailures) seconds after the last failure, up to 15 minutes.
// Applies per account and per client address alike.
struct ThrottleState {
  int failures = 0;
  core::TimePoint last_failure;
};

inline constexpr int kFreeFailures = 3;

// How long from `now` until another attempt is allowed (zero when it is allowed now).
std::chrono::seconds RetryAfter(const ThrottleState& state, core::TimePoint now);

}  // namespace ismap::domain
