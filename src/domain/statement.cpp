#include "domain/statement.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

#include "core/text.hpp"
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

namespace {

constexpr std::size_t kMaxHeaderText = 20000;
constexpr std::size_t kMaxEntryText = 10000;

// Code points of well-formed UTF-8 at most `max`; malformed text never fits.
bool Fits(std::string_view text, std::size_t max) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    char32_t cp = 0;
    const std::size_t n = core::DecodeUtf8(text, i, &cp);
    if (n == 0 || count >= max) {
      return false;
    }
    i += n;
  }
  return true;
}

Problem Invalid(std::string reason, std::string message) {
  return Problem{core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message)};
}

std::string FindingMessage(const SelectionFinding& finding) {
  const std::string control = "control " + finding.control_id;
  if (finding.code == "statement.mandatory_not_adopted") {
    return control + " must be adopted";
  }
  if (finding.code == "statement.reason_required") {
    return control + " is not adopted and needs the reason why";
  }
  if (finding.code == "statement.objective_undecided") {
    return control + " is a control objective: adopt it or exclude it with a reason";
  }
  if (finding.code == "statement.unknown_control") {
    return control + " is not in the statement's edition";
  }
  if (finding.code == "statement.duplicate_entry") {
    return control + " has more than one entry";
  }
  return control + " is a group: select its controls instead";  // statement.group_entry
}

}  // namespace

core::Result<void> CheckVersion(const Statement& statement, std::int64_t expected_version) {
  if (statement.version != expected_version) {
    return core::MakeError(core::ErrorCode::kConflict, "statement.stale_version",
                           "statement " + std::to_string(statement.id.value()) + " is at version " +
                               std::to_string(statement.version) + ", not " + std::to_string(expected_version) +
                               ": reload and try again");
  }
  return core::Ok();
}

core::Result<void> CheckEditable(const Statement& statement) {
  if (statement.state != StatementState::kDraft) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "statement.not_editable",
                           "revision " + std::to_string(statement.revision) + " of the statement is " +
                               std::string(ToString(statement.state)) + " and can no longer change");
  }
  return core::Ok();
}

std::vector<Problem> ListStatementProblems(const EditionContent& edition, const Statement& statement) {
  std::vector<Problem> problems;
  if (statement.scope.empty()) {
    problems.push_back(Invalid("statement.scope_required", "the scope of the statement is required"));
  }
  if (statement.system_overview.empty()) {
    problems.push_back(Invalid("statement.overview_required", "the system overview is required"));
  }
  if (statement.representative.empty()) {
    problems.push_back(
        Invalid("statement.representative_required", "the representative's name and title are required"));
  }
  const std::pair<std::string_view, const std::string*> header[] = {
      {"the scope", &statement.scope},
      {"the system overview", &statement.system_overview},
      {"the representative", &statement.representative},
      {"the subsequent events", &statement.subsequent_events},
  };
  for (const auto& [field, text] : header) {
    if (!Fits(*text, kMaxHeaderText)) {
      problems.push_back(
          Invalid("statement.text_too_long", std::string(field) + " must be text of at most 20000 characters"));
    }
  }
  for (const StatementEntry& entry : statement.entries) {
    if (!Fits(entry.reason, kMaxEntryText) || !Fits(entry.implementation, kMaxEntryText)) {
      problems.push_back(Invalid("statement.text_too_long", "control " + entry.control_id +
                                                                ": reason and implementation are text of at "
                                                                "most 10000 characters each"));
    }
  }
  if (!HasAuditPeriod(statement.period)) {
    problems.push_back(Invalid("statement.audit_period_required", "the audit period is not given yet"));
  } else if (auto period = CheckAuditPeriod(statement.period); !period) {
    problems.push_back(Problem{period.error().code, period.error().reason, period.error().message});
  }
  for (const SelectionFinding& finding : CheckSelection(edition, statement.entries)) {
    problems.push_back(Invalid(finding.code, FindingMessage(finding)));
  }
  return problems;
}

StatementProgress Progress(const EditionContent& edition, const Statement& statement) {
  std::unordered_map<std::string_view, const StatementEntry*> by_id;
  for (const StatementEntry& entry : statement.entries) {
    by_id.emplace(entry.control_id, &entry);  // the first entry counts, as in CheckSelection
  }
  StatementProgress progress;
  for (const Control& control : edition.controls) {
    if (control.is_group || control.withdrawn) {
      continue;
    }
    ++progress.total;
    const auto found = by_id.find(control.id);
    if (found != by_id.end() && (found->second->adopted || !found->second->reason.empty())) {
      ++progress.decided;
    }
  }
  return progress;
}

core::Result<Statement> SubmitStatement(const EditionContent& edition, const Statement& statement,
                                        std::int64_t expected_version, core::TimePoint now) {
  ISMAP_RETURN_IF_ERROR(CheckVersion(statement, expected_version));
  ISMAP_RETURN_IF_ERROR(CheckEditable(statement));
  const std::vector<Problem> problems = ListStatementProblems(edition, statement);
  if (!problems.empty()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "statement.incomplete",
                           "the statement has " + std::to_string(problems.size()) + " problem" +
                               (problems.size() == 1 ? "" : "s") + ", the first " + problems.front().reason + ": " +
                               problems.front().message);
  }
  Statement submitted = statement;
  submitted.state = StatementState::kSubmitted;
  submitted.version = statement.version + 1;
  submitted.updated_at = now;
  submitted.submitted_at = now;
  return submitted;
}

core::Result<Statement> NextDraft(const Statement& submitted, int next_revision, core::TimePoint now) {
  if (submitted.state != StatementState::kSubmitted) {
    return core::MakeError(
        core::ErrorCode::kFailedPrecondition, "statement.still_draft",
        "revision " + std::to_string(submitted.revision) + " is still a draft: edit it rather than copy it");
  }
  if (next_revision <= submitted.revision) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "statement.bad_revision",
                           "a new draft of revision " + std::to_string(submitted.revision) +
                               " needs a later revision number, not " + std::to_string(next_revision));
  }
  Statement draft = submitted;
  draft.id = StatementId{};
  draft.revision = next_revision;
  draft.state = StatementState::kDraft;
  draft.version = 1;
  draft.updated_at = now;
  draft.submitted_at.reset();
  return draft;
}

std::vector<std::string> AdoptionChanges(const Statement& before, const Statement& after) {
  // The first entry for a control counts, as in CheckSelection.
  auto adoption = [](const Statement& statement) {
    std::map<std::string, bool> adopted;
    for (const StatementEntry& entry : statement.entries) {
      adopted.emplace(entry.control_id, entry.adopted);
    }
    return adopted;
  };
  const std::map<std::string, bool> old_adoption = adoption(before);
  const std::map<std::string, bool> new_adoption = adoption(after);
  std::vector<std::string> changed;
  for (const auto& [control, adopted] : old_adoption) {
    const auto found = new_adoption.find(control);
    if (found == new_adoption.end() || found->second != adopted) {
      changed.push_back(control);
    }
  }
  for (const auto& [control, adopted] : new_adoption) {
    if (!old_adoption.contains(control)) {
      changed.push_back(control);
    }
  }
  std::sort(changed.begin(), changed.end());
  return changed;
}

}  // namespace ismap::domain
