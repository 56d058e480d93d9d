#include "domain/application.hpp"

#include <array>
#include <utility>

#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

using S = ApplicationState;
using C = ApplicationCommand;
using K = ApplicationKind;

constexpr NameTable<K, 2> kKindNames = {{{K::kAuditBody, "audit_body"}, {K::kCloudService, "cloud_service"}}};
constexpr NameTable<ApplicationPurpose, 3> kPurposeNames = {{
    {ApplicationPurpose::kNew, "new"},
    {ApplicationPurpose::kRenewal, "renewal"},
    {ApplicationPurpose::kChange, "change"},
}};
constexpr NameTable<S, 12> kStateNames = {{
    {S::kDraft, "draft"},
    {S::kSubmitted, "submitted"},
    {S::kAcceptanceCheck, "acceptance_check"},
    {S::kTechnicalReview, "technical_review"},
    {S::kUnderEvaluation, "under_evaluation"},
    {S::kReturned, "returned"},
    {S::kAdditionalAudit, "additional_audit"},
    {S::kRecommended, "recommended"},
    {S::kCommittee, "committee"},
    {S::kApproved, "approved"},
    {S::kRejected, "rejected"},
    {S::kWithdrawn, "withdrawn"},
}};
constexpr NameTable<C, 14> kCommandNames = {{
    {C::kSubmit, "submit"},
    {C::kStartAcceptanceCheck, "start_acceptance_check"},
    {C::kAccept, "accept"},
    {C::kStartEvaluation, "start_evaluation"},
    {C::kReturnForCorrection, "return_for_correction"},
    {C::kResubmit, "resubmit"},
    {C::kRequestAdditionalAudit, "request_additional_audit"},
    {C::kSubmitAdditionalAudit, "submit_additional_audit"},
    {C::kRecommend, "recommend"},
    {C::kPutOnAgenda, "put_on_agenda"},
    {C::kDecideApprove, "decide_approve"},
    {C::kDecideReject, "decide_reject"},
    {C::kDecideDefer, "decide_defer"},
    {C::kWithdraw, "withdraw"},
}};
constexpr NameTable<ActorKind, 6> kActorNames = {{
    {ActorKind::kApplicant, "applicant"},
    {ActorKind::kEvaluator, "evaluator"},
    {ActorKind::kReviewer, "reviewer"},
    {ActorKind::kCommittee, "committee"},
    {ActorKind::kSecretariat, "secretariat"},
    {ActorKind::kSystem, "system"},
}};
constexpr NameTable<RecommendationOutcome, 2> kOutcomeNames = {{
    {RecommendationOutcome::kApprove, "approve"},
    {RecommendationOutcome::kReject, "reject"},
}};

// Which kinds a row of the table holds for.
enum Kinds : unsigned { kAuditBodyOnly = 1, kCloudServiceOnly = 2, kBoth = 3 };

struct Row {
  Kinds kinds;
  S from;
  C command;
  S to;
};

// Every legal move except withdrawal (see IsWithdrawable). Anything not listed is refused.
constexpr std::array<Row, 16> kRows = {{
    {kBoth, S::kDraft, C::kSubmit, S::kSubmitted},
    {kAuditBodyOnly, S::kSubmitted, C::kStartEvaluation, S::kUnderEvaluation},
    {kAuditBodyOnly, S::kUnderEvaluation, C::kReturnForCorrection, S::kReturned},
    {kAuditBodyOnly, S::kUnderEvaluation, C::kRecommend, S::kRecommended},
    {kCloudServiceOnly, S::kSubmitted, C::kStartAcceptanceCheck, S::kAcceptanceCheck},
    {kCloudServiceOnly, S::kAcceptanceCheck, C::kAccept, S::kTechnicalReview},
    {kCloudServiceOnly, S::kAcceptanceCheck, C::kReturnForCorrection, S::kReturned},
    {kCloudServiceOnly, S::kTechnicalReview, C::kReturnForCorrection, S::kReturned},
    {kCloudServiceOnly, S::kTechnicalReview, C::kRequestAdditionalAudit, S::kAdditionalAudit},
    {kCloudServiceOnly, S::kAdditionalAudit, C::kSubmitAdditionalAudit, S::kTechnicalReview},
    {kCloudServiceOnly, S::kTechnicalReview, C::kRecommend, S::kRecommended},
    // A resubmission queues again rather than returning to whoever returned it: the state machine
    // stays memoryless, and a corrected application deserves a fresh look.
    {kBoth, S::kReturned, C::kResubmit, S::kSubmitted},
    {kBoth, S::kRecommended, C::kPutOnAgenda, S::kCommittee},
    {kBoth, S::kCommittee, C::kDecideApprove, S::kApproved},
    {kBoth, S::kCommittee, C::kDecideReject, S::kRejected},
    {kBoth, S::kCommittee, C::kDecideDefer, S::kRecommended},
}};

