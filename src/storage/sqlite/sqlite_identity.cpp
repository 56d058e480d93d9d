#include "storage/sqlite/sqlite_identity.hpp"

#include <fmt/format.h>

#include "storage/sqlite/queries.hpp"

namespace ismap::storage::sqlite {
namespace {

core::Error Corrupt(std::string what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", std::move(what));
}

core::Error UserNotFound(domain::UserId id) {
  return core::MakeError(core::ErrorCode::kNotFound, "user.not_found", fmt::format("user {} not found", id.value()));
}

// Columns in the order of ISMAP_SQLITE_USER_COLUMNS; roles are read separately.
Result<UserCredentials> ReadCredentials(const Statement& row) {
  UserCredentials c;
  c.user.id = domain::UserId(row.Int(0));
  c.user.organization_id = domain::OrganizationId(row.Int(1));
  c.user.email = row.Text(2);
  c.user.display_name = row.Text(3);
  c.user.mfa_enabled = row.Int(4) != 0;
  c.user.disabled = row.Int(5) != 0;
  if (!core::ParseRfc3339(row.Text(6), &c.user.created_at)) {
    return Corrupt(fmt::format("user {} has a malformed created_at", c.user.id.value()));
  }
  c.password_hash = row.Text(7);
  c.totp_secret = row.OptionalText(8);
  c.totp_last_step = row.Int(9);
  return c;
}

Result<void> RunWith(Connection& connection, const Query& query, std::int64_t id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection.Prepare(query));
  statement->Bind(1, id);
  return statement->Run();
}

}  // namespace

Result<std::vector<domain::Role>> SqliteUserRepository::Roles(domain::UserId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectUserRoles));
  statement->Bind(1, id.value());
  std::vector<domain::Role> roles;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      return roles;
    }
    const auto role = domain::RoleFromString(statement->Text(0));
    if (!role) {
      return Corrupt(fmt::format("user {} has an unknown role", id.value()));
    }
    roles.push_back(*role);
  }
}

Result<std::vector<UserCredentials>> SqliteUserRepository::ReadAll(StatementHandle& statement) {
  std::vector<UserCredentials> out;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      break;
    }
    ISMAP_ASSIGN_OR_RETURN(auto credentials, ReadCredentials(*statement.operator->()));
    out.push_back(std::move(credentials));
  }
  // Roles after the cursor is done: one statement at a time per connection.
  for (auto& c : out) {
    ISMAP_ASSIGN_OR_RETURN(c.user.roles, Roles(c.user.id));
  }
  return out;
}

Result<domain::User> SqliteUserRepository::Insert(const domain::NewUser& user, const std::string& password_hash,
                                                  core::TimePoint now) {
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertUser));
    statement->Bind(1, user.organization_id.value());
    statement->Bind(2, std::string_view(user.email));
    statement->Bind(3, std::string_view(user.display_name));
    statement->Bind(4, std::string_view(password_hash));
    statement->Bind(5, std::string_view(core::FormatRfc3339(now)));
    if (auto r = statement->Run(); !r) {
      if (r.error().code == core::ErrorCode::kAlreadyExists) {
        return core::MakeError(core::ErrorCode::kAlreadyExists, "user.duplicate_email",
                               "a user with this e-mail address exists");
      }
      return r.error();
    }
  }
  const domain::UserId id(sqlite3_last_insert_rowid(connection_.raw()));
  ISMAP_RETURN_IF_ERROR(SetRoles(id, user.roles));
  return Get(id);
}

Result<domain::User> SqliteUserRepository::Get(domain::UserId id) {
  ISMAP_ASSIGN_OR_RETURN(auto credentials, GetCredentials(id));
  return credentials.user;
}

Result<UserCredentials> SqliteUserRepository::GetCredentials(domain::UserId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectUserById));
  statement->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(auto found, ReadAll(statement));
  if (found.empty()) {
    return UserNotFound(id);
  }
  return std::move(found.front());
}

Result<std::optional<UserCredentials>> SqliteUserRepository::FindCredentialsByEmail(const std::string& email) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectUserByEmail));
  statement->Bind(1, std::string_view(email));
  ISMAP_ASSIGN_OR_RETURN(auto found, ReadAll(statement));
  if (found.empty()) {
    return std::optional<UserCredentials>();
  }
  return std::optional<UserCredentials>(std::move(found.front()));
}

Result<std::vector<domain::User>> SqliteUserRepository::List(std::optional<domain::OrganizationId> organization,
                                                             int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement,
                         connection_.Prepare(organization ? kListUsersOfOrganization : kListUsers));
  statement->Bind(1, static_cast<std::int64_t>(limit));
  statement->Bind(2, static_cast<std::int64_t>(offset));
  if (organization) {
    statement->Bind(3, organization->value());
  }
  ISMAP_ASSIGN_OR_RETURN(auto found, ReadAll(statement));
  std::vector<domain::User> users;
  for (auto& c : found) {
    users.push_back(std::move(c.user));
  }
  return users;
}

