#include "domain/statement.hpp"

#include <unordered_map>

#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

constexpr NameTable<StatementState, 2> kStatementStateNames = {{
    {StatementState::kDraft, "draft"},
    {StatementState::kSubmitted, "submitted"},
}};

}  // namespace

std::string_view ToString(StatementState state) { return NameOf(kStatementStateNames, state); }
std::optional<StatementState> StatementStateFromString(std::string_view text) {
  return ValueOf(kStatementStateNames, text);
}

core::Result<void> CheckAuditPeriod(const AuditPeriod& period) {
  if (!IsValidDate(period.first) || !IsValidDate(period.last) || period.last < period.first) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "statement.bad_audit_period",
                           "the audit period must run from a valid first day to a valid last day on or after it");
  }
  const Date latest = AddMonthsCivil(period.first, 12);
  if (latest < period.last) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "statement.audit_period_too_long",
                           "an audit period starting " + FormatDate(period.first) + " may end on " +
                               FormatDate(latest) + " at the latest (at most one year)");
  }
  return core::Ok();
}

Date RegistrationValidUntil(const AuditPeriod& period) { return AddMonthsCivil(AddDays(period.last, 1), 16); }

std::vector<SelectionFinding> CheckSelection(const EditionContent& edition,
                                             const std::vector<StatementEntry>& entries) {
  std::vector<SelectionFinding> findings;
  std::unordered_map<std::string_view, const StatementEntry*> by_id;
  std::vector<SelectionFinding> trailing;  // unknown and duplicate entries, after the edition's order
  std::unordered_map<std::string_view, const Control*> controls;
  for (const auto& control : edition.controls) {
    controls.emplace(control.id, &control);
  }
  for (const auto& entry : entries) {
    const auto control = controls.find(entry.control_id);
    if (control == controls.end()) {
      trailing.push_back({entry.control_id, "statement.unknown_control"});
    } else if (control->second->is_group) {
      trailing.push_back({entry.control_id, "statement.group_entry"});
    } else if (!by_id.emplace(entry.control_id, &entry).second) {
      trailing.push_back({entry.control_id, "statement.duplicate_entry"});
    }
  }
  for (const auto& control : edition.controls) {
    if (control.is_group || control.withdrawn) {
      continue;
    }
    const auto found = by_id.find(control.id);
    const StatementEntry* entry = found == by_id.end() ? nullptr : found->second;
    if (entry != nullptr && !entry->adopted && entry->reason.empty()) {
      findings.push_back({control.id, "statement.reason_required"});
      continue;
    }
    switch (control.rule) {
      case MandatoryRule::kMandatory:
        if (entry == nullptr || !entry->adopted) {
          findings.push_back({control.id, "statement.mandatory_not_adopted"});
        }
        break;
      case MandatoryRule::kUnlessExcluded:
        if (entry == nullptr) {
          findings.push_back({control.id, "statement.objective_undecided"});
        }
        break;
      case MandatoryRule::kNone:
      case MandatoryRule::kSelectable:
        break;
    }
  }
  findings.insert(findings.end(), trailing.begin(), trailing.end());
  return findings;
}

}  // namespace ismap::domain
