#include "domain/committee.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

using O = DecisionOutcome;

constexpr NameTable<AgendaItemKind, 2> kItemKindNames = {{
    {AgendaItemKind::kApplication, "application"},
    {AgendaItemKind::kRegistration, "registration"},
}};
constexpr NameTable<O, 8> kOutcomeNames = {{
    {O::kApprove, "approve"},
    {O::kReject, "reject"},
    {O::kDefer, "defer"},
    {O::kSuspend, "suspend"},
    {O::kReinstate, "reinstate"},
    {O::kRevoke, "revoke"},
    {O::kWithdraw, "withdraw"},
    {O::kRenew, "renew"},
}};

// "audit_body application 12", "cloud_service registration 3": for messages.
std::string Describe(const AgendaItem& item) {
  const std::int64_t id = item.kind() == AgendaItemKind::kApplication ? std::get<ApplicationId>(item.subject).value()
                                                                      : std::get<RegistrationId>(item.subject).value();
  return std::string(ToString(item.register_kind)) + " " + std::string(ToString(item.kind())) + " " +
         std::to_string(id);
}

core::Error Precondition(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kFailedPrecondition, std::move(reason), std::move(message));
}

core::Error InvalidArgument(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

bool OnAgenda(const Meeting& meeting, const AgendaItem& item) {
  return std::find(meeting.agenda.begin(), meeting.agenda.end(), item) != meeting.agenda.end();
}

}  // namespace

std::string_view ToString(AgendaItemKind kind) { return NameOf(kItemKindNames, kind); }
std::string_view ToString(DecisionOutcome outcome) { return NameOf(kOutcomeNames, outcome); }
std::optional<AgendaItemKind> AgendaItemKindFromString(std::string_view text) { return ValueOf(kItemKindNames, text); }
std::optional<DecisionOutcome> DecisionOutcomeFromString(std::string_view text) { return ValueOf(kOutcomeNames, text); }

bool OutcomeApplies(DecisionOutcome outcome, AgendaItemKind kind) {
  switch (outcome) {
    case O::kDefer:
      return true;
    case O::kApprove:
    case O::kReject:
      return kind == AgendaItemKind::kApplication;
    case O::kSuspend:
    case O::kReinstate:
    case O::kRevoke:
    case O::kWithdraw:
    case O::kRenew:
      return kind == AgendaItemKind::kRegistration;
  }
  return false;
}

AgendaItemKind AgendaItem::kind() const {
  return std::holds_alternative<ApplicationId>(subject) ? AgendaItemKind::kApplication : AgendaItemKind::kRegistration;
}

core::Result<void> ValidateCommitteeRules(const CommitteeRules& rules) {
  if (rules.quorum < 1) {
    return InvalidArgument("committee.bad_rules", "the committee quorum must be at least 1");
  }
  return core::Ok();
}

core::Result<Meeting> AddToAgenda(const Meeting& meeting, const AgendaItem& item, const Date& today) {
  if (meeting.date < today) {
    return Precondition("committee.meeting_past",
                        "meeting " + std::to_string(meeting.id.value()) + " was held on " + FormatDate(meeting.date));
  }
  if (OnAgenda(meeting, item)) {
    return Precondition("committee.already_on_agenda", Describe(item) + " is already on the agenda");
  }
  Meeting next = meeting;
  next.agenda.push_back(item);
  return next;
}

std::optional<Decision> FindDecision(const Meeting& meeting, const AgendaItem& item) {
  for (const Decision& decision : meeting.decisions) {
    if (decision.item == item) {
      return decision;
    }
  }
  return std::nullopt;
}

core::Result<Decision> Decide(const Meeting& meeting, const AgendaItem& item, DecisionOutcome outcome,
                              std::string reason, core::TimePoint decided_at, const CommitteeRules& rules) {
  if (reason.empty()) {
    return InvalidArgument("committee.reason_required", "a decision needs a reason");
  }
  if (!OutcomeApplies(outcome, item.kind())) {
    return InvalidArgument("committee.outcome_not_applicable",
                           std::string(ToString(outcome)) + " cannot decide a " + std::string(ToString(item.kind())));
  }
  if (JapanDate(decided_at) < meeting.date) {
    return Precondition("committee.meeting_not_held",
                        "meeting " + std::to_string(meeting.id.value()) + " is held on " + FormatDate(meeting.date));
  }
  // Distinct members: a member recorded twice is still one person.
  const std::set<UserId> present(meeting.members_present.begin(), meeting.members_present.end());
  if (static_cast<int>(present.size()) < rules.quorum) {
    return Precondition("committee.no_quorum", std::to_string(present.size()) + " members present, " +
                                                   std::to_string(rules.quorum) + " needed");
  }
  if (!OnAgenda(meeting, item)) {
    return Precondition("committee.not_on_agenda",
                        Describe(item) + " is not on the agenda of meeting " + std::to_string(meeting.id.value()));
  }
  if (FindDecision(meeting, item)) {
    return Precondition("committee.already_decided",
                        Describe(item) + " is already decided at meeting " + std::to_string(meeting.id.value()));
  }
  return Decision{meeting.id, item, outcome, std::move(reason), decided_at};
}

core::Result<Application> ApplyDecision(const Application& application, std::int64_t expected_version,
                                        const Decision& decision) {
  ISMAP_RETURN_IF_ERROR(CheckVersion(application, expected_version));
  const AgendaItem own = AgendaItem::ForApplication(application.kind, application.id);
  if (!(decision.item == own)) {
    return InvalidArgument("committee.decision_for_other_item",
                           "the decision is on " + Describe(decision.item) + ", not " + Describe(own));
  }
  if (decision.reason.empty()) {
    return InvalidArgument("committee.reason_required", "a decision needs a reason");
  }
  ApplicationCommand cmd = ApplicationCommand::kDecideDefer;
  switch (decision.outcome) {
    case O::kApprove:
      cmd = ApplicationCommand::kDecideApprove;
      break;
    case O::kReject:
      cmd = ApplicationCommand::kDecideReject;
      break;
    case O::kDefer:
      break;
    default:
      return InvalidArgument("committee.decision_for_other_item",
                             std::string(ToString(decision.outcome)) + " does not decide an application");
  }
  if (application.state == ApplicationState::kCommittee && application.meeting_id != decision.meeting_id) {
    return Precondition("committee.not_on_agenda", Describe(own) + " is not on the agenda of meeting " +
                                                       std::to_string(decision.meeting_id.value()));
  }
  ISMAP_ASSIGN_OR_RETURN(const ApplicationState to, Transition(application.kind, application.state, cmd));
  Application next = application;
  next.state = to;
  next.version = application.version + 1;
  next.state_since = decision.decided_at;
  next.last_reason = decision.reason;
  if (cmd == ApplicationCommand::kDecideDefer) {
    next.meeting_id.reset();  // free for a later meeting's agenda
  }
  return next;
}

}  // namespace ismap::domain
