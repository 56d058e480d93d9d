// SQLite implementation of the programme statistics' queries (storage/statistics_repository.hpp),
// bound to one connection inside one transaction.
#pragma once

#include "storage/database.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ismap::storage::sqlite {

class SqliteStatisticsRepository final : public StatisticsRepository {
 public:
  explicit SqliteStatisticsRepository(Connection& connection) : connection_(connection) {}
  Result<std::vector<RegistrationLife>> RegistrationLives(domain::ApplicationKind kind) override;
  Result<std::vector<DecisionTime>> DecisionTimes(domain::ApplicationKind kind,
                                                  const std::string& submitted_type) override;
  Result<std::vector<ApplicationTimeline>> ApplicationTimelines(domain::ApplicationKind kind) override;

 private:
  Connection& connection_;
};

}  // namespace ismap::storage::sqlite