Result<std::vector<domain::User>> SqliteUserRepository::ListWithRole(
    domain::Role role, std::optional<domain::OrganizationId> organization) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement,
                         connection_.Prepare(organization ? kListUsersOfOrganizationWithRole : kListUsersWithRole));
  statement->Bind(1, domain::ToString(role));
  if (organization) {
    statement->Bind(2, organization->value());
  }
  ISMAP_ASSIGN_OR_RETURN(auto found, ReadAll(statement));
  std::vector<domain::User> users;
  for (auto& c : found) {
    users.push_back(std::move(c.user));
  }
  return users;
}

Result<void> SqliteUserRepository::SetPasswordHash(domain::UserId id, const std::string& password_hash) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kUpdateUserPassword));
  statement->Bind(1, id.value());
  statement->Bind(2, std::string_view(password_hash));
  return statement->Run();
}

Result<void> SqliteUserRepository::SetPendingTotpSecret(domain::UserId id, const std::string& secret) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kUpdateUserPendingTotp));
  statement->Bind(1, id.value());
  statement->Bind(2, std::string_view(secret));
  return statement->Run();
}

Result<void> SqliteUserRepository::EnableMfa(domain::UserId id) {
  return RunWith(connection_, kUpdateUserEnableMfa, id.value());
}

Result<void> SqliteUserRepository::ClearMfa(domain::UserId id) {
  return RunWith(connection_, kClearUserMfa, id.value());
}

Result<bool> SqliteUserRepository::ClaimTotpStep(domain::UserId id, std::int64_t step) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kClaimTotpStep));
  statement->Bind(1, id.value());
  statement->Bind(2, step);
  ISMAP_RETURN_IF_ERROR(statement->Run());
  return connection_.Changes() == 1;
}

Result<void> SqliteUserRepository::SetRoles(domain::UserId id, const std::vector<domain::Role>& roles) {
  ISMAP_RETURN_IF_ERROR(RunWith(connection_, kDeleteUserRoles, id.value()));
  for (const auto role : roles) {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertUserRole));
    statement->Bind(1, id.value());
    statement->Bind(2, domain::ToString(role));
    ISMAP_RETURN_IF_ERROR(statement->Run());
  }
  return core::Ok();
}

Result<void> SqliteUserRepository::SetDisabled(domain::UserId id, bool disabled) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kUpdateUserDisabled));
  statement->Bind(1, id.value());
  statement->Bind(2, static_cast<std::int64_t>(disabled ? 1 : 0));
  return statement->Run();
}

Result<std::int64_t> SqliteUserRepository::Count() {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kCountUsers));
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  return row ? statement->Int(0) : 0;
}

Result<domain::SessionId> SqliteSessionRepository::Insert(const domain::Session& session) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertSession));
  statement->Bind(1, std::string_view(session.token_hash));
  statement->Bind(2, session.user_id.value());
  statement->Bind(3, domain::ToString(session.stage));
  statement->Bind(4, std::string_view(session.csrf_token));
  statement->Bind(5, std::string_view(core::FormatRfc3339(session.created_at)));
  statement->Bind(6, std::string_view(core::FormatRfc3339(session.last_seen_at)));
  ISMAP_RETURN_IF_ERROR(statement->Run());
  return domain::SessionId(sqlite3_last_insert_rowid(connection_.raw()));
}

Result<std::optional<domain::Session>> SqliteSessionRepository::FindByTokenHash(const std::string& token_hash) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectSessionByTokenHash));
  statement->Bind(1, std::string_view(token_hash));
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) {
    return std::optional<domain::Session>();
  }
  domain::Session session;
  session.id = domain::SessionId(statement->Int(0));
  session.token_hash = statement->Text(1);
  session.user_id = domain::UserId(statement->Int(2));
  const auto stage = domain::SessionStageFromString(statement->Text(3));
  if (!stage || !core::ParseRfc3339(statement->Text(5), &session.created_at) ||
      !core::ParseRfc3339(statement->Text(6), &session.last_seen_at)) {
    return Corrupt(fmt::format("session {} is malformed", session.id.value()));
  }
  session.stage = *stage;
  session.csrf_token = statement->Text(4);
  return std::optional<domain::Session>(std::move(session));
}

Result<void> SqliteSessionRepository::Touch(domain::SessionId id, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kTouchSession));
  statement->Bind(1, id.value());
  statement->Bind(2, std::string_view(core::FormatRfc3339(now)));
  return statement->Run();
}

Result<void> SqliteSessionRepository::Delete(domain::SessionId id) {
  return RunWith(connection_, kDeleteSession, id.value());
}

Result<std::int64_t> SqliteSessionRepository::DeleteAllForUser(domain::UserId user) {
  ISMAP_RETURN_IF_ERROR(RunWith(connection_, kDeleteSessionsOfUser, user.value()));
  return connection_.Changes();
}

