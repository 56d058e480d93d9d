// PostgreSQL implementations of the identity repositories (users, sessions, recovery codes, login
// throttling), bound to one connection inside one transaction.
#pragma once

#include "storage/database.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace ismap::storage::postgres {

class PostgresUserRepository final : public UserRepository {
 public:
  explicit PostgresUserRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::User> Insert(const domain::NewUser& user, const std::string& password_hash,
                              core::TimePoint now) override;
  Result<domain::User> Get(domain::UserId id) override;
  Result<std::optional<UserCredentials>> FindCredentialsByEmail(const std::string& email) override;
  Result<UserCredentials> GetCredentials(domain::UserId id) override;
  Result<std::vector<domain::User>> List(std::optional<domain::OrganizationId> organization, int limit,
                                         int offset) override;
  Result<std::vector<domain::User>> ListWithRole(domain::Role role,
                                                 std::optional<domain::OrganizationId> organization) override;
  Result<void> SetPasswordHash(domain::UserId id, const std::string& password_hash) override;
  Result<void> SetPendingTotpSecret(domain::UserId id, const std::string& secret) override;
  Result<void> EnableMfa(domain::UserId id) override;
  Result<void> ClearMfa(domain::UserId id) override;
  Result<bool> ClaimTotpStep(domain::UserId id, std::int64_t step) override;
  Result<void> SetRoles(domain::UserId id, const std::vector<domain::Role>& roles) override;
  Result<void> SetDisabled(domain::UserId id, bool disabled) override;
  Result<std::int64_t> Count() override;

 private:
  Result<std::vector<domain::Role>> Roles(domain::UserId id);
  Result<std::vector<UserCredentials>> ReadAll(const PgResult& result);
  PgConnection& connection_;
};

class PostgresSessionRepository final : public SessionRepository {
 public:
  explicit PostgresSessionRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::SessionId> Insert(const domain::Session& session) override;
  Result<std::optional<domain::Session>> FindByTokenHash(const std::string& token_hash) override;
  Result<void> Touch(domain::SessionId id, core::TimePoint now) override;
  Result<void> Delete(domain::SessionId id) override;
  Result<std::int64_t> DeleteAllForUser(domain::UserId user) override;

 private:
  PgConnection& connection_;
};

class PostgresRecoveryCodeRepository final : public RecoveryCodeRepository {
 public:
  explicit PostgresRecoveryCodeRepository(PgConnection& connection) : connection_(connection) {}
  Result<void> Replace(domain::UserId user, const std::vector<std::string>& code_hashes) override;
  Result<bool> Consume(domain::UserId user, const std::string& code_hash, core::TimePoint now) override;

 private:
  PgConnection& connection_;
};

class PostgresApiTokenRepository final : public ApiTokenRepository {
 public:
  explicit PostgresApiTokenRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::ApiTokenId> Insert(const domain::ApiToken& token, const std::string& token_hash) override;
  Result<std::optional<domain::ApiToken>> FindByHash(const std::string& token_hash) override;
  Result<std::vector<domain::ApiToken>> ListForUser(domain::UserId user) override;
  Result<bool> Revoke(domain::UserId user, domain::ApiTokenId id, core::TimePoint now) override;

 private:
  PgConnection& connection_;
};

class PostgresThrottleRepository final : public ThrottleRepository {
 public:
  explicit PostgresThrottleRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::ThrottleState> Get(const std::string& key) override;
  Result<void> RecordFailure(const std::string& key, core::TimePoint now) override;
  Result<void> Reset(const std::string& key) override;

 private:
  PgConnection& connection_;
};

}  // namespace ismap::storage::postgres
