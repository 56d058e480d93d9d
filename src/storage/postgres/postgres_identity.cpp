#include "storage/postgres/postgres_identity.hpp"

#include <fmt/format.h>

#include "storage/postgres/queries.hpp"

namespace ismap::storage::postgres {
namespace {

core::Error Corrupt(std::string what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", std::move(what));
}

core::Error UserNotFound(domain::UserId id) {
  return core::MakeError(core::ErrorCode::kNotFound, "user.not_found", fmt::format("user {} not found", id.value()));
}

std::string Id(std::int64_t value) { return std::to_string(value); }

// Columns in the order of ISMAP_PG_USER_COLUMNS; roles are read separately.
Result<UserCredentials> ReadCredentials(const PgResult& r, int row) {
  UserCredentials c;
  c.user.id = domain::UserId(r.Int(row, 0));
  c.user.organization_id = domain::OrganizationId(r.Int(row, 1));
  c.user.email = r.Text(row, 2);
  c.user.display_name = r.Text(row, 3);
  c.user.mfa_enabled = r.Bool(row, 4);
  c.user.disabled = r.Bool(row, 5);
  if (!core::ParseRfc3339(r.Text(row, 6), &c.user.created_at)) {
    return Corrupt(fmt::format("user {} has a malformed created_at", c.user.id.value()));
  }
  c.password_hash = r.Text(row, 7);
  c.totp_secret = r.OptionalText(row, 8);
  c.totp_last_step = r.Int(row, 9);
  return c;
}

}  // namespace

Result<std::vector<domain::Role>> PostgresUserRepository::Roles(domain::UserId id) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectUserRoles, {Id(id.value())}));
  std::vector<domain::Role> roles;
  for (int row = 0; row < result.Rows(); ++row) {
    const auto role = domain::RoleFromString(result.Text(row, 0));
    if (!role) {
      return Corrupt(fmt::format("user {} has an unknown role", id.value()));
    }
    roles.push_back(*role);
  }
  return roles;
}

Result<std::vector<UserCredentials>> PostgresUserRepository::ReadAll(const PgResult& result) {
  std::vector<UserCredentials> out;
  for (int row = 0; row < result.Rows(); ++row) {
    ISMAP_ASSIGN_OR_RETURN(auto credentials, ReadCredentials(result, row));
    ISMAP_ASSIGN_OR_RETURN(credentials.user.roles, Roles(credentials.user.id));
    out.push_back(std::move(credentials));
  }
  return out;
}

Result<domain::User> PostgresUserRepository::Insert(const domain::NewUser& user, const std::string& password_hash,
                                                    core::TimePoint now) {
  auto inserted = connection_.Run(kInsertUser, {Id(user.organization_id.value()), user.email, user.display_name,
                                                password_hash, core::FormatRfc3339(now)});
  if (!inserted) {
    if (inserted.error().code == core::ErrorCode::kAlreadyExists) {
      return core::MakeError(core::ErrorCode::kAlreadyExists, "user.duplicate_email",
                             "a user with this e-mail address exists");
    }
    return inserted.error();
  }
  const domain::UserId id(inserted->Int(0, 0));
  ISMAP_RETURN_IF_ERROR(SetRoles(id, user.roles));
  return Get(id);
}

Result<domain::User> PostgresUserRepository::Get(domain::UserId id) {
  ISMAP_ASSIGN_OR_RETURN(auto credentials, GetCredentials(id));
  return credentials.user;
}

Result<UserCredentials> PostgresUserRepository::GetCredentials(domain::UserId id) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectUserById, {Id(id.value())}));
  ISMAP_ASSIGN_OR_RETURN(auto found, ReadAll(result));
  if (found.empty()) {
    return UserNotFound(id);
  }
  return std::move(found.front());
}

Result<std::optional<UserCredentials>> PostgresUserRepository::FindCredentialsByEmail(const std::string& email) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectUserByEmail, {email}));
  ISMAP_ASSIGN_OR_RETURN(auto found, ReadAll(result));
  if (found.empty()) {
    return std::optional<UserCredentials>();
  }
  return std::optional<UserCredentials>(std::move(found.front()));
}

Result<std::vector<domain::User>> PostgresUserRepository::List(std::optional<domain::OrganizationId> organization,
                                                               int limit, int offset) {
  std::vector<Param> params = {Id(limit), Id(offset)};
  if (organization) {
    params.emplace_back(Id(organization->value()));
  }
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(organization ? kListUsersOfOrganization : kListUsers, params));
  ISMAP_ASSIGN_OR_RETURN(auto found, ReadAll(result));
  std::vector<domain::User> users;
  for (auto& c : found) {
    users.push_back(std::move(c.user));
  }
  return users;
}

