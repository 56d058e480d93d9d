// Audit bodies (監査機関, FACTS.md "Audit bodies"; issue 6): who may apply (legal form), their auditors
// and qualifications, the content of an application, and the evaluator's checklist of requirements.
// The workflow is application.hpp's; the registration and the rules for taking engagements are in
// audit_body_registration.hpp. Pure: no I/O, dates are passed in. Thread-compatible values.
//
// Error codes: kInvalidArgument for malformed input (empty names, bad numbers, unknown items);
// kFailedPrecondition for well-formed input the rules in force or the date refuse (an ineligible
// legal form, an expired qualification, too few qualified auditors, an incomplete evaluation).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/date.hpp"
#include "domain/organization.hpp"

namespace ismap::domain {

enum class LegalForm {
  kAuditCorporation,                // 監査法人
  kKabushikiKaisha,                 // 株式会社
  kGodoKaisha,                      // 合同会社
  kGeneralIncorporatedAssociation,  // 一般社団法人
  kOther,
};

// CAIS (公認情報セキュリティ監査人) grades as we read JASA's scheme: chief auditor, auditor and
// assistant. Unconfirmed: FACTS.md only says "JASA's CAIS grades"; correct the list when confirmed.
enum class QualificationKind {
  kCpa,            // 公認会計士 (registration has no fixed expiry: expires_on may be absent)
  kCisa,           // ISACA
  kCaisChief,      // 公認情報セキュリティ主任監査人
  kCais,           // 公認情報セキュリティ監査人
  kCaisAssistant,  // 公認情報セキュリティ監査人補
  kIsmsAuditor,    // ISMS 審査員
  kOther,          // named in Qualification::other_name
};

enum class ItemVerdict { kUnanswered, kMet, kNotMet };

std::string_view ToString(LegalForm form);
std::string_view ToString(QualificationKind kind);
std::string_view ToString(ItemVerdict verdict);
std::optional<LegalForm> LegalFormFromString(std::string_view text);
std::optional<QualificationKind> QualificationKindFromString(std::string_view text);
std::optional<ItemVerdict> ItemVerdictFromString(std::string_view text);

// Configuration: which legal forms may apply. Today only audit corporations (FACTS.md).
struct EligibilityRule {
  std::vector<LegalForm> allowed = {LegalForm::kAuditCorporation};
};
// kFailedPrecondition (audit_body.ineligible_legal_form) naming the form.
core::Result<void> CheckEligibility(const EligibilityRule& rule, LegalForm form);

struct Qualification {
  QualificationKind kind = QualificationKind::kCpa;
  std::string other_name;          // required for kOther, empty otherwise
  std::string number;              // certificate or registration number
  std::optional<Date> expires_on;  // the last day it is valid; absent: does not expire
};

// Current on `on` when it has no expiry or `on` is on or before the expiry day.
bool IsCurrent(const Qualification& qualification, const Date& on);
// "cisa 12345", "other (ISO 27001 LA) 77": for messages.
std::string Describe(const Qualification& qualification);

struct Auditor {
  std::string name;  // 氏名, as on the certificates
  std::vector<Qualification> qualifications;
};

// Configuration for applications.
struct AuditBodyRules {
  EligibilityRule eligibility;
  int min_qualified_auditors = 1;  // auditors with at least one current qualification; unconfirmed
};
// kInvalidArgument (audit_body.bad_rules): no allowed legal form, or min_qualified_auditors < 1.
core::Result<void> ValidateAuditBodyRules(const AuditBodyRules& rules);

// What an audit body's application says (the workflow state is the Application beside it).
struct AuditBodyApplicationContent {
  OrganizationId organization_id;  // the applying audit body: corporate details are the organisation's
  LegalForm legal_form = LegalForm::kAuditCorporation;
  std::vector<Auditor> auditors;
  std::string quality_control;      // 品質管理体制
  std::string independence_policy;  // 独立性の方針
  std::vector<DocumentId> documents;
};

// One thing wrong with an application, with its code and reason for a front end to translate.
struct Problem {
  core::ErrorCode code = core::ErrorCode::kInvalidArgument;
  std::string reason;
  std::string message;
};

// Every problem with `content` under `rules` on `on`, in field order: audit_body.organization_required,
// audit_body.ineligible_legal_form, audit_body.auditor_name_invalid, audit_body.qualification_invalid
// (empty or over-long number, kOther without a name, a name on another kind),
// audit_body.duplicate_qualification, audit_body.qualification_expired (naming auditor and
// qualification), audit_body.no_current_auditor, audit_body.quality_control_required,
// audit_body.independence_policy_required, audit_body.text_too_long, audit_body.duplicate_document.
std::vector<Problem> ListProblems(const AuditBodyApplicationContent& content, const AuditBodyRules& rules,
                                  const Date& on);
// Ok when ListProblems finds nothing; otherwise the first problem's code and reason, with a message
// listing every problem as "<reason>: <message>", one per line.
core::Result<void> ValidateAuditBodyApplication(const AuditBodyApplicationContent& content, const AuditBodyRules& rules,
                                                const Date& on);
// The auditor rule alone: any expired qualification → kFailedPrecondition
// audit_body.qualification_expired naming auditor and qualification; fewer than `min_current`
// auditors with a current qualification → audit_body.no_current_auditor.
core::Result<void> CheckApplicationAuditors(const std::vector<Auditor>& auditors, int min_current, const Date& on);

// The evaluator's checklist: a versioned set of requirements, configured by the secretariat.
struct RequirementItem {
  std::string id;  // stable within the set: [A-Za-z0-9._-]{1,32}
  std::string text_ja;
  std::string text_en;
};
struct RequirementSet {
  std::string version;  // "2026-04", free text, 1 to 64 characters
  std::vector<RequirementItem> items;
};
// kInvalidArgument (audit_body.invalid_requirement_set) listing every problem: no version, no
// items, a bad or repeated id, an item without Japanese text.
core::Result<void> ValidateRequirementSet(const RequirementSet& set);

struct ItemAssessment {
  std::string item_id;
  ItemVerdict verdict = ItemVerdict::kUnanswered;
  std::string note;
};
// One application's evaluation against one version of the set.
struct Evaluation {
  std::string requirement_set_version;
  std::vector<ItemAssessment> items;  // the set's items, in its order
};

// Every item of `set`, unanswered.
Evaluation StartEvaluation(const RequirementSet& set);
// `evaluation` with `item_id` marked. kInvalidArgument: audit_body.unknown_requirement,
// audit_body.note_required (not_met needs a note saying why), audit_body.text_too_long.
core::Result<Evaluation> MarkItem(const Evaluation& evaluation, std::string_view item_id, ItemVerdict verdict,
                                  std::string note);
// Every item of `set` answered, in an evaluation of that version. kFailedPrecondition:
// audit_body.evaluation_version_mismatch, audit_body.evaluation_incomplete (naming the items).
core::Result<void> CanRecommend(const RequirementSet& set, const Evaluation& evaluation);
// CanRecommend, and for a recommendation to approve every item met (kFailedPrecondition
// audit_body.requirements_not_met naming them). A recommendation to reject needs only a complete
// evaluation: the evaluator may reject on grounds outside the checklist (the note says which).
core::Result<void> CheckRecommendation(const RequirementSet& set, const Evaluation& evaluation,
                                       RecommendationOutcome outcome);

}  // namespace ismap::domain
