#include "domain/audit_body.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "core/text.hpp"
#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

constexpr NameTable<LegalForm, 5> kLegalFormNames = {{
    {LegalForm::kAuditCorporation, "audit_corporation"},
    {LegalForm::kKabushikiKaisha, "kabushiki_kaisha"},
    {LegalForm::kGodoKaisha, "godo_kaisha"},
    {LegalForm::kGeneralIncorporatedAssociation, "general_incorporated_association"},
    {LegalForm::kOther, "other"},
}};
constexpr NameTable<QualificationKind, 7> kQualificationNames = {{
    {QualificationKind::kCpa, "cpa"},
    {QualificationKind::kCisa, "cisa"},
    {QualificationKind::kCaisChief, "cais_chief"},
    {QualificationKind::kCais, "cais"},
    {QualificationKind::kCaisAssistant, "cais_assistant"},
    {QualificationKind::kIsmsAuditor, "isms_auditor"},
    {QualificationKind::kOther, "other"},
}};
constexpr NameTable<ItemVerdict, 3> kVerdictNames = {{
    {ItemVerdict::kUnanswered, "unanswered"},
    {ItemVerdict::kMet, "met"},
    {ItemVerdict::kNotMet, "not_met"},
}};

constexpr std::size_t kMaxNameCodePoints = 100;
constexpr std::size_t kMaxNumberCodePoints = 64;
constexpr std::size_t kMaxTextCodePoints = 20000;  // quality control, independence policy
constexpr std::size_t kMaxNoteCodePoints = 4000;

// Code points of well-formed UTF-8 without control characters (other than tab and newline when
// `multiline`); nullopt otherwise. Names and numbers are one line.
std::optional<std::size_t> CleanLength(std::string_view text, bool multiline) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = core::DecodeUtf8(text, i, &cp);
    if (n == 0) {
      return std::nullopt;
    }
    const bool allowed_control = multiline && (cp == U'\n' || cp == U'\t' || cp == U'\r');
    if ((cp < 0x20 || cp == 0x7f) && !allowed_control) {
      return std::nullopt;
    }
    i += n;
    ++count;
  }
  return count;
}

bool IsCleanLine(std::string_view text, std::size_t max) {
  auto length = CleanLength(text, false);
  return length && *length >= 1 && *length <= max && text.front() != ' ' && text.back() != ' ';
}

Problem MakeProblem(core::ErrorCode code, std::string reason, std::string message) {
  return Problem{code, std::move(reason), std::move(message)};
}

core::Error ErrorOf(Problem problem) {
  return core::MakeError(problem.code, std::move(problem.reason), std::move(problem.message));
}

void CheckLongText(std::string_view text, std::string_view field, std::string required_reason,
                   std::vector<Problem>* problems) {
  if (text.empty()) {
    problems->push_back(MakeProblem(core::ErrorCode::kInvalidArgument, std::move(required_reason),
                                    std::string(field) + " is required"));
    return;
  }
  auto length = CleanLength(text, true);
  if (!length || *length > kMaxTextCodePoints) {
    problems->push_back(MakeProblem(core::ErrorCode::kInvalidArgument, "audit_body.text_too_long",
                                    std::string(field) + " must be text of at most 20000 characters"));
  }
}

// The auditor rule of CheckApplicationAuditors, as problems.
void AuditorRuleProblems(const std::vector<Auditor>& auditors, int min_current, const Date& on,
                         std::vector<Problem>* problems) {
  int current = 0;
  for (const Auditor& auditor : auditors) {
    bool has_current = false;
    for (const Qualification& q : auditor.qualifications) {
      if (IsCurrent(q, on)) {
        has_current = true;
      } else {
        problems->push_back(
            MakeProblem(core::ErrorCode::kFailedPrecondition, "audit_body.qualification_expired",
                        auditor.name + ": " + Describe(q) + " expired on " + FormatDate(*q.expires_on)));
      }
    }
    current += has_current ? 1 : 0;
  }
  if (current < min_current) {
    problems->push_back(MakeProblem(core::ErrorCode::kFailedPrecondition, "audit_body.no_current_auditor",
                                    std::to_string(current) + " auditors with a current qualification, " +
                                        std::to_string(min_current) + " needed"));
  }
}

bool IsValidItemId(std::string_view id) {
  if (id.empty() || id.size() > 32) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) {
    out += (out.empty() ? "" : ", ") + id;
  }
  return out;
}

}  // namespace

