#include "app/api_tokens.hpp"

#include <nlohmann/json.hpp>

#include "app/identity.hpp"
#include "app/ledger.hpp"
#include "core/crypto.hpp"

namespace ismap::app {
namespace {

core::Error TokenInvalid() {
  return core::MakeError(core::ErrorCode::kUnauthenticated, "auth.token_invalid",
                         "unknown, revoked or expired API token");
}

}  // namespace

core::Result<CreatedApiToken> CreateApiToken(storage::Database& db, const core::Clock& clock,
                                             const Principal& principal, const std::string& name,
                                             const std::vector<std::string>& scopes, int days) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageOwnSecurity));
  if (principal.token_scopes) {
    return core::MakeError(core::ErrorCode::kPermissionDenied, "error.permission_denied",
                           "an API token cannot create API tokens");
  }
  ISMAP_RETURN_IF_ERROR(domain::ValidateNewApiToken(name, scopes, days));
  for (const auto& scope : scopes) {
    const auto action = ActionFromString(scope);
    if (!action || *action == Action::kManageOwnSecurity ||
        !Authorize(principal, *action, Resource{principal.user->organization_id})) {
      return core::MakeError(core::ErrorCode::kInvalidArgument, "api_token.scope_not_allowed",
                             "scope '" + scope + "' is not one of the user's own permissions");
    }
  }
  CreatedApiToken created;
  created.token = std::string(domain::kApiTokenPrefix) + core::RandomHex(32);
  domain::ApiToken& record = created.record;
  record.user_id = principal.user->id;
  record.name = name;
  record.scopes = scopes;
  record.created_at = clock.Now();
  record.expires_at = record.created_at + std::chrono::hours(24 * days);
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(record.id, uow->ApiTokens().Insert(record, TokenHash(created.token)));
  ISMAP_RETURN_IF_ERROR(RecordEvent(
      *uow, clock, principal.ActorName(), principal.OrganizationId(), "api_token.created",
      "api_token/" + std::to_string(record.id.value()),
      nlohmann::json{{"name", name}, {"scopes", scopes}, {"expires_at", core::FormatRfc3339(record.expires_at)}}
          .dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return created;
}

core::Result<std::vector<domain::ApiToken>> ListApiTokens(storage::Database& db, const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageOwnSecurity));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->ApiTokens().ListForUser(principal.user->id);
}

core::Result<void> RevokeApiToken(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                  domain::ApiTokenId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageOwnSecurity));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(bool revoked, uow->ApiTokens().Revoke(principal.user->id, id, clock.Now()));
  if (!revoked) {
    return core::MakeError(core::ErrorCode::kNotFound, "api_token.not_found", "no such active token");
  }
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(), "api_token.revoked",
                                    "api_token/" + std::to_string(id.value())));
  return uow->Commit();
}

core::Result<Principal> ResolveApiToken(storage::Database& db, const core::Clock& clock, const std::string& token) {
  if (token.rfind(domain::kApiTokenPrefix, 0) != 0) {
    return TokenInvalid();
  }
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto record, uow->ApiTokens().FindByHash(TokenHash(token)));
  if (!record || !domain::IsUsable(*record, clock.Now())) {
    return TokenInvalid();
  }
  ISMAP_ASSIGN_OR_RETURN(auto user, uow->Users().Get(record->user_id));
  if (user.disabled) {
    return TokenInvalid();
  }
  ISMAP_ASSIGN_OR_RETURN(auto org, uow->Organizations().Get(user.organization_id));
  Principal principal = Principal::ForUser(std::move(user), org.kind);
  principal.token_scopes = record->scopes;
  return principal;
}

}  // namespace ismap::app
