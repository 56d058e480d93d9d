// A registered cloud service's public record (issue 8): its line of the public list plus what
// DESIGN.md §3 makes public beyond it — the controls its registered statement implements, counted
// per chapter of the statement's edition (counts only: never an entry's text, reason or
// implementation), the organisation that issued the audit report (for the link to its public page),
// and the history of its registration (registered, renewed, suspended, ... with the day and the
// validity each event left; never reasons, meetings or applications). Read-only; anonymous
// (Action::kReadPublic). Thread-safe: one read transaction per call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/authorization.hpp"
#include "app/cloud_services.hpp"
#include "core/result.hpp"
#include "domain/date.hpp"
#include "domain/public_record.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// One event of a registration's public history.
struct RegistrationHistoryEntry {
  domain::Date on;                          // the day it took effect, in Japan
  std::string event;                        // domain::PublicRegistrationEvent's name ("published", ...)
  std::optional<domain::Date> valid_until;  // the last valid day after it, when the event recorded it
};

struct PublicServiceRecord {
  PublicService line;  // as CloudServices::GetPublic gives it
  std::optional<domain::OrganizationId> audit_body;
  std::vector<domain::ChapterCount> controls_by_chapter;  // empty when no statement is registered
  std::vector<RegistrationHistoryEntry> history;          // oldest first, events up to `on`
};

// The record as it stood on `on`. Errors as CloudServices::GetPublic (kNotFound service.not_found
// for a service that is not on the list that day), and storage's.
core::Result<PublicServiceRecord> GetPublicServiceRecord(storage::Database& db, CloudServices& cloud_services,
                                                         const Principal& principal, domain::ServiceId id,
                                                         const domain::Date& on);

}  // namespace ismap::app
