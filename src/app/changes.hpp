// The public change feed (issue 8): what changed on the two public registers (the audit body list
// and the cloud service list), event by event, so that users follow the lists without diffing
// snapshots. It is read from the ledger (DESIGN.md §7): every registration.* event is one change;
// nothing else of the ledger is ever shown (applications, committee deliberations, users).
//
// Types ("<register>.<what>"; register "audit_body" or "service"):
//   registration.created          → audit_body.listed       / service.published
//   registration.renew            → audit_body.renewed      / service.renewed
//   registration.renewal_refused  → audit_body.renewal_refused / service.renewal_refused
//   registration.expire           → audit_body.expired      / service.expired
//   registration.suspend          → audit_body.suspended    / service.suspended
//   registration.reinstate        → audit_body.reinstated   / service.reinstated
//   registration.revoke           → audit_body.revoked      / service.revoked
//   registration.withdraw         → audit_body.withdrawn    / service.withdrawn
//   registration.changed          → audit_body.changed      / service.changed
// Any other registration.* type is not a public change and is skipped.
//
// Only public facts (DESIGN.md §3): the outcome, the registration's number, state and validity as
// the event recorded them, and the holder's (and service's) names as they are now. Reasons,
// meetings, applications and actors are never included.
//
// Cursors are opaque to clients: the decimal ledger sequence of the last event examined. Pages
// follow each other without gap or overlap, so a client that follows next_cursor sees every
// change exactly once, in ledger order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/cloud_service.hpp"
#include "domain/date.hpp"
#include "domain/organization.hpp"
#include "storage/database.hpp"

namespace ismap::app {

inline constexpr int kDefaultChangePageSize = 100;
inline constexpr int kMaxChangePageSize = 1000;
// At most this many ledger events are examined per request, whether or not they are public, so
// that a request's work is bounded however sparse the public events are.
inline constexpr int kMaxChangeScan = 10000;

struct PublicChange {
  std::string cursor;  // this change's position; a page starting after it begins with the next change
  std::string type;    // "service.published", "audit_body.suspended", ... (above)
  core::TimePoint occurred_at;
  domain::ApplicationKind register_kind = domain::ApplicationKind::kAuditBody;
  domain::RegistrationId registration_id;
  std::string number;                      // "A26-0001"
  std::string state;                       // the registration's stored state after the event ("active", ...)
  domain::Date valid_until;                // the last valid day after the event
  domain::OrganizationId organization_id;  // the holder: the audit body, or the service's provider
  std::string organization_name_ja;
  std::string organization_name_en;
  // Cloud services only.
  std::optional<domain::ServiceId> service_id;
  std::string service_name_ja;
  std::string service_name_en;
};

struct PublicChangePage {
  std::vector<PublicChange> items;
  // Where the next request starts (the last event examined, even when it was not public); equal
  // to the request's cursor when there was nothing after it.
  std::string next_cursor;
  // True when the ledger holds events after next_cursor (the page was full, or the scan bound
  // was reached); false when the feed is read to its end for now.
  bool more = false;
};

// The ledger types of the public changes above ("registration.created", "registration.suspend",
// ...): what the public version (app/public_version.hpp) watches.
std::vector<std::string> PublicRegistrationEventTypes();

// The cursor text for a ledger sequence, and back. An empty cursor is the beginning (0).
// kInvalidArgument (changes.bad_cursor) for anything that is not a cursor this feed gave out.
std::string ChangeCursor(std::int64_t sequence);
core::Result<std::int64_t> ParseChangeCursor(std::string_view cursor);

// The public changes after `after_cursor`, at most `limit` (1..kMaxChangePageSize, else
// kInvalidArgument changes.bad_limit). Public (Action::kReadPublic).
core::Result<PublicChangePage> ListPublicChanges(storage::Database& db, const Principal& principal,
                                                 std::string_view after_cursor, int limit);

}  // namespace ismap::app