Result<std::vector<domain::User>> PostgresUserRepository::ListWithRole(
    domain::Role role, std::optional<domain::OrganizationId> organization) {
  std::vector<Param> params = {std::string(domain::ToString(role))};
  if (organization) {
    params.emplace_back(Id(organization->value()));
  }
  ISMAP_ASSIGN_OR_RETURN(auto result,
                         connection_.Run(organization ? kListUsersOfOrganizationWithRole : kListUsersWithRole, params));
  ISMAP_ASSIGN_OR_RETURN(auto found, ReadAll(result));
  std::vector<domain::User> users;
  for (auto& c : found) {
    users.push_back(std::move(c.user));
  }
  return users;
}

Result<void> PostgresUserRepository::SetPasswordHash(domain::UserId id, const std::string& password_hash) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kUpdateUserPassword, {Id(id.value()), password_hash}));
  return core::Ok();
}

Result<void> PostgresUserRepository::SetPendingTotpSecret(domain::UserId id, const std::string& secret) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kUpdateUserPendingTotp, {Id(id.value()), secret}));
  return core::Ok();
}

Result<void> PostgresUserRepository::EnableMfa(domain::UserId id) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kUpdateUserEnableMfa, {Id(id.value())}));
  return core::Ok();
}

Result<void> PostgresUserRepository::ClearMfa(domain::UserId id) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kClearUserMfa, {Id(id.value())}));
  return core::Ok();
}

Result<bool> PostgresUserRepository::ClaimTotpStep(domain::UserId id, std::int64_t step) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kClaimTotpStep, {Id(id.value()), Id(step)}));
  return result.AffectedRows() == 1;
}

Result<void> PostgresUserRepository::SetRoles(domain::UserId id, const std::vector<domain::Role>& roles) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kDeleteUserRoles, {Id(id.value())}));
  for (const auto role : roles) {
    ISMAP_RETURN_IF_ERROR(connection_.Run(kInsertUserRole, {Id(id.value()), std::string(domain::ToString(role))}));
  }
  return core::Ok();
}

Result<void> PostgresUserRepository::SetDisabled(domain::UserId id, bool disabled) {
  ISMAP_RETURN_IF_ERROR(
      connection_.Run(kUpdateUserDisabled, {Id(id.value()), std::string(disabled ? "true" : "false")}));
  return core::Ok();
}

Result<std::int64_t> PostgresUserRepository::Count() {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kCountUsers));
  return result.Int(0, 0);
}

Result<domain::SessionId> PostgresSessionRepository::Insert(const domain::Session& session) {
  ISMAP_ASSIGN_OR_RETURN(
      auto result, connection_.Run(kInsertSession, {session.token_hash, Id(session.user_id.value()),
                                                    std::string(domain::ToString(session.stage)), session.csrf_token,
                                                    core::FormatRfc3339(session.created_at),
                                                    core::FormatRfc3339(session.last_seen_at)}));
  return domain::SessionId(result.Int(0, 0));
}

Result<std::optional<domain::Session>> PostgresSessionRepository::FindByTokenHash(const std::string& token_hash) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectSessionByTokenHash, {token_hash}));
  if (result.Rows() == 0) {
    return std::optional<domain::Session>();
  }
  domain::Session session;
  session.id = domain::SessionId(result.Int(0, 0));
  session.token_hash = result.Text(0, 1);
  session.user_id = domain::UserId(result.Int(0, 2));
  const auto stage = domain::SessionStageFromString(result.Text(0, 3));
  if (!stage || !core::ParseRfc3339(result.Text(0, 5), &session.created_at) ||
      !core::ParseRfc3339(result.Text(0, 6), &session.last_seen_at)) {
    return Corrupt(fmt::format("session {} is malformed", session.id.value()));
  }
  session.stage = *stage;
  session.csrf_token = result.Text(0, 4);
  return std::optional<domain::Session>(std::move(session));
}

Result<void> PostgresSessionRepository::Touch(domain::SessionId id, core::TimePoint now) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kTouchSession, {Id(id.value()), core::FormatRfc3339(now)}));
  return core::Ok();
}