Result<void> SqliteRecoveryCodeRepository::Replace(domain::UserId user, const std::vector<std::string>& code_hashes) {
  ISMAP_RETURN_IF_ERROR(RunWith(connection_, kDeleteRecoveryCodes, user.value()));
  for (const auto& hash : code_hashes) {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertRecoveryCode));
    statement->Bind(1, user.value());
    statement->Bind(2, std::string_view(hash));
    ISMAP_RETURN_IF_ERROR(statement->Run());
  }
  return core::Ok();
}

Result<bool> SqliteRecoveryCodeRepository::Consume(domain::UserId user, const std::string& code_hash,
                                                   core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kConsumeRecoveryCode));
  statement->Bind(1, user.value());
  statement->Bind(2, std::string_view(code_hash));
  statement->Bind(3, std::string_view(core::FormatRfc3339(now)));
  ISMAP_RETURN_IF_ERROR(statement->Run());
  return connection_.Changes() == 1;
}

namespace {

// Columns: id, user_id, name, scopes, created_at, expires_at, revoked_at.
Result<std::vector<domain::ApiToken>> ReadTokens(StatementHandle& statement) {
  std::vector<domain::ApiToken> out;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      return out;
    }
    domain::ApiToken token;
    token.id = domain::ApiTokenId(statement->Int(0));
    token.user_id = domain::UserId(statement->Int(1));
    token.name = statement->Text(2);
    token.scopes = domain::SplitScopes(statement->Text(3));
    core::TimePoint revoked;
    const auto revoked_text = statement->OptionalText(6);
    if (!core::ParseRfc3339(statement->Text(4), &token.created_at) ||
        !core::ParseRfc3339(statement->Text(5), &token.expires_at) ||
        (revoked_text && !core::ParseRfc3339(*revoked_text, &revoked))) {
      return Corrupt(fmt::format("api token {} is malformed", token.id.value()));
    }
    if (revoked_text) {
      token.revoked_at = revoked;
    }
    out.push_back(std::move(token));
  }
}

}  // namespace

Result<domain::ApiTokenId> SqliteApiTokenRepository::Insert(const domain::ApiToken& token,
                                                            const std::string& token_hash) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertApiToken));
  statement->Bind(1, token.user_id.value());
  statement->Bind(2, std::string_view(token.name));
  statement->Bind(3, std::string_view(token_hash));
  statement->Bind(4, std::string_view(domain::JoinScopes(token.scopes)));
  statement->Bind(5, std::string_view(core::FormatRfc3339(token.created_at)));
  statement->Bind(6, std::string_view(core::FormatRfc3339(token.expires_at)));
  ISMAP_RETURN_IF_ERROR(statement->Run());
  return domain::ApiTokenId(sqlite3_last_insert_rowid(connection_.raw()));
}

Result<std::optional<domain::ApiToken>> SqliteApiTokenRepository::FindByHash(const std::string& token_hash) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectApiTokenByHash));
  statement->Bind(1, std::string_view(token_hash));
  ISMAP_ASSIGN_OR_RETURN(auto tokens, ReadTokens(statement));
  if (tokens.empty()) {
    return std::optional<domain::ApiToken>();
  }
  return std::optional<domain::ApiToken>(std::move(tokens.front()));
}

Result<std::vector<domain::ApiToken>> SqliteApiTokenRepository::ListForUser(domain::UserId user) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kListApiTokensOfUser));
  statement->Bind(1, user.value());
  return ReadTokens(statement);
}

Result<bool> SqliteApiTokenRepository::Revoke(domain::UserId user, domain::ApiTokenId id, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kRevokeApiToken));
  statement->Bind(1, user.value());
  statement->Bind(2, id.value());
  statement->Bind(3, std::string_view(core::FormatRfc3339(now)));
  ISMAP_RETURN_IF_ERROR(statement->Run());
  return connection_.Changes() == 1;
}

Result<domain::ThrottleState> SqliteThrottleRepository::Get(const std::string& key) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectThrottle));
  statement->Bind(1, std::string_view(key));
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  domain::ThrottleState state;
  if (row) {
    state.failures = static_cast<int>(statement->Int(0));
    if (!core::ParseRfc3339(statement->Text(1), &state.last_failure)) {
      return Corrupt("login_throttle row is malformed");
    }
  }
  return state;
}

Result<void> SqliteThrottleRepository::RecordFailure(const std::string& key, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kRecordThrottleFailure));
  statement->Bind(1, std::string_view(key));
  statement->Bind(2, std::string_view(core::FormatRfc3339(now)));
  return statement->Run();
}

Result<void> SqliteThrottleRepository::Reset(const std::string& key) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kResetThrottle));
  statement->Bind(1, std::string_view(key));
  return statement->Run();
}

}  // namespace ismap::storage::sqlite
