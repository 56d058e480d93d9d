#include "domain/audit_body_registration.hpp"

#include <array>
#include <utility>

#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

using St = RegistrationState;
using Ev = RegistrationEvent;

constexpr NameTable<St, 5> kStateNames = {{
    {St::kActive, "active"},
    {St::kSuspended, "suspended"},
    {St::kRevoked, "revoked"},
    {St::kWithdrawn, "withdrawn"},
    {St::kExpired, "expired"},
}};
constexpr NameTable<RegistrationStatus, 6> kStatusNames = {{
    {RegistrationStatus::kActive, "active"},
    {RegistrationStatus::kRenewalPending, "renewal_pending"},
    {RegistrationStatus::kSuspended, "suspended"},
    {RegistrationStatus::kRevoked, "revoked"},
    {RegistrationStatus::kWithdrawn, "withdrawn"},
    {RegistrationStatus::kExpired, "expired"},
}};
constexpr NameTable<Ev, 8> kEventNames = {{
    {Ev::kRenewalApplied, "renewal_applied"},
    {Ev::kRenew, "renew"},
    {Ev::kRenewalRefused, "renewal_refused"},
    {Ev::kSuspend, "suspend"},
    {Ev::kReinstate, "reinstate"},
    {Ev::kRevoke, "revoke"},
    {Ev::kWithdraw, "withdraw"},
    {Ev::kExpire, "expire"},
}};

core::Error Precondition(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kFailedPrecondition, std::move(reason), std::move(message));
}

core::Error InvalidArgument(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

// The registration after `event`: the table's state, version +1.
core::Result<Registration> Moved(const Registration& registration, St from, Ev event) {
  ISMAP_ASSIGN_OR_RETURN(const St to, TransitionRegistration(from, event));
  Registration next = registration;
  next.state = to;
  next.version = registration.version + 1;
  return next;
}

}  // namespace

std::string_view ToString(RegistrationState state) { return NameOf(kStateNames, state); }
std::string_view ToString(RegistrationStatus status) { return NameOf(kStatusNames, status); }
std::string_view ToString(RegistrationEvent event) { return NameOf(kEventNames, event); }
std::optional<RegistrationState> RegistrationStateFromString(std::string_view text) {
  return ValueOf(kStateNames, text);
}
std::optional<RegistrationStatus> RegistrationStatusFromString(std::string_view text) {
  return ValueOf(kStatusNames, text);
}
std::optional<RegistrationEvent> RegistrationEventFromString(std::string_view text) {
  return ValueOf(kEventNames, text);
}

const std::vector<RegistrationState>& AllRegistrationStates() {
  static const std::vector<RegistrationState> kAll = {St::kActive, St::kSuspended, St::kRevoked, St::kWithdrawn,
                                                      St::kExpired};
  return kAll;
}

const std::vector<RegistrationEvent>& AllRegistrationEvents() {
  static const std::vector<RegistrationEvent> kAll = {Ev::kRenewalApplied, Ev::kRenew,     Ev::kRenewalRefused,
                                                      Ev::kSuspend,        Ev::kReinstate, Ev::kRevoke,
                                                      Ev::kWithdraw,       Ev::kExpire};
  return kAll;
}

core::Result<RegistrationState> TransitionRegistration(RegistrationState from, RegistrationEvent event) {
  const bool live = from == St::kActive || from == St::kSuspended;
  switch (event) {
    case Ev::kRenewalApplied:
    case Ev::kRenew:
    case Ev::kRenewalRefused:
      // Renewal moves the dates, not the state: a suspended registration renewed stays suspended.
      if (live) {
        return from;
      }
      break;
    case Ev::kSuspend:
      if (from == St::kActive) {
        return St::kSuspended;
      }
      break;
    case Ev::kReinstate:
      if (from == St::kSuspended) {
        return St::kActive;
      }
      break;
    case Ev::kRevoke:
      if (live) {
        return St::kRevoked;
      }
      break;
    case Ev::kWithdraw:
      if (live) {
        return St::kWithdrawn;
      }
      break;
    case Ev::kExpire:
      if (live) {
        return St::kExpired;
      }
      break;
  }
  return Precondition("registration.illegal_transition", "registration: cannot " + std::string(ToString(event)) +
                                                             " from state " + std::string(ToString(from)));
}

ActorKind ExpectedActor(RegistrationEvent event) {
  switch (event) {
    case Ev::kRenewalApplied:
      return ActorKind::kApplicant;
    case Ev::kExpire:
      return ActorKind::kSystem;
    default:
      return ActorKind::kCommittee;
  }
}

