// API tokens for machine clients (Authorization: Bearer). A user creates one, limited to some of
// the actions they may take (its scopes), with an expiry; only its SHA-256 is stored. Pure rules.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/strong_id.hpp"
#include "domain/identity.hpp"

namespace ismap::domain {

using ApiTokenId = core::StrongId<struct ApiTokenTag>;

inline constexpr char kApiTokenPrefix[] = "ismap_";  // tells a token from a session cookie in logs
inline constexpr int kMaxApiTokenDays = 365;

struct ApiToken {
  ApiTokenId id;
  UserId user_id;
  std::string name;
  std::vector<std::string> scopes;  // action names (app::ToString(Action))
  core::TimePoint created_at;
  core::TimePoint expires_at;
  std::optional<core::TimePoint> revoked_at;
};

// Neither revoked nor expired at `now`.
bool IsUsable(const ApiToken& token, core::TimePoint now);

// kInvalidArgument: api_token.name_invalid (1 to 100 characters, no control characters),
// api_token.scopes_required, api_token.lifetime_invalid (1 to 365 days).
core::Result<void> ValidateNewApiToken(const std::string& name, const std::vector<std::string>& scopes, int days);

// "scope1 scope2" for storage, and back.
std::string JoinScopes(const std::vector<std::string>& scopes);
std::vector<std::string> SplitScopes(const std::string& text);

}  // namespace ismap::domain
