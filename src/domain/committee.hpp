// The steering committee (制度運営委員会, DESIGN.md §1.5, §2): meetings with a date, the members
// present and an agenda of applications and registrations, and one decision per agenda item.
// Decisions are what change applications (ApplyDecision here) and registrations
// (audit_body_registration.hpp); nothing else can approve, reject, suspend or revoke. Shared by the
// audit-body and cloud-service registers. Pure: no I/O, time is passed in. Thread-compatible values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/date.hpp"
#include "domain/identity.hpp"

namespace ismap::domain {

enum class AgendaItemKind { kApplication, kRegistration };

// approve / reject / defer decide applications; suspend / reinstate / revoke / withdraw / renew
// act on registrations, which may be deferred too (the deliberation moves to a later meeting).
enum class DecisionOutcome { kApprove, kReject, kDefer, kSuspend, kReinstate, kRevoke, kWithdraw, kRenew };

std::string_view ToString(AgendaItemKind kind);
std::string_view ToString(DecisionOutcome outcome);
std::optional<AgendaItemKind> AgendaItemKindFromString(std::string_view text);
std::optional<DecisionOutcome> DecisionOutcomeFromString(std::string_view text);

// Whether `outcome` can decide an item of `kind`.
bool OutcomeApplies(DecisionOutcome outcome, AgendaItemKind kind);

struct AgendaItem {
  ApplicationKind register_kind = ApplicationKind::kAuditBody;  // the audit-body or cloud-service register
  std::variant<ApplicationId, RegistrationId> subject;

  AgendaItemKind kind() const;
  static AgendaItem ForApplication(ApplicationKind register_kind, ApplicationId id) { return {register_kind, id}; }
  static AgendaItem ForRegistration(ApplicationKind register_kind, RegistrationId id) { return {register_kind, id}; }
  friend bool operator==(const AgendaItem&, const AgendaItem&) = default;
};

struct Decision {
  MeetingId meeting_id;
  AgendaItem item;
  DecisionOutcome outcome = DecisionOutcome::kDefer;
  std::string reason;  // required for every outcome
  core::TimePoint decided_at;
};

struct Meeting {
  MeetingId id;  // assigned by storage
  Date date;     // the day it is held, in Japan
  std::vector<UserId> members_present;
  std::vector<AgendaItem> agenda;
  std::vector<Decision> decisions;  // those recorded so far
};

// Configuration. The quorum is unconfirmed (FACTS.md says nothing): members who must be present for
// the meeting to decide anything.
struct CommitteeRules {
  int quorum = 1;
};

// kInvalidArgument (committee.bad_rules) for a quorum below 1.
core::Result<void> ValidateCommitteeRules(const CommitteeRules& rules);

// The meeting with `item` appended to its agenda. kFailedPrecondition: committee.meeting_past (the
// meeting's date is before `today`), committee.already_on_agenda.
core::Result<Meeting> AddToAgenda(const Meeting& meeting, const AgendaItem& item, const Date& today);

// The recorded decision on `item` in `meeting`, if there is one.
std::optional<Decision> FindDecision(const Meeting& meeting, const AgendaItem& item);

// The decision the committee takes on `item` at `decided_at`; the caller stores it (storage's
// unique (meeting, item) key backs the once-per-item rule under concurrency). Errors, in the order
// checked: kInvalidArgument committee.reason_required, committee.outcome_not_applicable;
// kFailedPrecondition committee.meeting_not_held (decided_at is before the meeting's day in Japan),
// committee.no_quorum (fewer distinct members present than rules.quorum), committee.not_on_agenda,
// committee.already_decided (this meeting already decided the item; a deferred item is decided
// again at a later meeting).
core::Result<Decision> Decide(const Meeting& meeting, const AgendaItem& item, DecisionOutcome outcome,
                              std::string reason, core::TimePoint decided_at, const CommitteeRules& rules);

// The only way an application is decided: `application` after `decision` (approve → approved,
// reject → rejected, defer → recommended with the meeting cleared), version +1, state_since =
// decided_at, last_reason = the decision's reason. Errors: kConflict application.stale_version;
// kInvalidArgument committee.decision_for_other_item (not an application item naming this
// application and its kind), committee.reason_required; kFailedPrecondition committee.not_on_agenda
// (the application is not on the decision's meeting), application.illegal_transition.
core::Result<Application> ApplyDecision(const Application& application, std::int64_t expected_version,
                                        const Decision& decision);

}  // namespace ismap::domain
