// A cloud service provider's statement (言明書; FACTS.md "Statement and audit"; issue 7): the audit
// period and the selection of controls against a pinned criteria edition, and the registration's
// validity the audit period gives. The rest of the statement (scope, overview, representative,
// subsequent events, versions) and its workflow arrive with issue 7's storage and use cases; these
// are the rules they will call. Pure: no I/O, dates are passed in.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/criteria.hpp"
#include "domain/date.hpp"

namespace ismap::domain {

// The audit period (監査対象期間), both days included.
struct AuditPeriod {
  Date first;
  Date last;
};

// At most one year (FACTS.md): `last` no later than AddMonthsCivil(first, 12), so 2025-04-01 may
// run through 2026-03-31 and no further. kInvalidArgument: statement.bad_audit_period (an invalid
// date, or last before first), statement.audit_period_too_long (naming the latest allowed day).
core::Result<void> CheckAuditPeriod(const AuditPeriod& period);

// The last day a registration on this audit period is valid: one year four months counted from
// the day after the period's last day (基本規程 3.5; 2025-03-31 → 2026-07-31). REQUIRES: a valid
// period.
Date RegistrationValidUntil(const AuditPeriod& period);

// One control of the edition as the statement treats it.
struct StatementEntry {
  std::string control_id;
  bool adopted = false;
  std::string reason;          // why not adopted; required then
  std::string implementation;  // how it is implemented, when adopted
};

// What breaks the selection rules, one per control, for the editor to show beside each.
struct SelectionFinding {
  std::string control_id;
  std::string code;  // statement.mandatory_not_adopted, statement.reason_required,
                     // statement.objective_undecided, statement.unknown_control,
                     // statement.duplicate_entry, statement.group_entry
};

// Every finding of `entries` against `edition`, in the edition's order (unknown and duplicate
// entries last): governance and management items and mandatory detailed controls adopted; every
// control objective adopted or excluded with a reason; a reason for every control not adopted;
// no entries for groups, for controls the edition does not have, or twice for one control.
// Withdrawn controls need no entry. Empty when the selection is complete.
std::vector<SelectionFinding> CheckSelection(const EditionContent& edition, const std::vector<StatementEntry>& entries);

}  // namespace ismap::domain
