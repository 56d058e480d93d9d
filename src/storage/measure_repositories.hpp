// What the transitional measures and the unregistered-service confirmations (issue 9) ask of a
// database. Included by database.hpp; both backends implement it. Neither has a delete: a measure
// is ended early, a confirmation kept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/date.hpp"
#include "domain/organization.hpp"
#include "domain/transitional_measure.hpp"
#include "domain/unregistered_service.hpp"

namespace ismap::storage {

class TransitionalMeasureRepository {
 public:
  virtual ~TransitionalMeasureRepository() = default;
  // Every measure, by effective_from.
  virtual core::Result<std::vector<domain::TransitionalMeasure>> List() = 0;
  // The same, after taking the lock that makes the overlap check safe: no other transaction
  // inserts or updates a measure until this one ends (PostgreSQL locks the table; SQLite's write
  // transaction already excludes every other writer). REQUIRES: a write transaction.
  virtual core::Result<std::vector<domain::TransitionalMeasure>> ListForChange() = 0;
  // kNotFound (measure.not_found).
  virtual core::Result<domain::TransitionalMeasure> Get(domain::TransitionalMeasureId id) = 0;
  // The measure in force on `on` (effective_from <= on <= effective_until), one indexed query.
  virtual core::Result<std::optional<domain::TransitionalMeasure>> InForce(const domain::Date& on) = 0;
  // Stores a new measure (version 1); id and created_at as given are ignored / kept.
  virtual core::Result<domain::TransitionalMeasure> Insert(const domain::TransitionalMeasure& measure) = 0;
  // Writes every field of the stored measure with measure.id whose version is measure.version,
  // and advances the version. kConflict (measure.stale_version) when it was changed meanwhile,
  // kNotFound when there is none.
  virtual core::Result<domain::TransitionalMeasure> Update(const domain::TransitionalMeasure& measure) = 0;
};

// Confirmations in a period, as the operational report counts them.
struct ConfirmationCounts {
  std::int64_t submitted = 0;  // whose latest submission falls in the period
  std::int64_t approved = 0;   // approved in the period
};

class UnregisteredServiceRepository {
 public:
  virtual ~UnregisteredServiceRepository() = default;
  virtual core::Result<domain::UnregisteredService> Insert(const domain::UnregisteredService& record) = 0;
  // kNotFound (unregistered.not_found).
  virtual core::Result<domain::UnregisteredService> Get(domain::UnregisteredServiceId id) = 0;
  // Writes every field but agency, created_by and created_at when the stored version is
  // record.version, and advances it. kConflict (unregistered.stale_version) otherwise.
  virtual core::Result<domain::UnregisteredService> Update(const domain::UnregisteredService& record) = 0;
  // One agency's confirmations or every agency's, newest first, WITHOUT their items (a list shows
  // none, and a record holds about 1,200).
  virtual core::Result<std::vector<domain::UnregisteredService>> List(std::optional<domain::OrganizationId> agency,
                                                                      int limit, int offset) = 0;
  virtual core::Result<std::int64_t> Count(std::optional<domain::OrganizationId> agency) = 0;
  // For the operational report: confirmations submitted and approved from `from` to `to`, both
  // Japan days included (a time counts on its day in Japan). One query.
  virtual core::Result<ConfirmationCounts> CountInPeriod(const domain::Date& from, const domain::Date& to) = 0;
};

}  // namespace ismap::storage
