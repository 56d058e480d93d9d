// PostgreSQL's requirement profiles, saved procurement checks and statement adoptions (issue 9).
#pragma once

#include "storage/database.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace ismap::storage::postgres {

class PostgresProcurementRepository final : public ProcurementRepository {
 public:
  explicit PostgresProcurementRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::ProfileId> InsertProfile(const StoredProfile& profile) override;
  Result<StoredProfile> GetProfile(domain::ProfileId id) override;
  Result<void> UpdateProfile(const StoredProfile& profile, std::int64_t expected_version) override;
  Result<std::vector<StoredProfile>> ListProfiles(domain::OrganizationId agency) override;
  Result<domain::ProcurementCheckId> InsertCheck(const StoredCheck& check) override;
  Result<StoredCheck> GetCheck(domain::ProcurementCheckId id) override;
  Result<std::vector<StoredCheck>> ListChecks(domain::OrganizationId agency) override;
  Result<void> PutAdoption(const StoredAdoption& adoption) override;
  Result<std::vector<StoredAdoption>> GetAdoptions(const std::vector<domain::StatementId>& statements) override;

 private:
  PgConnection& connection_;
};

}  // namespace ismap::storage::postgres
