// Applications (DESIGN.md §4): the workflow an audit body's or a cloud service's application goes
// through, from draft to the committee's decision. One total state machine for both kinds: every
// (kind, state, command) triple is a defined transition or a typed refusal. What an application
// says (its content) lives beside it (audit_body.hpp; cloud services later); who may issue a
// command is decided in app/authorization.cpp, this file only says which kind of actor a command
// expects. Committee decisions are applied through committee.hpp's ApplyDecision, never here.
// Pure: no I/O, time is passed in. Thread-compatible values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/strong_id.hpp"
#include "domain/organization.hpp"

namespace ismap::domain {

// Ids shared by applications, committee meetings and registrations of both kinds. DocumentId is
// declared exactly as in document.hpp (a redeclaration of the same alias is legal), so this header
// does not depend on the document rules.
using ApplicationId = core::StrongId<struct ApplicationTag>;
using MeetingId = core::StrongId<struct MeetingTag>;
using RegistrationId = core::StrongId<struct RegistrationTag>;
using DocumentId = core::StrongId<struct DocumentTag>;

// What is applied for: a place on the audit body list or on the cloud service list. Also names the
// register a registration or an agenda item belongs to.
enum class ApplicationKind { kAuditBody, kCloudService };

// A first registration, the renewal of one, or a change to one (renewal and change name it).
enum class ApplicationPurpose { kNew, kRenewal, kChange };

// The union of both kinds' states. Audit bodies use draft, submitted, under_evaluation, returned,
// recommended, committee and the outcomes; cloud services replace under_evaluation with
// acceptance_check (受理確認), technical_review (技術的審査) and additional_audit (追加監査).
// A deferred decision is not a state: the application goes back to recommended until a later
// meeting takes it up (the deferral itself is kept in the meeting's decisions and the ledger).
enum class ApplicationState {
  kDraft,
  kSubmitted,
  kAcceptanceCheck,
  kTechnicalReview,
  kUnderEvaluation,
  kReturned,         // 差戻し: back with the applicant for correction
  kAdditionalAudit,  // 追加監査: the applicant's audit body audits again
  kRecommended,      // the evaluator's or reviewer's recommendation is with the secretariat
  kCommittee,        // on a meeting's agenda
  kApproved,
  kRejected,
  kWithdrawn,
};

enum class ApplicationCommand {
  kSubmit,
  kStartAcceptanceCheck,    // cloud services: the reviewer takes up a submitted application
  kAccept,                  // cloud services: acceptance confirmed, technical review starts
  kStartEvaluation,         // audit bodies: the evaluator takes up a submitted application
  kReturnForCorrection,     // reason required
  kResubmit,                // after a return: back to submitted, to be taken up again
  kRequestAdditionalAudit,  // cloud services, during technical review; reason required
  kSubmitAdditionalAudit,   // the applicant hands in the additional audit's result
  kRecommend,               // approve or reject, with a note
  kPutOnAgenda,             // a meeting id
  kDecideApprove,           // the three decisions: only through committee.hpp's ApplyDecision
  kDecideReject,
  kDecideDefer,
  kWithdraw,  // by the applicant, from any state before a decision
};

// Who is expected to issue a command or to act next. app/ maps roles onto these.
enum class ActorKind { kApplicant, kEvaluator, kReviewer, kCommittee, kSecretariat, kSystem };

enum class RecommendationOutcome { kApprove, kReject };

// The one path between these enums and their text (database, JSON, HTML, ledger payloads).
std::string_view ToString(ApplicationKind kind);
std::string_view ToString(ApplicationPurpose purpose);
std::string_view ToString(ApplicationState state);
std::string_view ToString(ApplicationCommand command);
std::string_view ToString(ActorKind actor);
std::string_view ToString(RecommendationOutcome outcome);
std::optional<ApplicationKind> ApplicationKindFromString(std::string_view text);
std::optional<ApplicationPurpose> ApplicationPurposeFromString(std::string_view text);
std::optional<ApplicationState> ApplicationStateFromString(std::string_view text);
std::optional<ApplicationCommand> ApplicationCommandFromString(std::string_view text);
std::optional<ActorKind> ActorKindFromString(std::string_view text);
std::optional<RecommendationOutcome> RecommendationOutcomeFromString(std::string_view text);

// Every value, in declaration order (for tables, tests and pages).
const std::vector<ApplicationState>& AllApplicationStates();
const std::vector<ApplicationCommand>& AllApplicationCommands();

// The transition table. The state `cmd` leads to from `from` for an application of `kind`, or
// kFailedPrecondition (application.illegal_transition) naming kind, state and command.
core::Result<ApplicationState> Transition(ApplicationKind kind, ApplicationState from, ApplicationCommand cmd);
// The commands Transition accepts from `state`, in declaration order (the buttons a page offers).
std::vector<ApplicationCommand> AvailableCommands(ApplicationKind kind, ApplicationState state);
// Approved, rejected, withdrawn: nothing leads out.
bool IsTerminal(ApplicationState state);
// The actor kind a command is expected from: the evaluator for audit bodies and the reviewer for
// cloud services return, recommend and start work; the secretariat sets agendas; the committee
// decides; the applicant submits, resubmits, hands in additional audits and withdraws.
ActorKind ExpectedActor(ApplicationKind kind, ApplicationCommand cmd);
// Whom an application in `state` waits on (for inboxes and "waiting too long" deadlines); nullopt
// for terminal states and states the kind never reaches.
std::optional<ActorKind> WaitingOn(ApplicationKind kind, ApplicationState state);
// The applicant may edit the content only in draft and after a return.
bool IsEditable(ApplicationState state);

struct Recommendation {
  RecommendationOutcome outcome = RecommendationOutcome::kApprove;
  std::string note;
};

struct Application {
  ApplicationId id;  // assigned by storage
  ApplicationKind kind = ApplicationKind::kAuditBody;
  ApplicationPurpose purpose = ApplicationPurpose::kNew;
  OrganizationId applicant;
  std::optional<RegistrationId> registration_id;  // the registration a renewal or change is for
  ApplicationState state = ApplicationState::kDraft;
  // Optimistic concurrency: 1 when created, +1 with every accepted command. A command names the
  // version it was issued against; a stale one is refused (CheckVersion) and nothing is overwritten.
  std::int64_t version = 1;
  core::TimePoint state_since;                   // when the current state began (deadlines count from here)
  std::optional<Recommendation> recommendation;  // set by recommend
  std::optional<MeetingId> meeting_id;           // set while on an agenda (kCommittee)
  std::string last_reason;                       // the reason given with the latest command, if any
};

// A new draft. kInvalidArgument: application.organization_required (no applicant),
// application.registration_required (renewal or change without the registration),
// application.registration_unexpected (a new application naming one).
core::Result<Application> NewApplication(ApplicationKind kind, ApplicationPurpose purpose, OrganizationId applicant,
                                         std::optional<RegistrationId> registration, core::TimePoint now);

// kConflict (application.stale_version) when `expected_version` is not the application's version.
core::Result<void> CheckVersion(const Application& application, std::int64_t expected_version);

// A command with what it carries. Build with the factories; the decisions have none on purpose.
struct ApplicationAction {
  ApplicationCommand command = ApplicationCommand::kSubmit;
  std::string reason;                            // return, additional audit (required), withdraw (optional)
  std::optional<Recommendation> recommendation;  // recommend
  std::optional<MeetingId> meeting_id;           // put on agenda

  static ApplicationAction Of(ApplicationCommand command) { return {command, {}, {}, {}}; }
  static ApplicationAction ReturnForCorrection(std::string reason);
  static ApplicationAction RequestAdditionalAudit(std::string reason);
  static ApplicationAction Recommend(RecommendationOutcome outcome, std::string note);
  static ApplicationAction PutOnAgenda(MeetingId meeting);
  static ApplicationAction Withdraw(std::string reason);
};

// The application after `action`, issued against `expected_version` at `now`: state moved, version
// +1, state_since = now, the action's payload recorded (a deferral clears the meeting). Errors, in
// the order checked: kConflict application.stale_version; kInvalidArgument
// application.decision_requires_committee (a decide command: use ApplyDecision),
// application.reason_required, application.recommendation_required (a reject needs a note too),
// application.meeting_required; kFailedPrecondition application.illegal_transition.
core::Result<Application> Apply(const Application& application, std::int64_t expected_version,
                                const ApplicationAction& action, core::TimePoint now);

}  // namespace ismap::domain