unsigned Bit(K kind) { return kind == K::kAuditBody ? kAuditBodyOnly : kCloudServiceOnly; }

// The states an application of `kind` can be in.
bool Reaches(K kind, S state) {
  switch (state) {
    case S::kUnderEvaluation:
      return kind == K::kAuditBody;
    case S::kAcceptanceCheck:
    case S::kTechnicalReview:
    case S::kAdditionalAudit:
      return kind == K::kCloudService;
    default:
      return true;
  }
}

// DESIGN.md §4: withdrawn from any state before a decision, including while on an agenda.
bool IsWithdrawable(K kind, S state) { return Reaches(kind, state) && !IsTerminal(state); }

bool IsDecision(C command) {
  return command == C::kDecideApprove || command == C::kDecideReject || command == C::kDecideDefer;
}

core::Error InvalidArgument(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

}  // namespace

std::string_view ToString(ApplicationKind kind) { return NameOf(kKindNames, kind); }
std::string_view ToString(ApplicationPurpose purpose) { return NameOf(kPurposeNames, purpose); }
std::string_view ToString(ApplicationState state) { return NameOf(kStateNames, state); }
std::string_view ToString(ApplicationCommand command) { return NameOf(kCommandNames, command); }
std::string_view ToString(ActorKind actor) { return NameOf(kActorNames, actor); }
std::string_view ToString(RecommendationOutcome outcome) { return NameOf(kOutcomeNames, outcome); }
std::optional<ApplicationKind> ApplicationKindFromString(std::string_view text) { return ValueOf(kKindNames, text); }
std::optional<ApplicationPurpose> ApplicationPurposeFromString(std::string_view text) {
  return ValueOf(kPurposeNames, text);
}
std::optional<ApplicationState> ApplicationStateFromString(std::string_view text) { return ValueOf(kStateNames, text); }
std::optional<ApplicationCommand> ApplicationCommandFromString(std::string_view text) {
  return ValueOf(kCommandNames, text);
}
std::optional<ActorKind> ActorKindFromString(std::string_view text) { return ValueOf(kActorNames, text); }
std::optional<RecommendationOutcome> RecommendationOutcomeFromString(std::string_view text) {
  return ValueOf(kOutcomeNames, text);
}

const std::vector<ApplicationState>& AllApplicationStates() {
  static const std::vector<ApplicationState> kAll = [] {
    std::vector<ApplicationState> all;
    for (const auto& [state, name] : kStateNames) {
      all.push_back(state);
    }
    return all;
  }();
  return kAll;
}

const std::vector<ApplicationCommand>& AllApplicationCommands() {
  static const std::vector<ApplicationCommand> kAll = [] {
    std::vector<ApplicationCommand> all;
    for (const auto& [command, name] : kCommandNames) {
      all.push_back(command);
    }
    return all;
  }();
  return kAll;
}

bool IsTerminal(ApplicationState state) {
  return state == S::kApproved || state == S::kRejected || state == S::kWithdrawn;
}

bool IsEditable(ApplicationState state) { return state == S::kDraft || state == S::kReturned; }

core::Result<ApplicationState> Transition(ApplicationKind kind, ApplicationState from, ApplicationCommand cmd) {
  if (cmd == C::kWithdraw && IsWithdrawable(kind, from)) {
    return S::kWithdrawn;
  }
  for (const Row& row : kRows) {
    if ((row.kinds & Bit(kind)) != 0 && row.from == from && row.command == cmd) {
      return row.to;
    }
  }
  return core::MakeError(core::ErrorCode::kFailedPrecondition, "application.illegal_transition",
                         std::string(ToString(kind)) + " application: cannot " + std::string(ToString(cmd)) +
                             " from state " + std::string(ToString(from)));
}

std::vector<ApplicationCommand> AvailableCommands(ApplicationKind kind, ApplicationState state) {
  std::vector<ApplicationCommand> out;
  for (ApplicationCommand cmd : AllApplicationCommands()) {
    if (Transition(kind, state, cmd)) {
      out.push_back(cmd);
    }
  }
  return out;
}

ActorKind ExpectedActor(ApplicationKind kind, ApplicationCommand cmd) {
  const ActorKind examiner = kind == K::kAuditBody ? ActorKind::kEvaluator : ActorKind::kReviewer;
  switch (cmd) {
    case C::kSubmit:
    case C::kResubmit:
    case C::kSubmitAdditionalAudit:
    case C::kWithdraw:
      return ActorKind::kApplicant;
    case C::kStartEvaluation:
      return ActorKind::kEvaluator;
    case C::kStartAcceptanceCheck:
    case C::kAccept:
    case C::kRequestAdditionalAudit:
      return ActorKind::kReviewer;
    case C::kReturnForCorrection:
    case C::kRecommend:
      return examiner;
    case C::kPutOnAgenda:
      return ActorKind::kSecretariat;
    case C::kDecideApprove:
    case C::kDecideReject:
    case C::kDecideDefer:
      return ActorKind::kCommittee;
  }
  return ActorKind::kSystem;
}