RegistrationStatus StatusOn(const Registration& registration, const Date& on) {
  switch (registration.state) {
    case St::kRevoked:
      return RegistrationStatus::kRevoked;
    case St::kWithdrawn:
      return RegistrationStatus::kWithdrawn;
    case St::kExpired:
      return RegistrationStatus::kExpired;
    case St::kActive:
    case St::kSuspended:
      break;
  }
  const bool suspended = registration.state == St::kSuspended;
  if (on <= registration.valid_until) {
    return suspended ? RegistrationStatus::kSuspended : RegistrationStatus::kActive;
  }
  if (!registration.pending_renewal) {
    return RegistrationStatus::kExpired;
  }
  return suspended ? RegistrationStatus::kSuspended : RegistrationStatus::kRenewalPending;
}

core::Result<void> CheckVersion(const Registration& registration, std::int64_t expected_version) {
  if (registration.version != expected_version) {
    return core::MakeError(core::ErrorCode::kConflict, "registration.stale_version",
                           "registration " + std::to_string(registration.id.value()) + " is at version " +
                               std::to_string(registration.version) + ", not " + std::to_string(expected_version) +
                               ": reload and try again");
  }
  return core::Ok();
}

core::Result<void> ValidateRegistrationPolicy(const RegistrationPolicy& policy) {
  if (policy.validity_months < 1 || policy.validity_months > 120) {
    return InvalidArgument("registration.bad_policy", "the validity period must be 1 to 120 months");
  }
  return core::Ok();
}

namespace {

core::Result<Registration> RegisterApproved(const Application& application, const Decision& decision,
                                            const NumberTemplate& number_template, std::int64_t serial) {
  if (!(decision.item == AgendaItem::ForApplication(application.kind, application.id)) ||
      decision.outcome != DecisionOutcome::kApprove) {
    return InvalidArgument("committee.decision_for_other_item",
                           "the decision is not an approval of application " + std::to_string(application.id.value()));
  }
  if (application.purpose != ApplicationPurpose::kNew) {
    return InvalidArgument("registration.not_a_new_application",
                           "a " + std::string(ToString(application.purpose)) + " application creates no registration");
  }
  if (application.state != ApplicationState::kApproved) {
    return Precondition(
        "registration.application_not_approved",
        "application " + std::to_string(application.id.value()) + " is " + std::string(ToString(application.state)));
  }
  Registration registration;
  registration.register_kind = application.kind;
  registration.holder = application.applicant;
  registration.registered_on = JapanDate(decision.decided_at);
  ISMAP_ASSIGN_OR_RETURN(registration.number, number_template.Format(registration.registered_on.year, serial));
  return registration;
}

}  // namespace

core::Result<Registration> RegisterOnApproval(const Application& application, const Decision& decision,
                                              const RegistrationPolicy& policy, std::int64_t serial) {
  ISMAP_ASSIGN_OR_RETURN(auto registration, RegisterApproved(application, decision, policy.number_template, serial));
  registration.valid_until = AddMonthsCivil(registration.registered_on, policy.validity_months);
  return registration;
}

core::Result<Registration> RegisterOnApprovalUntil(const Application& application, const Decision& decision,
                                                   const NumberTemplate& number_template, std::int64_t serial,
                                                   const Date& valid_until) {
  ISMAP_ASSIGN_OR_RETURN(auto registration, RegisterApproved(application, decision, number_template, serial));
  if (!IsValidDate(valid_until) || valid_until < registration.registered_on) {
    return InvalidArgument("registration.bad_validity",
                           "a registration made on " + FormatDate(registration.registered_on) +
                               " cannot be valid only until " +
                               (IsValidDate(valid_until) ? FormatDate(valid_until) : std::string("an invalid date")));
  }
  registration.valid_until = valid_until;
  return registration;
}

core::Result<Registration> ApplyRenewalApplied(const Registration& registration, std::int64_t expected_version,
                                               ApplicationId renewal, const Date& submitted_on) {
  ISMAP_RETURN_IF_ERROR(CheckVersion(registration, expected_version));
  ISMAP_ASSIGN_OR_RETURN(Registration next, Moved(registration, registration.state, Ev::kRenewalApplied));
  if (submitted_on > registration.valid_until) {
    return Precondition("registration.renewal_too_late",
                        "the registration ran out on " + FormatDate(registration.valid_until));
  }
  if (registration.pending_renewal) {
    return Precondition("registration.renewal_already_pending",
                        "application " + std::to_string(registration.pending_renewal->value()) + " already renews it");
  }
  next.pending_renewal = renewal;
  return next;
}

core::Result<Registration> ApplyExpiry(const Registration& registration, std::int64_t expected_version,
                                       const Date& today) {
  ISMAP_RETURN_IF_ERROR(CheckVersion(registration, expected_version));
  ISMAP_ASSIGN_OR_RETURN(Registration next, Moved(registration, registration.state, Ev::kExpire));
  if (today <= registration.valid_until) {
    return Precondition("registration.not_yet_expired", "valid until " + FormatDate(registration.valid_until));
  }
  if (registration.pending_renewal) {
    return Precondition("registration.renewal_pending", "a renewal filed in time awaits the committee");
  }
  return next;
}

