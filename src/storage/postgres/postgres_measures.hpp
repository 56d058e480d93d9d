// PostgreSQL implementation of the transitional measures and unregistered-service confirmations
// (storage/measure_repositories.hpp), bound to one connection inside one transaction.
#pragma once

#include "storage/measure_repositories.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace ismap::storage::postgres {

class PostgresTransitionalMeasureRepository final : public TransitionalMeasureRepository {
 public:
  explicit PostgresTransitionalMeasureRepository(PgConnection& connection) : connection_(connection) {}
  core::Result<std::vector<domain::TransitionalMeasure>> List() override;
  // LOCK TABLE first: READ COMMITTED alone would let two transactions both pass the overlap check.
  core::Result<std::vector<domain::TransitionalMeasure>> ListForChange() override;
  core::Result<domain::TransitionalMeasure> Get(domain::TransitionalMeasureId id) override;
  core::Result<std::optional<domain::TransitionalMeasure>> InForce(const domain::Date& on) override;
  core::Result<domain::TransitionalMeasure> Insert(const domain::TransitionalMeasure& measure) override;
  core::Result<domain::TransitionalMeasure> Update(const domain::TransitionalMeasure& measure) override;

 private:
  PgConnection& connection_;
};

class PostgresUnregisteredServiceRepository final : public UnregisteredServiceRepository {
 public:
  explicit PostgresUnregisteredServiceRepository(PgConnection& connection) : connection_(connection) {}
  core::Result<domain::UnregisteredService> Insert(const domain::UnregisteredService& record) override;
  core::Result<domain::UnregisteredService> Get(domain::UnregisteredServiceId id) override;
  core::Result<domain::UnregisteredService> Update(const domain::UnregisteredService& record) override;
  core::Result<std::vector<domain::UnregisteredService>> List(std::optional<domain::OrganizationId> agency, int limit,
                                                              int offset) override;
  core::Result<std::int64_t> Count(std::optional<domain::OrganizationId> agency) override;
  core::Result<ConfirmationCounts> CountInPeriod(const domain::Date& from, const domain::Date& to) override;

 private:
  PgConnection& connection_;
};

}  // namespace ismap::storage::postgres
