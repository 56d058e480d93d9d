// SQLite implementations of the repositories, bound to one connection inside one transaction.
#pragma once

#include "storage/database.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ismap::storage::sqlite {

class SqliteLedgerRepository final : public LedgerRepository {
 public:
  explicit SqliteLedgerRepository(Connection& connection) : connection_(connection) {}
  Result<std::optional<domain::LedgerHead>> LockHead() override;
  Result<void> Append(const domain::LedgerEvent& event) override;
  Result<std::vector<domain::LedgerEvent>> Scan(std::int64_t after_sequence, int limit) override;
  Result<std::vector<domain::LedgerEvent>> ListBySubject(const std::string& subject, int limit) override;
  Result<std::int64_t> Count() override;
  Result<std::int64_t> LastSequenceOfType(const std::string& type) override;

 private:
  Connection& connection_;
};

class SqliteOrganizationRepository final : public OrganizationRepository {
 public:
  explicit SqliteOrganizationRepository(Connection& connection) : connection_(connection) {}
  Result<domain::Organization> Insert(const domain::NewOrganization& org, core::TimePoint now) override;
  Result<domain::Organization> Get(domain::OrganizationId id) override;
  Result<std::vector<domain::Organization>> GetMany(const std::vector<domain::OrganizationId>& ids) override;
  Result<std::vector<domain::Organization>> List(int limit, int offset) override;
  Result<std::int64_t> Count() override;

 private:
  Connection& connection_;
};

}  // namespace ismap::storage::sqlite
