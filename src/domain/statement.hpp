// A cloud service provider's statement (言明書; FACTS.md "Statement and audit"; issue 7): the audit
// period and the selection of controls against a pinned criteria edition, the registration's
// validity the audit period gives, and the statement's versions: a draft is edited freely, a
// submitted version never changes again (a new draft copies it). Pure: no I/O, dates are passed in.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit_body.hpp"
#include "domain/cloud_service.hpp"
#include "domain/criteria.hpp"
#include "domain/date.hpp"

namespace ismap::domain {

// The audit period (監査対象期間), both days included.
struct AuditPeriod {
  Date first;
  Date last;
};

// A draft starts without an audit period: AuditPeriod{} (1970-01-01 to 1970-01-01, a day no ISMAP
// audit covers) stands for "not given yet" (front ends show it as empty or null).
inline bool HasAuditPeriod(const AuditPeriod& period) { return !(period.first == Date{} && period.last == Date{}); }

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

enum class StatementState { kDraft, kSubmitted };
std::string_view ToString(StatementState state);
std::optional<StatementState> StatementStateFromString(std::string_view text);

// One version of a service's statement.
struct Statement {
  StatementId id;  // assigned by storage
  ServiceId service;
  OrganizationId provider;
  int revision = 1;  // 1, 2, ... per service: the version number people read
  EditionId edition;
  StatementState state = StatementState::kDraft;
  std::string scope;              // 言明の対象範囲 (public)
  std::string system_overview;    // システム概要
  std::string representative;     // 最終責任者: name and title of the representative
  AuditPeriod period;             // 監査対象期間
  std::string subsequent_events;  // 後発事象 (public; "" when there are none)
  std::vector<StatementEntry> entries;
  std::int64_t version = 1;  // optimistic concurrency of the draft
  core::TimePoint updated_at;
  std::optional<core::TimePoint> submitted_at;
};

// kConflict (statement.stale_version).
core::Result<void> CheckVersion(const Statement& statement, std::int64_t expected_version);
// kFailedPrecondition (statement.not_editable) unless a draft.
core::Result<void> CheckEditable(const Statement& statement);

// Every problem a statement must be free of to be submitted, header first: statement.scope_required,
// statement.overview_required, statement.representative_required, statement.text_too_long (a
// header field over 20,000 characters; an entry's text over 10,000), statement.audit_period_required
// (not given yet, HasAuditPeriod) or the period's own (CheckAuditPeriod), then CheckSelection's findings as problems
// whose message names the control. One text_too_long per field or entry; every problem is kInvalidArgument.
std::vector<Problem> ListStatementProblems(const EditionContent& edition, const Statement& statement);

// Decided controls against the edition: those that are not groups or withdrawn and have an entry
// that is adopted, or not adopted with a reason (the first entry for a control counts). `total`
// counts the controls that are not groups or withdrawn.
struct StatementProgress {
  int decided = 0;
  int total = 0;
};
StatementProgress Progress(const EditionContent& edition, const Statement& statement);

// The submitted version, at `now` (version +1, submitted_at and updated_at `now`); on an error
// the draft stands as it was. kConflict statement.stale_version; kFailedPrecondition
// statement.not_editable; kInvalidArgument statement.incomplete (the first problem's reason in the
// message, with how many there are) when ListStatementProblems finds any.
core::Result<Statement> SubmitStatement(const EditionContent& edition, const Statement& statement,
                                        std::int64_t expected_version, core::TimePoint now);

// A new draft from a submitted version: same content, revision `next_revision`, version 1, no id
// (storage assigns one), updated_at `now`, no submitted_at. kFailedPrecondition
// statement.still_draft (copy only what was submitted); kInvalidArgument statement.bad_revision
// when `next_revision` is not after the submitted version's.
core::Result<Statement> NextDraft(const Statement& submitted, int next_revision, core::TimePoint now);

// The controls whose adoption differs between two versions (adopted in one, not in the other, or
// present in only one; the first entry for a control counts), sorted, each once. A change
// application with any needs an additional audit (追加監査) before the reviewer may recommend
// approval.
std::vector<std::string> AdoptionChanges(const Statement& before, const Statement& after);

}  // namespace ismap::domain
