// What requirement profiles and procurement checks (issue 9; app/procurement.hpp) keep: profiles
// and saved checks as rows holding JSON the app layer writes (app/procurement_json.hpp; storage
// never looks inside), and every submitted statement's adoption bitmap. Included by database.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/cloud_service.hpp"
#include "domain/criteria.hpp"
#include "domain/date.hpp"
#include "domain/organization.hpp"
#include "domain/procurement.hpp"

namespace ismap::storage {

struct StoredProfile {
  domain::ProfileId id;
  domain::OrganizationId agency;
  std::string name;
  std::string body_json;
  std::int64_t version = 1;
  core::TimePoint created_at;
  core::TimePoint updated_at;
};

struct StoredCheck {
  domain::CheckSummary summary;
  domain::OrganizationId agency;
  std::string record_json;  // empty in lists
};

struct StoredAdoption {
  domain::StatementId statement;
  domain::EditionId edition;
  std::string adoption_hex;
};

class ProcurementRepository {
 public:
  virtual ~ProcurementRepository() = default;
  // Stores a new profile (id ignored, version 1) and returns its id.
  virtual core::Result<domain::ProfileId> InsertProfile(const StoredProfile& profile) = 0;
  virtual core::Result<StoredProfile> GetProfile(domain::ProfileId id) = 0;  // kNotFound profile.not_found
  // Name, body, version + 1 and updated_at when the stored version is `expected_version`.
  // kConflict profile.stale_version; kNotFound profile.not_found.
  virtual core::Result<void> UpdateProfile(const StoredProfile& profile, std::int64_t expected_version) = 0;
  // An agency's profiles, newest first.
  virtual core::Result<std::vector<StoredProfile>> ListProfiles(domain::OrganizationId agency) = 0;

  virtual core::Result<domain::ProcurementCheckId> InsertCheck(const StoredCheck& check) = 0;
  virtual core::Result<StoredCheck> GetCheck(domain::ProcurementCheckId id) = 0;  // kNotFound check.not_found
  // An agency's checks without their records, newest first.
  virtual core::Result<std::vector<StoredCheck>> ListChecks(domain::OrganizationId agency) = 0;

  // Written once per submitted statement; a second write of the same statement is ignored.
  virtual core::Result<void> PutAdoption(const StoredAdoption& adoption) = 0;
  // Those of `statements` that have a row, in one query.
  virtual core::Result<std::vector<StoredAdoption>> GetAdoptions(
      const std::vector<domain::StatementId>& statements) = 0;
};

}  // namespace ismap::storage
