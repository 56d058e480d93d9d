// The audit engagement (監査契約; FACTS.md "Statement and audit"; issue 7): a provider engages a
// registered audit body to audit one submitted statement version; the body accepts with its
// independence declaration and the auditors it assigns, records per control its procedure, what it
// evaluated (design, operation or both) and the result, and issues the report of results
// (実施結果報告書) as a document with the structured results beside it.
//
//   requested --accept--> accepted --issue_report--> report_issued
//       |  \--decline--> declined        |
//       \--------withdraw (provider)-----/--> withdrawn
//
// Pure: no I/O, dates are passed in. Thread-compatible values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit_body.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/cloud_service.hpp"
#include "domain/date.hpp"
#include "domain/statement.hpp"

namespace ismap::domain {

enum class EngagementState { kRequested, kAccepted, kDeclined, kReportIssued, kWithdrawn };
// 例外事項なし, 例外事項あり, 未実施.
enum class AuditResult { kNoException, kException, kNotPerformed };

std::string_view ToString(EngagementState state);
std::string_view ToString(AuditResult result);
std::optional<EngagementState> EngagementStateFromString(std::string_view text);
std::optional<AuditResult> AuditResultFromString(std::string_view text);

// The audit of one control.
struct ControlResult {
  std::string control_id;
  std::string procedure;   // 実施手続
  bool design = false;     // 整備状況の評価
  bool operating = false;  // 運用状況の評価
  AuditResult result = AuditResult::kNoException;
  std::string description;  // the exception found; required with kException
};

struct Engagement {
  EngagementId id;  // assigned by storage
  ServiceId service;
  OrganizationId provider;
  OrganizationId audit_body;
  StatementId statement;  // a submitted version
  EngagementState state = EngagementState::kRequested;
  IndependenceDeclaration independence;  // given when accepting
  std::vector<Auditor> auditors;         // assigned when accepting
  std::vector<ControlResult> results;
  std::optional<DocumentId> report_document;  // the signed report, restricted
  std::optional<Date> report_issued_on;
  std::string last_reason;  // with decline or withdraw
  std::int64_t version = 1;
  core::TimePoint created_at;
};

// kConflict (engagement.stale_version).
core::Result<void> CheckVersion(const Engagement& engagement, std::int64_t expected_version);

// A new request (version 1, created_at `now`, provider the service's). kFailedPrecondition, in
// this order: engagement.statement_not_submitted (a draft statement), engagement.other_service (the
// statement is another service's); and MayTakeEngagement's audit_body.not_registered for the
// body's registration on `today`, also when `body_registration` is not `audit_body`'s registration
// on the audit body list (here and wherever an engagement checks the registration).
core::Result<Engagement> RequestEngagement(const CloudService& service, const Statement& statement,
                                           OrganizationId audit_body, const Registration& body_registration,
                                           const Date& today, core::TimePoint now);

// The body accepts: registered on `today` (MayTakeEngagement), independence declared
// (CheckIndependence), auditors current (CheckEngagementAuditors); both are recorded. Checked in
// that order after the version and kFailedPrecondition engagement.illegal_transition unless
// requested. Every command below checks the version first (engagement.stale_version), and a
// successful one returns the engagement with version +1. Illegal transitions name state and command.
core::Result<Engagement> AcceptEngagement(const Engagement& engagement, std::int64_t expected_version,
                                          const Registration& body_registration,
                                          const IndependenceDeclaration& independence,
                                          const std::vector<Auditor>& auditors, const Date& today);
// The body declines a request, with a reason (kInvalidArgument engagement.reason_required, checked
// before the state), kept in last_reason.
core::Result<Engagement> DeclineEngagement(const Engagement& engagement, std::int64_t expected_version,
                                           std::string reason);
// The provider withdraws a request or an accepted engagement (before the report is issued). The
// reason is optional, kept in last_reason.
core::Result<Engagement> WithdrawEngagement(const Engagement& engagement, std::int64_t expected_version,
                                            std::string reason);

// Problems with results against the statement, in the statement's order then the rest:
// engagement.unknown_control (a control the statement does not adopt), engagement.duplicate_result,
// engagement.procedure_required, engagement.evaluation_required (neither design nor operating,
// unless not performed), engagement.description_required (an exception without one),
// engagement.text_too_long (procedure or description over 10,000 characters). A procedure is
// required even for a control not performed (it says what was planned or why not). All
// kInvalidArgument; a control's second result is a duplicate, the first one is checked. Missing
// results are not a problem here (IssueReport's results_incomplete).
std::vector<Problem> ListResultProblems(const Statement& statement, const std::vector<ControlResult>& results);
// Replaces the results while accepted (engagement.illegal_transition otherwise); kInvalidArgument
// engagement.other_statement when `statement` is not the engagement's; kInvalidArgument with the
// first of ListResultProblems.
core::Result<Engagement> RecordResults(const Engagement& engagement, std::int64_t expected_version,
                                       const Statement& statement, std::vector<ControlResult> results);
// Issues the report on `today`: accepted, the body still registered (MayTakeEngagement), the
// report document given (kInvalidArgument engagement.report_required), a result for every adopted
// control (kFailedPrecondition engagement.results_incomplete naming how many are missing and the
// first), the results free of problems; in that order, after the state and
// engagement.other_statement as for RecordResults. Records the document and `today`.
core::Result<Engagement> IssueReport(const Engagement& engagement, std::int64_t expected_version,
                                     const Statement& statement, const Registration& body_registration,
                                     DocumentId report, const Date& today);

// What a cloud service application must hold to be submitted, in order: application.service_mismatch
// (content and statement of different services, or the applicant is not the service's provider),
// application.statement_required (none attached, or the attached one not given),
// application.statement_not_submitted, application.engagement_required,
// application.report_not_issued (the engagement's report is not issued, or is for another statement
// version), the disclosures' problems (ListDisclosureProblems), application.registration_mismatch
// (a renewal or change for another service's registration). statement_not_submitted and
// report_not_issued are kFailedPrecondition, the rest kInvalidArgument.
std::vector<Problem> ListServiceApplicationProblems(const Application& application,
                                                    const ServiceApplicationContent& content,
                                                    const CloudService& service,
                                                    const std::optional<Statement>& statement,
                                                    const std::optional<Engagement>& engagement);

// The reviewer's recommendation of a service application. Approval needs every per-control finding
// met (kFailedPrecondition review.finding_not_met naming the first that is not) and, when the
// application changes which controls are adopted (`adoption_changes`, AdoptionChanges), the
// additional audit handed in (application.additional_audit_required). A rejection needs neither.
core::Result<void> CheckServiceRecommendation(RecommendationOutcome outcome, const std::optional<Evaluation>& review,
                                              const std::vector<std::string>& adoption_changes,
                                              const ServiceApplicationContent& content);

}  // namespace ismap::domain
