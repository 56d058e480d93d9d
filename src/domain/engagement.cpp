#include "domain/engagement.hpp"

#include <set>
#include <unordered_map>
#include <utility>

#include "core/text.hpp"
#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

constexpr NameTable<EngagementState, 5> kEngagementStateNames = {{
    {EngagementState::kRequested, "requested"},
    {EngagementState::kAccepted, "accepted"},
    {EngagementState::kDeclined, "declined"},
    {EngagementState::kReportIssued, "report_issued"},
    {EngagementState::kWithdrawn, "withdrawn"},
}};
constexpr NameTable<AuditResult, 3> kAuditResultNames = {{
    {AuditResult::kNoException, "no_exception"},
    {AuditResult::kException, "exception"},
    {AuditResult::kNotPerformed, "not_performed"},
}};

}  // namespace

std::string_view ToString(EngagementState state) { return NameOf(kEngagementStateNames, state); }
std::string_view ToString(AuditResult result) { return NameOf(kAuditResultNames, result); }
std::optional<EngagementState> EngagementStateFromString(std::string_view text) {
  return ValueOf(kEngagementStateNames, text);
}
std::optional<AuditResult> AuditResultFromString(std::string_view text) { return ValueOf(kAuditResultNames, text); }

namespace {

using Es = EngagementState;

constexpr std::size_t kMaxResultText = 10000;

core::Error Precondition(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kFailedPrecondition, std::move(reason), std::move(message));
}

core::Error InvalidArgument(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

// kFailedPrecondition engagement.illegal_transition unless the engagement is in `from`.
core::Result<void> RequireState(const Engagement& engagement, Es from, std::string_view command) {
  if (engagement.state != from) {
    return Precondition("engagement.illegal_transition", "engagement: cannot " + std::string(command) + " from state " +
                                                             std::string(ToString(engagement.state)));
  }
  return core::Ok();
}

// MayTakeEngagement, and the registration is the engaged body's on the audit body list.
core::Result<void> MayTake(const Registration& registration, OrganizationId audit_body, const Date& on) {
  if (registration.register_kind != ApplicationKind::kAuditBody || registration.holder != audit_body) {
    return Precondition("audit_body.not_registered", "registration " + registration.number + " is not audit body " +
                                                         std::to_string(audit_body.value()) + "'s");
  }
  return MayTakeEngagement(registration, on);
}

core::Result<void> RequireStatement(const Engagement& engagement, const Statement& statement) {
  if (statement.id != engagement.statement) {
    return InvalidArgument("engagement.other_statement", "the engagement audits statement " +
                                                             std::to_string(engagement.statement.value()) + ", not " +
                                                             std::to_string(statement.id.value()));
  }
  return core::Ok();
}

Engagement Moved(const Engagement& engagement, Es to) {
  Engagement next = engagement;
  next.state = to;
  next.version = engagement.version + 1;
  return next;
}

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

// The adopted controls of `statement`, in its order, each once.
std::vector<std::string> AdoptedControls(const Statement& statement) {
  std::vector<std::string> adopted;
  std::set<std::string_view> seen;
  for (const StatementEntry& entry : statement.entries) {
    if (seen.insert(entry.control_id).second && entry.adopted) {
      adopted.push_back(entry.control_id);
    }
  }
  return adopted;
}

void ResultProblems(const ControlResult& result, std::vector<Problem>* problems) {
  const std::string control = "control " + result.control_id;
  auto invalid = [&](std::string reason, std::string message) {
    problems->push_back(Problem{core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message)});
  };
  if (result.procedure.empty()) {
    invalid("engagement.procedure_required", control + ": the audit procedure is required");
  }
  if (result.result != AuditResult::kNotPerformed && !result.design && !result.operating) {
    invalid("engagement.evaluation_required", control + ": evaluate the design, the operation or both");
  }
  if (result.result == AuditResult::kException && result.description.empty()) {
    invalid("engagement.description_required", control + ": describe the exception found");
  }
  if (!Fits(result.procedure, kMaxResultText) || !Fits(result.description, kMaxResultText)) {
    invalid("engagement.text_too_long", control + ": procedure and description are text of at most 10000 characters");
  }
}

}  // namespace

core::Result<void> CheckVersion(const Engagement& engagement, std::int64_t expected_version) {
  if (engagement.version != expected_version) {
    return core::MakeError(core::ErrorCode::kConflict, "engagement.stale_version",
                           "engagement " + std::to_string(engagement.id.value()) + " is at version " +
                               std::to_string(engagement.version) + ", not " + std::to_string(expected_version) +
                               ": reload and try again");
  }
  return core::Ok();
}