std::string_view ToString(LegalForm form) { return NameOf(kLegalFormNames, form); }
std::string_view ToString(QualificationKind kind) { return NameOf(kQualificationNames, kind); }
std::string_view ToString(ItemVerdict verdict) { return NameOf(kVerdictNames, verdict); }
std::optional<LegalForm> LegalFormFromString(std::string_view text) { return ValueOf(kLegalFormNames, text); }
std::optional<QualificationKind> QualificationKindFromString(std::string_view text) {
  return ValueOf(kQualificationNames, text);
}
std::optional<ItemVerdict> ItemVerdictFromString(std::string_view text) { return ValueOf(kVerdictNames, text); }

core::Result<void> CheckEligibility(const EligibilityRule& rule, LegalForm form) {
  if (std::find(rule.allowed.begin(), rule.allowed.end(), form) == rule.allowed.end()) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "audit_body.ineligible_legal_form",
                           "legal form " + std::string(ToString(form)) + " may not apply under the rule in force");
  }
  return core::Ok();
}

bool IsCurrent(const Qualification& qualification, const Date& on) {
  return !qualification.expires_on || on <= *qualification.expires_on;
}

std::string Describe(const Qualification& qualification) {
  std::string out(ToString(qualification.kind));
  if (qualification.kind == QualificationKind::kOther) {
    out += " (" + qualification.other_name + ")";
  }
  return out + " " + qualification.number;
}

core::Result<void> ValidateAuditBodyRules(const AuditBodyRules& rules) {
  if (rules.eligibility.allowed.empty() || rules.min_qualified_auditors < 1) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "audit_body.bad_rules",
                           "at least one legal form must be eligible and at least one auditor required");
  }
  return core::Ok();
}

std::vector<Problem> ListProblems(const AuditBodyApplicationContent& content, const AuditBodyRules& rules,
                                  const Date& on) {
  using core::ErrorCode;
  std::vector<Problem> problems;
  if (content.organization_id.value() <= 0) {
    problems.push_back(MakeProblem(ErrorCode::kInvalidArgument, "audit_body.organization_required",
                                   "the application names no organisation"));
  }
  if (auto eligible = CheckEligibility(rules.eligibility, content.legal_form); !eligible) {
    problems.push_back(MakeProblem(eligible.error().code, eligible.error().reason, eligible.error().message));
  }
  std::set<std::pair<QualificationKind, std::string>> seen;
  for (std::size_t i = 0; i < content.auditors.size(); ++i) {
    const Auditor& auditor = content.auditors[i];
    const std::string who = "auditor " + std::to_string(i + 1);
    if (!IsCleanLine(auditor.name, kMaxNameCodePoints)) {
      problems.push_back(MakeProblem(ErrorCode::kInvalidArgument, "audit_body.auditor_name_invalid",
                                     who + ": a name of 1 to 100 characters on one line is required"));
    }
    for (const Qualification& q : auditor.qualifications) {
      const bool other = q.kind == QualificationKind::kOther;
      const bool name_ok = other ? IsCleanLine(q.other_name, kMaxNameCodePoints) : q.other_name.empty();
      if (!IsCleanLine(q.number, kMaxNumberCodePoints) || !name_ok) {
        problems.push_back(MakeProblem(ErrorCode::kInvalidArgument, "audit_body.qualification_invalid",
                                       who + ": " + std::string(ToString(q.kind)) +
                                           " needs a number of 1 to 64 characters" +
                                           (other ? " and the qualification's name" : "")));
      } else if (!seen.emplace(q.kind, q.number).second) {
        problems.push_back(MakeProblem(ErrorCode::kInvalidArgument, "audit_body.duplicate_qualification",
                                       who + ": " + Describe(q) + " is listed twice"));
      }
    }
  }
  AuditorRuleProblems(content.auditors, rules.min_qualified_auditors, on, &problems);
  CheckLongText(content.quality_control, "the quality-control system", "audit_body.quality_control_required",
                &problems);
  CheckLongText(content.independence_policy, "the independence policy", "audit_body.independence_policy_required",
                &problems);
  std::set<DocumentId> documents;
  for (const DocumentId& document : content.documents) {
    if (!documents.insert(document).second) {
      problems.push_back(MakeProblem(ErrorCode::kInvalidArgument, "audit_body.duplicate_document",
                                     "document " + std::to_string(document.value()) + " is attached twice"));
    }
  }
  return problems;
}

core::Result<void> ValidateAuditBodyApplication(const AuditBodyApplicationContent& content, const AuditBodyRules& rules,
                                                const Date& on) {
  std::vector<Problem> problems = ListProblems(content, rules, on);
  if (problems.empty()) {
    return core::Ok();
  }
  std::string message = "the application cannot be submitted:";
  for (const Problem& problem : problems) {
    message += "\n  " + problem.reason + ": " + problem.message;
  }
  return core::MakeError(problems.front().code, problems.front().reason, std::move(message));
}