Result<void> PostgresSessionRepository::Delete(domain::SessionId id) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kDeleteSession, {Id(id.value())}));
  return core::Ok();
}

Result<std::int64_t> PostgresSessionRepository::DeleteAllForUser(domain::UserId user) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kDeleteSessionsOfUser, {Id(user.value())}));
  return result.AffectedRows();
}

Result<void> PostgresRecoveryCodeRepository::Replace(domain::UserId user, const std::vector<std::string>& code_hashes) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kDeleteRecoveryCodes, {Id(user.value())}));
  for (const auto& hash : code_hashes) {
    ISMAP_RETURN_IF_ERROR(connection_.Run(kInsertRecoveryCode, {Id(user.value()), hash}));
  }
  return core::Ok();
}

Result<bool> PostgresRecoveryCodeRepository::Consume(domain::UserId user, const std::string& code_hash,
                                                     core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(
      auto result, connection_.Run(kConsumeRecoveryCode, {Id(user.value()), code_hash, core::FormatRfc3339(now)}));
  return result.AffectedRows() == 1;
}

namespace {

// Columns: id, user_id, name, scopes, created_at, expires_at, revoked_at.
Result<std::vector<domain::ApiToken>> ReadTokens(const PgResult& r) {
  std::vector<domain::ApiToken> out;
  for (int row = 0; row < r.Rows(); ++row) {
    domain::ApiToken token;
    token.id = domain::ApiTokenId(r.Int(row, 0));
    token.user_id = domain::UserId(r.Int(row, 1));
    token.name = r.Text(row, 2);
    token.scopes = domain::SplitScopes(r.Text(row, 3));
    core::TimePoint revoked;
    const auto revoked_text = r.OptionalText(row, 6);
    if (!core::ParseRfc3339(r.Text(row, 4), &token.created_at) ||
        !core::ParseRfc3339(r.Text(row, 5), &token.expires_at) ||
        (revoked_text && !core::ParseRfc3339(*revoked_text, &revoked))) {
      return Corrupt(fmt::format("api token {} is malformed", token.id.value()));
    }
    if (revoked_text) {
      token.revoked_at = revoked;
    }
    out.push_back(std::move(token));
  }
  return out;
}

}  // namespace

Result<domain::ApiTokenId> PostgresApiTokenRepository::Insert(const domain::ApiToken& token,
                                                              const std::string& token_hash) {
  ISMAP_ASSIGN_OR_RETURN(
      auto result, connection_.Run(kInsertApiToken,
                                   {Id(token.user_id.value()), token.name, token_hash, domain::JoinScopes(token.scopes),
                                    core::FormatRfc3339(token.created_at), core::FormatRfc3339(token.expires_at)}));
  return domain::ApiTokenId(result.Int(0, 0));
}

Result<std::optional<domain::ApiToken>> PostgresApiTokenRepository::FindByHash(const std::string& token_hash) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectApiTokenByHash, {token_hash}));
  ISMAP_ASSIGN_OR_RETURN(auto tokens, ReadTokens(result));
  if (tokens.empty()) {
    return std::optional<domain::ApiToken>();
  }
  return std::optional<domain::ApiToken>(std::move(tokens.front()));
}

Result<std::vector<domain::ApiToken>> PostgresApiTokenRepository::ListForUser(domain::UserId user) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kListApiTokensOfUser, {Id(user.value())}));
  return ReadTokens(result);
}

Result<bool> PostgresApiTokenRepository::Revoke(domain::UserId user, domain::ApiTokenId id, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(
      auto result, connection_.Run(kRevokeApiToken, {Id(user.value()), Id(id.value()), core::FormatRfc3339(now)}));
  return result.AffectedRows() == 1;
}

Result<domain::ThrottleState> PostgresThrottleRepository::Get(const std::string& key) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectThrottle, {key}));
  domain::ThrottleState state;
  if (result.Rows() > 0) {
    state.failures = static_cast<int>(result.Int(0, 0));
    if (!core::ParseRfc3339(result.Text(0, 1), &state.last_failure)) {
      return Corrupt("login_throttle row is malformed");
    }
  }
  return state;
}

Result<void> PostgresThrottleRepository::RecordFailure(const std::string& key, core::TimePoint now) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kRecordThrottleFailure, {key, core::FormatRfc3339(now)}));
  return core::Ok();
}

Result<void> PostgresThrottleRepository::Reset(const std::string& key) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kResetThrottle, {key}));
  return core::Ok();
}

}  // namespace ismap::storage::postgres