core::Result<Engagement> RequestEngagement(const CloudService& service, const Statement& statement,
                                           OrganizationId audit_body, const Registration& body_registration,
                                           const Date& today, core::TimePoint now) {
  if (statement.state != StatementState::kSubmitted) {
    return Precondition("engagement.statement_not_submitted",
                        "revision " + std::to_string(statement.revision) +
                            " of the statement is a draft: submit it before engaging an audit body");
  }
  if (statement.service != service.id) {
    return Precondition("engagement.other_service", "statement " + std::to_string(statement.id.value()) +
                                                        " is not a statement of service " +
                                                        std::to_string(service.id.value()));
  }
  ISMAP_RETURN_IF_ERROR(MayTake(body_registration, audit_body, today));
  Engagement engagement;
  engagement.service = service.id;
  engagement.provider = service.provider;
  engagement.audit_body = audit_body;
  engagement.statement = statement.id;
  engagement.created_at = now;
  return engagement;
}

core::Result<Engagement> AcceptEngagement(const Engagement& engagement, std::int64_t expected_version,
                                          const Registration& body_registration,
                                          const IndependenceDeclaration& independence,
                                          const std::vector<Auditor>& auditors, const Date& today) {
  ISMAP_RETURN_IF_ERROR(CheckVersion(engagement, expected_version));
  ISMAP_RETURN_IF_ERROR(RequireState(engagement, Es::kRequested, "accept"));
  ISMAP_RETURN_IF_ERROR(MayTake(body_registration, engagement.audit_body, today));
  ISMAP_RETURN_IF_ERROR(CheckIndependence(independence));
  ISMAP_RETURN_IF_ERROR(CheckEngagementAuditors(auditors, today));
  Engagement next = Moved(engagement, Es::kAccepted);
  next.independence = independence;
  next.auditors = auditors;
  return next;
}

core::Result<Engagement> DeclineEngagement(const Engagement& engagement, std::int64_t expected_version,
                                           std::string reason) {
  ISMAP_RETURN_IF_ERROR(CheckVersion(engagement, expected_version));
  if (reason.empty()) {
    return InvalidArgument("engagement.reason_required", "declining an engagement needs a reason");
  }
  ISMAP_RETURN_IF_ERROR(RequireState(engagement, Es::kRequested, "decline"));
  Engagement next = Moved(engagement, Es::kDeclined);
  next.last_reason = std::move(reason);
  return next;
}

core::Result<Engagement> WithdrawEngagement(const Engagement& engagement, std::int64_t expected_version,
                                            std::string reason) {
  ISMAP_RETURN_IF_ERROR(CheckVersion(engagement, expected_version));
  if (engagement.state != Es::kAccepted) {
    ISMAP_RETURN_IF_ERROR(RequireState(engagement, Es::kRequested, "withdraw"));
  }
  Engagement next = Moved(engagement, Es::kWithdrawn);
  next.last_reason = std::move(reason);
  return next;
}

std::vector<Problem> ListResultProblems(const Statement& statement, const std::vector<ControlResult>& results) {
  std::vector<Problem> problems;
  std::unordered_map<std::string_view, const ControlResult*> first;  // the first result per control
  std::vector<Problem> rest;
  const std::vector<std::string> adopted = AdoptedControls(statement);
  const std::set<std::string_view> adopted_set(adopted.begin(), adopted.end());
  for (const ControlResult& result : results) {
    if (!adopted_set.contains(result.control_id)) {
      rest.push_back(Problem{core::ErrorCode::kInvalidArgument, "engagement.unknown_control",
                             "control " + result.control_id + " is not adopted in the statement"});
    } else if (!first.emplace(result.control_id, &result).second) {
      rest.push_back(Problem{core::ErrorCode::kInvalidArgument, "engagement.duplicate_result",
                             "control " + result.control_id + " has more than one result"});
    }
  }
  for (const std::string& control : adopted) {
    if (const auto found = first.find(control); found != first.end()) {
      ResultProblems(*found->second, &problems);
    }
  }
  problems.insert(problems.end(), rest.begin(), rest.end());
  return problems;
}

core::Result<Engagement> RecordResults(const Engagement& engagement, std::int64_t expected_version,
                                       const Statement& statement, std::vector<ControlResult> results) {
  ISMAP_RETURN_IF_ERROR(CheckVersion(engagement, expected_version));
  ISMAP_RETURN_IF_ERROR(RequireState(engagement, Es::kAccepted, "record results"));
  ISMAP_RETURN_IF_ERROR(RequireStatement(engagement, statement));
  std::vector<Problem> problems = ListResultProblems(statement, results);
  if (!problems.empty()) {
    return core::MakeError(problems.front().code, std::move(problems.front().reason),
                           std::move(problems.front().message));
  }
  Engagement next = Moved(engagement, Es::kAccepted);
  next.results = std::move(results);
  return next;
}

