// Use cases on the ledger: appending inside a use case's transaction, and verifying the chain.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/ledger.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// Appends `entry` after the current head, in the caller's unit of work, so the change and its
// event commit or roll back together. REQUIRES: `uow` is a write transaction.
core::Result<domain::LedgerEvent> AppendLedgerEvent(storage::UnitOfWork& uow, const core::Clock& clock,
                                                    domain::LedgerEntry entry);

// The same, from the parts of an entry; `payload_json` is a JSON object as text.
core::Result<void> RecordEvent(storage::UnitOfWork& uow, const core::Clock& clock, std::string actor,
                               std::optional<std::int64_t> organization, std::string type, std::string subject,
                               std::string payload_json = "{}");

// The subjects of workflow events, so that what one use case records another can find.
inline std::string ApplicationSubject(domain::ApplicationId id) { return "application/" + std::to_string(id.value()); }
inline std::string RegistrationSubject(domain::RegistrationId id) {
  return "registration/" + std::to_string(id.value());
}
inline std::string MeetingSubject(domain::MeetingId id) { return "meeting/" + std::to_string(id.value()); }

struct LedgerVerification {
  std::int64_t checked = 0;                  // events that passed
  std::optional<std::int64_t> bad_sequence;  // the first bad event, if any
  std::string problem;                       // what is wrong with it
};

// Reads the chain in pages inside one read transaction and recomputes every hash.
// Errors are storage failures only; a broken chain is a LedgerVerification with bad_sequence.
core::Result<LedgerVerification> VerifyLedger(storage::Database& db);

}  // namespace ismap::app
