#include "domain/api_token.hpp"

#include <algorithm>
#include <sstream>

namespace ismap::domain {

bool IsUsable(const ApiToken& token, core::TimePoint now) { return !token.revoked_at && now < token.expires_at; }

core::Result<void> ValidateNewApiToken(const std::string& name, const std::vector<std::string>& scopes, int days) {
  const auto code_points =
      std::count_if(name.begin(), name.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; });
  const bool has_controls =
      std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  if (name.empty() || code_points > 100 || has_controls) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "api_token.name_invalid",
                           "token name must be 1 to 100 characters without control characters");
  }
  if (scopes.empty()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "api_token.scopes_required",
                           "a token needs at least one scope");
  }
  if (days < 1 || days > kMaxApiTokenDays) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "api_token.lifetime_invalid",
                           "a token lives 1 to 365 days");
  }
  return core::Ok();
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& scope : scopes) {
    if (!out.empty()) {
      out += ' ';
    }
    out += scope;
  }
  return out;
}

std::vector<std::string> SplitScopes(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string scope; in >> scope;) {
    out.push_back(scope);
  }
  return out;
}

}  // namespace ismap::domain
