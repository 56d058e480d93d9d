// SQLite implementation of the transitional measures and unregistered-service confirmations
// (storage/measure_repositories.hpp), bound to one connection inside one transaction.
#pragma once

#include "storage/measure_repositories.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ismap::storage::sqlite {

class SqliteTransitionalMeasureRepository final : public TransitionalMeasureRepository {
 public:
  explicit SqliteTransitionalMeasureRepository(Connection& connection) : connection_(connection) {}
  core::Result<std::vector<domain::TransitionalMeasure>> List() override;
  // The write transaction (BEGIN IMMEDIATE) already keeps every other writer out.
  core::Result<std::vector<domain::TransitionalMeasure>> ListForChange() override { return List(); }
  core::Result<domain::TransitionalMeasure> Get(domain::TransitionalMeasureId id) override;
  core::Result<std::optional<domain::TransitionalMeasure>> InForce(const domain::Date& on) override;
  core::Result<domain::TransitionalMeasure> Insert(const domain::TransitionalMeasure& measure) override;
  core::Result<domain::TransitionalMeasure> Update(const domain::TransitionalMeasure& measure) override;

 private:
  Connection& connection_;
};

class SqliteUnregisteredServiceRepository final : public UnregisteredServiceRepository {
 public:
  explicit SqliteUnregisteredServiceRepository(Connection& connection) : connection_(connection) {}
  core::Result<domain::UnregisteredService> Insert(const domain::UnregisteredService& record) override;
  core::Result<domain::UnregisteredService> Get(domain::UnregisteredServiceId id) override;
  core::Result<domain::UnregisteredService> Update(const domain::UnregisteredService& record) override;
  core::Result<std::vector<domain::UnregisteredService>> List(std::optional<domain::OrganizationId> agency, int limit,
                                                              int offset) override;
  core::Result<std::int64_t> Count(std::optional<domain::OrganizationId> agency) override;
  core::Result<ConfirmationCounts> CountInPeriod(const domain::Date& from, const domain::Date& to) override;

 private:
  Connection& connection_;
};

}  // namespace ismap::storage::sqlite
