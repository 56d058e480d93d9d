// PostgreSQL implementation of the programme statistics' queries (storage/statistics_repository.hpp),
// bound to one connection inside one transaction.
#pragma once

#include "storage/database.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace ismap::storage::postgres {

class PostgresStatisticsRepository final : public StatisticsRepository {
 public:
  explicit PostgresStatisticsRepository(PgConnection& connection) : connection_(connection) {}
  Result<std::vector<RegistrationLife>> RegistrationLives(domain::ApplicationKind kind) override;
  Result<std::vector<DecisionTime>> DecisionTimes(domain::ApplicationKind kind,
                                                  const std::string& submitted_type) override;
  Result<std::vector<ApplicationTimeline>> ApplicationTimelines(domain::ApplicationKind kind) override;

 private:
  PgConnection& connection_;
};

}  // namespace ismap::storage::postgres