core::Result<void> CheckApplicationAuditors(const std::vector<Auditor>& auditors, int min_current, const Date& on) {
  std::vector<Problem> problems;
  AuditorRuleProblems(auditors, min_current, on, &problems);
  if (problems.empty()) {
    return core::Ok();
  }
  return ErrorOf(std::move(problems.front()));
}

core::Result<void> ValidateRequirementSet(const RequirementSet& set) {
  std::vector<std::string> problems;
  if (!IsCleanLine(set.version, 64)) {
    problems.push_back("the set needs a version of 1 to 64 characters");
  }
  if (set.items.empty()) {
    problems.push_back("the set has no items");
  }
  std::set<std::string> ids;
  for (const RequirementItem& item : set.items) {
    if (!IsValidItemId(item.id)) {
      problems.push_back("item \"" + item.id.substr(0, 40) + "\": use 1 to 32 letters, digits, '.', '_' or '-'");
    } else if (!ids.insert(item.id).second) {
      problems.push_back(item.id + ": the id appears twice");
    }
    auto length = CleanLength(item.text_ja, true);
    if (item.text_ja.empty() || !length || !CleanLength(item.text_en, true)) {
      problems.push_back(item.id + ": Japanese text is required, English optional, both plain text");
    }
  }
  if (problems.empty()) {
    return core::Ok();
  }
  std::string message = "the requirement set cannot be used:";
  for (const std::string& problem : problems) {
    message += "\n  " + problem;
  }
  return core::MakeError(core::ErrorCode::kInvalidArgument, "audit_body.invalid_requirement_set", message);
}

Evaluation StartEvaluation(const RequirementSet& set) {
  Evaluation evaluation;
  evaluation.requirement_set_version = set.version;
  for (const RequirementItem& item : set.items) {
    evaluation.items.push_back({item.id, ItemVerdict::kUnanswered, {}});
  }
  return evaluation;
}

core::Result<Evaluation> MarkItem(const Evaluation& evaluation, std::string_view item_id, ItemVerdict verdict,
                                  std::string note) {
  auto invalid = [](std::string reason, std::string message) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
  };
  if (verdict == ItemVerdict::kNotMet && note.empty()) {
    return invalid("audit_body.note_required", "an item not met needs a note saying why");
  }
  auto length = CleanLength(note, true);
  if (!length || *length > kMaxNoteCodePoints) {
    return invalid("audit_body.text_too_long", "a note is plain text of at most 4000 characters");
  }
  Evaluation next = evaluation;
  for (ItemAssessment& item : next.items) {
    if (item.item_id == item_id) {
      item.verdict = verdict;
      item.note = std::move(note);
      return next;
    }
  }
  return invalid("audit_body.unknown_requirement", "requirement \"" + std::string(item_id.substr(0, 40)) +
                                                       "\" is not in set " + evaluation.requirement_set_version);
}

core::Result<void> CanRecommend(const RequirementSet& set, const Evaluation& evaluation) {
  if (evaluation.requirement_set_version != set.version) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "audit_body.evaluation_version_mismatch",
                           "the evaluation follows set " + evaluation.requirement_set_version + ", not " + set.version);
  }
  std::vector<std::string> unanswered;
  for (const RequirementItem& item : set.items) {
    auto it = std::find_if(evaluation.items.begin(), evaluation.items.end(),
                           [&](const ItemAssessment& a) { return a.item_id == item.id; });
    if (it == evaluation.items.end() || it->verdict == ItemVerdict::kUnanswered) {
      unanswered.push_back(item.id);
    }
  }
  if (!unanswered.empty()) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "audit_body.evaluation_incomplete",
                           "items not answered: " + JoinIds(unanswered));
  }
  return core::Ok();
}

core::Result<void> CheckRecommendation(const RequirementSet& set, const Evaluation& evaluation,
                                       RecommendationOutcome outcome) {
  ISMAP_RETURN_IF_ERROR(CanRecommend(set, evaluation));
  if (outcome == RecommendationOutcome::kReject) {
    return core::Ok();
  }
  std::vector<std::string> not_met;
  for (const ItemAssessment& item : evaluation.items) {
    if (item.verdict == ItemVerdict::kNotMet) {
      not_met.push_back(item.item_id);
    }
  }
  if (!not_met.empty()) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "audit_body.requirements_not_met",
                           "approval needs every requirement met; not met: " + JoinIds(not_met));
  }
  return core::Ok();
}

}  // namespace ismap::domain
