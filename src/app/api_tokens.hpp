// Use cases of API tokens: a signed-in user creates a token limited to some of their own
// actions, lists and revokes theirs; machine clients then act as that user within those scopes.
#pragma once

#include <string>
#include <vector>

#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/api_token.hpp"
#include "storage/database.hpp"

namespace ismap::app {

struct CreatedApiToken {
  std::string token;  // "ismap_<64 hex>", shown once
  domain::ApiToken record;
};

// Every scope must be an action the user may take in their own organisation (a subset of their
// permissions). Errors: authorisation (a token cannot make tokens: kManageOwnSecurity is never a
// token scope), kInvalidArgument (api_token.*, api_token.scope_not_allowed).
core::Result<CreatedApiToken> CreateApiToken(storage::Database& db, const core::Clock& clock,
                                             const Principal& principal, const std::string& name,
                                             const std::vector<std::string>& scopes, int days);

core::Result<std::vector<domain::ApiToken>> ListApiTokens(storage::Database& db, const Principal& principal);

// kNotFound when the user has no such unrevoked token.
core::Result<void> RevokeApiToken(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                  domain::ApiTokenId id);

// The principal a bearer token stands for: its user, limited to its scopes. kUnauthenticated
// (auth.token_invalid) for unknown, revoked or expired tokens and disabled users.
core::Result<Principal> ResolveApiToken(storage::Database& db, const core::Clock& clock, const std::string& token);

}  // namespace ismap::app
