// PostgreSQL implementations of the repositories, bound to one connection inside one transaction.
#pragma once

#include "storage/database.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace ismap::storage::postgres {

class PostgresLedgerRepository final : public LedgerRepository {
 public:
  explicit PostgresLedgerRepository(PgConnection& connection) : connection_(connection) {}
  Result<std::optional<domain::LedgerHead>> LockHead() override;
  Result<void> Append(const domain::LedgerEvent& event) override;
  Result<std::vector<domain::LedgerEvent>> Scan(std::int64_t after_sequence, int limit) override;
  Result<std::vector<domain::LedgerEvent>> ListBySubject(const std::string& subject, int limit) override;
  Result<std::int64_t> Count() override;
  Result<std::int64_t> LastSequenceOfType(const std::string& type) override;

 private:
  PgConnection& connection_;
};

class PostgresOrganizationRepository final : public OrganizationRepository {
 public:
  explicit PostgresOrganizationRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::Organization> Insert(const domain::NewOrganization& org, core::TimePoint now) override;
  Result<domain::Organization> Get(domain::OrganizationId id) override;
  Result<std::vector<domain::Organization>> GetMany(const std::vector<domain::OrganizationId>& ids) override;
  Result<std::vector<domain::Organization>> List(int limit, int offset) override;
  Result<std::int64_t> Count() override;

 private:
  PgConnection& connection_;
};

}  // namespace ismap::storage::postgres
