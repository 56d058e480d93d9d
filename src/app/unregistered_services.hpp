// Use cases of the unregistered-service confirmations (issue 9; domain/unregistered_service.hpp):
// an agency's members and CISO record a service that is not on the list, why they need it, and
// their own confirmation item by item against a criteria edition (the newest "ismap" one unless
// named); submitted to the CISO, who approves or returns it; once approved it is read-only. The
// items required follow the transitional measure in force on the confirmation's date (the last
// save of the draft, then the submission), which the record names.
//
// An agency sees only its own confirmations (another agency's are kNotFound, so nothing of them
// leaks); the secretariat reads every agency's. Each change is one transaction with its ledger
// event (unregistered.created, .updated, .submitted, .approved, .returned; subject
// "unregistered_service/<id>"); every command names the version it was read at (kConflict
// unregistered.stale_version otherwise). Thread-safe: each call opens its own unit of work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/criteria.hpp"
#include "domain/transitional_measure.hpp"
#include "domain/unregistered_service.hpp"
#include "storage/database.hpp"

namespace ismap::app {

inline std::string UnregisteredServiceSubject(domain::UnregisteredServiceId id) {
  return "unregistered_service/" + std::to_string(id.value());
}

struct UnregisteredServiceView {
  domain::UnregisteredService record;  // without items in lists
  std::string agency_name_ja;
  std::string agency_name_en;
  std::string edition_key;
  std::optional<domain::TransitionalMeasure> measure;  // the one applied, if any
  // What submit would refuse now (single views only): items by control id, then the description's
  // problems as findings with an empty control id.
  std::vector<domain::ItemFinding> findings;
  bool may_edit = false;     // a draft, and the caller records for its agency
  bool may_approve = false;  // submitted, and the caller is that agency's CISO
};

struct UnregisteredServicePage {
  std::vector<UnregisteredServiceView> items;
  std::int64_t total = 0;
};

// What a create or a draft edit carries. `items` are marks to apply, by control id (any subset:
// the rest keep their marks); "unmarked" clears one.
struct UnregisteredServiceInput {
  domain::UnregisteredServiceInfo info;
  std::optional<std::string> edition_key;  // create only; the newest "ismap" edition when absent
  std::vector<domain::ConfirmationItem> items;
};

class UnregisteredServices {
 public:
  UnregisteredServices(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // The caller's agency's confirmations, or every agency's for the secretariat; newest first.
  core::Result<UnregisteredServicePage> List(const Principal& principal, int limit, int offset);
  // kNotFound (unregistered.not_found) also for another agency's.
  core::Result<UnregisteredServiceView> Get(const Principal& principal, domain::UnregisteredServiceId id);
  // Refusals (kInvalidArgument): domain::ListInfoProblems' first, catalog.edition_not_found (kNotFound),
  // unregistered.no_edition (no "ismap" edition loaded), unregistered.unknown_item (marks for
  // controls the confirmation does not have, all named), unregistered.note_too_long.
  core::Result<UnregisteredServiceView> Create(const Principal& principal, const UnregisteredServiceInput& input);
  // A draft's description replaced and `input.items` applied; the measure and items follow today.
  // Also unregistered.not_draft (kFailedPrecondition).
  core::Result<UnregisteredServiceView> UpdateDraft(const Principal& principal, domain::UnregisteredServiceId id,
                                                    std::int64_t version, const UnregisteredServiceInput& input);
  // To the CISO. Refused with kFailedPrecondition unregistered.incomplete while any finding
  // remains; the message lists every one ("<control id>: <code>").
  core::Result<UnregisteredServiceView> Submit(const Principal& principal, domain::UnregisteredServiceId id,
                                               std::int64_t version);
  // The same agency's CISO only (kPermissionDenied for anyone else who may read it).
  core::Result<UnregisteredServiceView> Approve(const Principal& principal, domain::UnregisteredServiceId id,
                                                std::int64_t version);
  core::Result<UnregisteredServiceView> Return(const Principal& principal, domain::UnregisteredServiceId id,
                                               std::int64_t version, const std::string& reason);

 private:
  storage::Database& db_;
  const core::Clock& clock_;
};

}  // namespace ismap::app
