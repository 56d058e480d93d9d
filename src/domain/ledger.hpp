// The ledger (DESIGN.md §7): every change of state appends one event, chained by SHA-256 to the
// one before it. This file holds the rules: how an event is encoded for hashing, how the next
// event follows the head, and how a chain is checked. The format is specified in
// docs/ledger_format.md; storage only keeps rows. Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace ismap::domain {

// The hash before the first event.
inline constexpr char kGenesisHash[] = "0000000000000000000000000000000000000000000000000000000000000000";

// What a use case records. `payload_json` is a JSON object as text; it is hashed as stored.
struct LedgerEntry {
  std::string actor;                            // "system", "operator", later "user:<id>"
  std::optional<std::int64_t> organization_id;  // the acting organisation, when there is one
  std::string type;                             // "organization.created"
  std::string subject;                          // "organization/12"
  std::string payload_json = "{}";
};

struct LedgerEvent {
  std::int64_t sequence = 0;  // 1, 2, 3, ... without gaps
  core::TimePoint occurred_at;
  LedgerEntry entry;
  std::string prev_hash;  // hash of event sequence-1, or kGenesisHash
  std::string hash;       // SHA-256 over CanonicalEncoding(), lowercase hex
};

struct LedgerHead {
  std::int64_t sequence = 0;
  std::string hash;
};

// The bytes that are hashed: a version line, then each field as "<byte length>:<bytes>\n".
std::string CanonicalEncoding(const LedgerEvent& event);

// The event that follows `head` (nullopt for an empty ledger), with its hash filled in.
LedgerEvent ChainNext(const std::optional<LedgerHead>& head, core::TimePoint now, LedgerEntry entry);

// Checks events one at a time, in sequence order, without holding the chain in memory.
class ChainVerifier {
 public:
  // kFailedPrecondition naming the sequence and what is wrong (gap, broken link, wrong hash).
  core::Result<void> Next(const LedgerEvent& event);
  std::int64_t checked() const { return checked_; }

 private:
  std::int64_t checked_ = 0;
  std::int64_t last_sequence_ = 0;
  std::string last_hash_ = kGenesisHash;
};

// Well-known event types.
inline constexpr char kEventOrganizationCreated[] = "organization.created";
inline constexpr char kEventSystemInitialized[] = "system.initialized";
inline constexpr char kEventCatalogEditionImported[] = "catalog.edition_imported";
inline constexpr char kEventCatalogBaselineImported[] = "catalog.baseline_imported";
inline constexpr char kEventCatalogMappingsImported[] = "catalog.mappings_imported";
inline constexpr char kEventSystemRestored[] = "system.restored";
inline constexpr char kEventAuditBodyApplicationCreated[] = "audit_body.application_created";
inline constexpr char kEventAuditBodyApplicationUpdated[] = "audit_body.application_updated";
inline constexpr char kEventAuditBodySubmitted[] = "audit_body.submitted";
inline constexpr char kEventAuditBodyResubmitted[] = "audit_body.resubmitted";
inline constexpr char kEventAuditBodyWithdrawn[] = "audit_body.withdrawn";
inline constexpr char kEventAuditBodyEvaluationStarted[] = "audit_body.evaluation_started";
inline constexpr char kEventAuditBodyEvaluated[] = "audit_body.evaluated";
inline constexpr char kEventAuditBodyReturned[] = "audit_body.returned";
inline constexpr char kEventAuditBodyRecommended[] = "audit_body.recommended";
inline constexpr char kEventRequirementSetPublished[] = "audit_body.requirement_set_published";
// The daily deadline job notified someone (renewals due, applications waiting too long).
inline constexpr char kEventDeadlinesNotified[] = "audit_body.deadlines_notified";
inline constexpr char kEventCommitteeMeetingCreated[] = "committee.meeting_created";
inline constexpr char kEventCommitteeAgendaAdded[] = "committee.agenda_added";
inline constexpr char kEventCommitteeAttendanceRecorded[] = "committee.attendance_recorded";
inline constexpr char kEventCommitteeDecided[] = "committee.decided";
// "registration." followed by the RegistrationEvent or "created": registration.created,
// registration.suspend, registration.renew, registration.expire, ...
inline constexpr char kEventRegistrationPrefix[] = "registration.";

}  // namespace ismap::domain