std::optional<ActorKind> WaitingOn(ApplicationKind kind, ApplicationState state) {
  if (!Reaches(kind, state) || IsTerminal(state)) {
    return std::nullopt;
  }
  switch (state) {
    case S::kDraft:
    case S::kReturned:
    case S::kAdditionalAudit:
      return ActorKind::kApplicant;
    case S::kSubmitted:
    case S::kUnderEvaluation:
    case S::kAcceptanceCheck:
    case S::kTechnicalReview:
      return kind == K::kAuditBody ? ActorKind::kEvaluator : ActorKind::kReviewer;
    case S::kRecommended:
      return ActorKind::kSecretariat;
    case S::kCommittee:
      return ActorKind::kCommittee;
    default:
      return std::nullopt;
  }
}

core::Result<Application> NewApplication(ApplicationKind kind, ApplicationPurpose purpose, OrganizationId applicant,
                                         std::optional<RegistrationId> registration, core::TimePoint now) {
  if (applicant.value() <= 0) {
    return InvalidArgument("application.organization_required", "an application needs the applying organisation");
  }
  if (purpose != ApplicationPurpose::kNew && !registration) {
    return InvalidArgument("application.registration_required",
                           "a " + std::string(ToString(purpose)) + " application names the registration it is for");
  }
  if (purpose == ApplicationPurpose::kNew && registration) {
    return InvalidArgument("application.registration_unexpected", "a new application cannot name a registration");
  }
  Application application;
  application.kind = kind;
  application.purpose = purpose;
  application.applicant = applicant;
  application.registration_id = registration;
  application.state_since = now;
  return application;
}

core::Result<void> CheckVersion(const Application& application, std::int64_t expected_version) {
  if (application.version != expected_version) {
    return core::MakeError(core::ErrorCode::kConflict, "application.stale_version",
                           "application " + std::to_string(application.id.value()) + " is at version " +
                               std::to_string(application.version) + ", not " + std::to_string(expected_version) +
                               ": reload and try again");
  }
  return core::Ok();
}

ApplicationAction ApplicationAction::ReturnForCorrection(std::string reason) {
  return {C::kReturnForCorrection, std::move(reason), {}, {}};
}
ApplicationAction ApplicationAction::RequestAdditionalAudit(std::string reason) {
  return {C::kRequestAdditionalAudit, std::move(reason), {}, {}};
}
ApplicationAction ApplicationAction::Recommend(RecommendationOutcome outcome, std::string note) {
  return {C::kRecommend, {}, Recommendation{outcome, std::move(note)}, {}};
}
ApplicationAction ApplicationAction::PutOnAgenda(MeetingId meeting) { return {C::kPutOnAgenda, {}, {}, meeting}; }
ApplicationAction ApplicationAction::Withdraw(std::string reason) { return {C::kWithdraw, std::move(reason), {}, {}}; }

core::Result<Application> Apply(const Application& application, std::int64_t expected_version,
                                const ApplicationAction& action, core::TimePoint now) {
  ISMAP_RETURN_IF_ERROR(CheckVersion(application, expected_version));
  const C cmd = action.command;
  if (IsDecision(cmd)) {
    return InvalidArgument("application.decision_requires_committee",
                           "decisions are applied from a committee decision (ApplyDecision)");
  }
  if ((cmd == C::kReturnForCorrection || cmd == C::kRequestAdditionalAudit) && action.reason.empty()) {
    return InvalidArgument("application.reason_required", std::string(ToString(cmd)) + " needs a reason");
  }
  if (cmd == C::kRecommend) {
    // A recommendation to reject must say why; one to approve may stand on the evaluation.
    if (!action.recommendation ||
        (action.recommendation->outcome == RecommendationOutcome::kReject && action.recommendation->note.empty())) {
      return InvalidArgument("application.recommendation_required",
                             "recommend needs an outcome, and a note when it recommends rejection");
    }
  }
  if (cmd == C::kPutOnAgenda && (!action.meeting_id || action.meeting_id->value() <= 0)) {
    return InvalidArgument("application.meeting_required", "put_on_agenda needs the meeting");
  }
  ISMAP_ASSIGN_OR_RETURN(const ApplicationState to, Transition(application.kind, application.state, cmd));
  Application next = application;
  next.state = to;
  next.version = application.version + 1;
  next.state_since = now;
  next.last_reason = action.reason;
  if (cmd == C::kRecommend) {
    next.recommendation = action.recommendation;
  }
  if (cmd == C::kPutOnAgenda) {
    next.meeting_id = action.meeting_id;
  }
  return next;
}

}  // namespace ismap::domain