core::Result<Engagement> IssueReport(const Engagement& engagement, std::int64_t expected_version,
                                     const Statement& statement, const Registration& body_registration,
                                     DocumentId report, const Date& today) {
  ISMAP_RETURN_IF_ERROR(CheckVersion(engagement, expected_version));
  ISMAP_RETURN_IF_ERROR(RequireState(engagement, Es::kAccepted, "issue the report"));
  ISMAP_RETURN_IF_ERROR(RequireStatement(engagement, statement));
  ISMAP_RETURN_IF_ERROR(MayTake(body_registration, engagement.audit_body, today));
  if (report.value() <= 0) {
    return InvalidArgument("engagement.report_required", "issuing the report needs the signed report document");
  }
  std::set<std::string_view> recorded;
  for (const ControlResult& result : engagement.results) {
    recorded.insert(result.control_id);
  }
  std::vector<std::string> missing;
  for (const std::string& control : AdoptedControls(statement)) {
    if (!recorded.contains(control)) {
      missing.push_back(control);
    }
  }
  if (!missing.empty()) {
    return Precondition("engagement.results_incomplete", std::to_string(missing.size()) + " adopted control" +
                                                             (missing.size() == 1 ? " has" : "s have") +
                                                             " no result, the first " + missing.front());
  }
  std::vector<Problem> problems = ListResultProblems(statement, engagement.results);
  if (!problems.empty()) {
    return core::MakeError(problems.front().code, std::move(problems.front().reason),
                           std::move(problems.front().message));
  }
  Engagement next = Moved(engagement, Es::kReportIssued);
  next.report_document = report;
  next.report_issued_on = today;
  return next;
}

std::vector<Problem> ListServiceApplicationProblems(const Application& application,
                                                    const ServiceApplicationContent& content,
                                                    const CloudService& service,
                                                    const std::optional<Statement>& statement,
                                                    const std::optional<Engagement>& engagement) {
  using core::ErrorCode;
  std::vector<Problem> problems;
  auto add = [&](ErrorCode code, std::string reason, std::string message) {
    problems.push_back(Problem{code, std::move(reason), std::move(message)});
  };
  const std::string service_name = "service " + std::to_string(service.id.value());
  if (content.service != service.id || (statement && statement->service != service.id)) {
    add(ErrorCode::kInvalidArgument, "application.service_mismatch",
        "the application and its statement must be for " + service_name);
  } else if (application.applicant != service.provider) {
    add(ErrorCode::kInvalidArgument, "application.service_mismatch",
        service_name + " is not a service of organisation " + std::to_string(application.applicant.value()));
  }
  if (!content.statement || !statement) {
    add(ErrorCode::kInvalidArgument, "application.statement_required", "attach a submitted statement version");
  } else if (statement->state != StatementState::kSubmitted) {
    add(ErrorCode::kFailedPrecondition, "application.statement_not_submitted",
        "revision " + std::to_string(statement->revision) + " of the statement is still a draft");
  }
  if (!content.engagement || !engagement) {
    add(ErrorCode::kInvalidArgument, "application.engagement_required",
        "attach the audit engagement whose report was issued on the statement");
  } else if (engagement->state != EngagementState::kReportIssued) {
    add(ErrorCode::kFailedPrecondition, "application.report_not_issued",
        "engagement " + std::to_string(engagement->id.value()) + " is " + std::string(ToString(engagement->state)) +
            ": its report is not issued");
  } else if (statement && engagement->statement != statement->id) {
    add(ErrorCode::kFailedPrecondition, "application.report_not_issued",
        "engagement " + std::to_string(engagement->id.value()) + " reports on statement " +
            std::to_string(engagement->statement.value()) + ", not on the attached version");
  }
  for (Problem& problem : ListDisclosureProblems(content.disclosures)) {
    problems.push_back(std::move(problem));
  }
  if (application.purpose != ApplicationPurpose::kNew &&
      (!application.registration_id || application.registration_id != service.registration_id)) {
    add(ErrorCode::kInvalidArgument, "application.registration_mismatch",
        "a " + std::string(ToString(application.purpose)) + " application must name " + service_name +
            "'s registration");
  }
  return problems;
}

core::Result<void> CheckServiceRecommendation(RecommendationOutcome outcome, const std::optional<Evaluation>& review,
                                              const std::vector<std::string>& adoption_changes,
                                              const ServiceApplicationContent& content) {
  if (outcome != RecommendationOutcome::kApprove) {
    return core::Ok();
  }
  if (review) {
    for (const auto& item : review->items) {
      if (item.verdict != ItemVerdict::kMet) {
        return core::MakeError(core::ErrorCode::kFailedPrecondition, "review.finding_not_met",
                               "control " + item.item_id + " is " + std::string(ToString(item.verdict)) +
                                   ": every finding must be met to recommend approval");
      }
    }
  }
  if (!adoption_changes.empty() && !content.additional_engagement) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "application.additional_audit_required",
                           std::to_string(adoption_changes.size()) + " adopted controls changed (first " +
                               adoption_changes.front() + "): an additional audit is required");
  }
  return core::Ok();
}

}  // namespace ismap::domain