core::Result<Registration> ApplyRegistrationDecision(const Registration& registration, std::int64_t expected_version,
                                                     const Decision& decision, const RegistrationPolicy& policy,
                                                     std::optional<Date> renewed_valid_until) {
  ISMAP_RETURN_IF_ERROR(CheckVersion(registration, expected_version));
  const bool own_item = decision.item == AgendaItem::ForRegistration(registration.register_kind, registration.id);
  const bool renewal_item =
      registration.pending_renewal &&
      decision.item == AgendaItem::ForApplication(registration.register_kind, *registration.pending_renewal);
  std::optional<Ev> event;
  if (own_item) {
    switch (decision.outcome) {
      case DecisionOutcome::kSuspend:
        event = Ev::kSuspend;
        break;
      case DecisionOutcome::kReinstate:
        event = Ev::kReinstate;
        break;
      case DecisionOutcome::kRevoke:
        event = Ev::kRevoke;
        break;
      case DecisionOutcome::kWithdraw:
        event = Ev::kWithdraw;
        break;
      case DecisionOutcome::kRenew:
        event = Ev::kRenew;
        break;
      default:
        break;
    }
  } else if (renewal_item) {
    if (decision.outcome == DecisionOutcome::kApprove) {
      event = Ev::kRenew;
    } else if (decision.outcome == DecisionOutcome::kReject) {
      event = Ev::kRenewalRefused;
    }
  }
  if (decision.outcome == DecisionOutcome::kDefer && (own_item || renewal_item)) {
    return registration;
  }
  if (!event) {
    return InvalidArgument("committee.decision_for_other_item", std::string(ToString(decision.outcome)) +
                                                                    " is not a decision on registration " +
                                                                    std::to_string(registration.id.value()));
  }
  if (decision.reason.empty()) {
    return InvalidArgument("committee.reason_required", "a decision needs a reason");
  }
  // Past its validity with nothing pending, the registration has lapsed whether or not the daily
  // job has recorded it, and the committee's decisions no longer apply to it.
  const bool lapsed = StatusOn(registration, JapanDate(decision.decided_at)) == RegistrationStatus::kExpired;
  ISMAP_ASSIGN_OR_RETURN(Registration next, Moved(registration, lapsed ? St::kExpired : registration.state, *event));
  if (*event == Ev::kRenew || *event == Ev::kRenewalRefused) {
    if (!registration.pending_renewal) {
      return Precondition("registration.no_pending_renewal", "no renewal was filed for this registration");
    }
    next.pending_renewal.reset();
  }
  if (*event == Ev::kRenew) {
    if (renewed_valid_until && !(registration.valid_until < *renewed_valid_until)) {
      return Precondition("registration.renewal_not_extending",
                          "the renewal would end on " + FormatDate(*renewed_valid_until) +
                              ", not after the current validity " + FormatDate(registration.valid_until));
    }
    next.valid_until = renewed_valid_until
                           ? *renewed_valid_until
                           : AddMonthsCivil(AddDays(registration.valid_until, 1), policy.validity_months);
  }
  return next;
}

core::Result<void> MayTakeEngagement(const Registration& registration, const Date& on) {
  const RegistrationStatus status = StatusOn(registration, on);
  if (on < registration.registered_on ||
      (status != RegistrationStatus::kActive && status != RegistrationStatus::kRenewalPending)) {
    return Precondition("audit_body.not_registered", "registration " + registration.number + " is " +
                                                         std::string(ToString(status)) + " on " + FormatDate(on));
  }
  return core::Ok();
}

core::Result<void> CheckEngagementAuditors(const std::vector<Auditor>& auditors, const Date& on) {
  if (auditors.empty()) {
    return Precondition("audit_body.no_current_auditor", "an engagement needs at least one auditor");
  }
  for (const Auditor& auditor : auditors) {
    if (auditor.qualifications.empty()) {
      return Precondition("audit_body.auditor_unqualified", auditor.name + " holds no qualification");
    }
    for (const Qualification& q : auditor.qualifications) {
      if (!IsCurrent(q, on)) {
        return Precondition("audit_body.qualification_expired",
                            auditor.name + ": " + Describe(q) + " expired on " + FormatDate(*q.expires_on));
      }
    }
  }
  return core::Ok();
}

core::Result<void> CheckIndependence(const IndependenceDeclaration& declaration) {
  if (!declaration.did_not_help_prepare_statement || declaration.text.empty()) {
    return Precondition("audit_body.independence_not_declared",
                        "the audit body must declare, in words, that it did not help prepare the statement");
  }
  return core::Ok();
}

}  // namespace ismap::domain
