// Use cases of the transitional measures (経過措置; issue 9; domain/transitional_measure.hpp): the
// secretariat configures periods and what each relaxes; the procurement check and the
// unregistered-service confirmation apply the one in force on their date (MeasureInForce, inside
// their own transactions). Each change is one transaction with its ledger event (measure.created,
// measure.updated, measure.ended, subject "measure/<id>"). Who may do what is decided in
// app/authorization.cpp (kReadTransitionalMeasures, kManageTransitionalMeasures). Thread-safe:
// each call opens its own unit of work.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/date.hpp"
#include "domain/transitional_measure.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// The measure in force on `on` (Japan day), if any. No authorisation: it is called inside other
// use cases' transactions (the procurement check, the unregistered-service confirmation), which
// have authorised their callers already.
core::Result<std::optional<domain::TransitionalMeasure>> MeasureInForce(storage::UnitOfWork& uow,
                                                                        const domain::Date& on);

inline std::string MeasureSubject(domain::TransitionalMeasureId id) { return "measure/" + std::to_string(id.value()); }

class TransitionalMeasures {
 public:
  TransitionalMeasures(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // Every measure, by effective_from.
  core::Result<std::vector<domain::TransitionalMeasure>> List(const Principal& principal);
  // kNotFound (measure.not_found).
  core::Result<domain::TransitionalMeasure> Get(const Principal& principal, domain::TransitionalMeasureId id);
  // The one in force today in Japan, if any (what pages say applies now).
  core::Result<std::optional<domain::TransitionalMeasure>> InForceToday(const Principal& principal);
  // A new measure from the fields of `input` (id, version and created_at are ignored). Refusals:
  // domain::CheckMeasure's (fields, starts_in_the_past, overlaps).
  core::Result<domain::TransitionalMeasure> Create(const Principal& principal,
                                                   const domain::TransitionalMeasure& input);
  // Replaces the fields of measure input.id read at input.version. Refusals: measure.not_found,
  // measure.already_started (only before its first day), CheckMeasure's, measure.stale_version.
  core::Result<domain::TransitionalMeasure> Update(const Principal& principal,
                                                   const domain::TransitionalMeasure& input);
  // Ends the measure early: `until` becomes its last day (domain::EndEarly's refusals), read at
  // `version`.
  core::Result<domain::TransitionalMeasure> End(const Principal& principal, domain::TransitionalMeasureId id,
                                                std::int64_t version, const domain::Date& until);

 private:
  storage::Database& db_;
  const core::Clock& clock_;
};

}  // namespace ismap::app
