// Registrations (DESIGN.md §4; FACTS.md "Registration", "Audit bodies"): the number, the dates, the
// lifecycle, and the rules an audit body's registration imposes on its engagements. The lifecycle
// is written for both registers (ApplicationKind) so the cloud-service list can reuse it; only the
// engagement rules and the defaults are audit-body specific.
//
// Every change is a committee decision with a reason (committee.hpp), except two: a renewal
// application filed in time (the applicant), and expiry (a daily job). Stored states are
// active, suspended, revoked, withdrawn and expired; "renewal pending" is derived at read time
// (StatusOn): valid past its expiry because a renewal filed in time awaits the committee.
// Pure: no I/O, dates are passed in. Thread-compatible values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/audit_body.hpp"
#include "domain/committee.hpp"
#include "domain/date.hpp"

namespace ismap::domain {

enum class RegistrationState { kActive, kSuspended, kRevoked, kWithdrawn, kExpired };
// What the public list shows on a day: the stored state, or renewal_pending / expired once the
// validity has run out.
enum class RegistrationStatus { kActive, kRenewalPending, kSuspended, kRevoked, kWithdrawn, kExpired };
enum class RegistrationEvent {
  kRenewalApplied,  // the applicant filed a renewal in time (not a committee decision)
  kRenew,           // committee: the renewal is approved, validity extended
  kRenewalRefused,  // committee: the renewal is rejected; the old validity stands
  kSuspend,
  kReinstate,
  kRevoke,
  kWithdraw,
  kExpire,  // the daily job, once the validity has run out with no renewal pending
};

std::string_view ToString(RegistrationState state);
std::string_view ToString(RegistrationStatus status);
std::string_view ToString(RegistrationEvent event);
std::optional<RegistrationState> RegistrationStateFromString(std::string_view text);
std::optional<RegistrationStatus> RegistrationStatusFromString(std::string_view text);
std::optional<RegistrationEvent> RegistrationEventFromString(std::string_view text);
const std::vector<RegistrationState>& AllRegistrationStates();
const std::vector<RegistrationEvent>& AllRegistrationEvents();

// The table over stored states. Revoked, withdrawn and expired are final; suspended registrations
// may still be renewed (they stay suspended), revoked, withdrawn or expire. kFailedPrecondition
// (registration.illegal_transition) naming state and event.
core::Result<RegistrationState> TransitionRegistration(RegistrationState from, RegistrationEvent event);
// kApplicant for kRenewalApplied, kSystem for kExpire, kCommittee for the rest.
ActorKind ExpectedActor(RegistrationEvent event);

struct Registration {
  RegistrationId id;  // assigned by storage
  ApplicationKind register_kind = ApplicationKind::kAuditBody;
  OrganizationId holder;  // the audit body (for services: the provider; the service sits beside)
  std::string number;     // "A26-0001"
  Date registered_on;
  Date valid_until;  // the last valid day of the current period
  RegistrationState state = RegistrationState::kActive;
  std::optional<ApplicationId> pending_renewal;  // a renewal filed in time, awaiting the committee
  std::int64_t version = 1;                      // optimistic concurrency, as Application's
};

// The status on `on` (on or after the latest change; earlier days are the ledger's to tell).
RegistrationStatus StatusOn(const Registration& registration, const Date& on);

// kConflict (registration.stale_version).
core::Result<void> CheckVersion(const Registration& registration, std::int64_t expected_version);

// A registration number template: literal ASCII text with placeholders {yy} (two-digit year),
// {yyyy}, and exactly one {serial} or {serial:N} (zero-padded to N digits, 1 <= N <= 9). FACTS.md
// shows service numbers like "C21-0004-2" whose last digit's meaning is unconfirmed, hence a
// template rather than a fixed format.
class NumberTemplate {
 public:
  // The audit-body default, "A{yy}-{serial:4}" → "A26-0001".
  NumberTemplate();
  // kInvalidArgument (registration.bad_number_template) naming the problem: an unknown or
  // unclosed placeholder, a stray brace, no serial or two, a width out of range, a literal that is
  // not printable ASCII, more than 64 characters.
  static core::Result<NumberTemplate> Parse(std::string_view text);

  // The number of the `serial`-th registration in `year`. kInvalidArgument
  // (registration.bad_serial) for serial < 1 or a year outside 1..9999; kFailedPrecondition
  // (registration.serial_exhausted) when the serial needs more digits than the template gives.
  core::Result<std::string> Format(int year, std::int64_t serial) const;
  // Serials restart every year only when the number carries the year; otherwise they must not.
  bool has_year() const { return has_year_; }
  const std::string& text() const { return text_; }

 private:
  struct Empty {};
  explicit NumberTemplate(Empty /*unused*/) {}

  struct Part {
    enum Kind { kLiteral, kYear2, kYear4, kSerial } kind = kLiteral;
    std::string literal;
    int width = 0;  // kSerial: minimum digits, 0 for none
  };
  std::string text_;
  std::vector<Part> parts_;
  bool has_year_ = false;
};

// Configuration of a register.
struct RegistrationPolicy {
  // The validity of a registration (and of each renewal) in months. 36 for audit bodies is our
  // assumption: FACTS.md calls the period unconfirmed.
  int validity_months = 36;
  NumberTemplate number_template;
};
// kInvalidArgument (registration.bad_policy) unless 1 <= validity_months <= 120.
core::Result<void> ValidateRegistrationPolicy(const RegistrationPolicy& policy);

// The registration an approval creates: number from `serial`, registered on the decision's day in
// Japan, valid through AddMonthsCivil(registered_on, validity_months) (the period starts at the
// beginning of that day, so it is counted, 民法 140条 ただし書). Errors: kInvalidArgument
// committee.decision_for_other_item (not an approval of `application`'s item),
// registration.not_a_new_application (a renewal or change creates nothing); kFailedPrecondition
// registration.application_not_approved (apply the decision to the application first); the
// template's Format errors.
core::Result<Registration> RegisterOnApproval(const Application& application, const Decision& decision,
                                              const RegistrationPolicy& policy, std::int64_t serial);

// The same for the cloud service list, whose validity comes from the statement's audit period
// (RegistrationValidUntil) rather than from a number of months: valid through `valid_until`.
// kInvalidArgument registration.bad_validity when valid_until is before the registration day.
core::Result<Registration> RegisterOnApprovalUntil(const Application& application, const Decision& decision,
                                                   const NumberTemplate& number_template, std::int64_t serial,
                                                   const Date& valid_until);

// A renewal application submitted on `submitted_on`. kFailedPrecondition: registration.renewal_too_late
// (after valid_until), registration.renewal_already_pending, registration.illegal_transition.
core::Result<Registration> ApplyRenewalApplied(const Registration& registration, std::int64_t expected_version,
                                               ApplicationId renewal, const Date& submitted_on);

// The daily job on `today`. kFailedPrecondition: registration.not_yet_expired,
// registration.renewal_pending (a renewal filed in time keeps it valid), registration.illegal_transition.
core::Result<Registration> ApplyExpiry(const Registration& registration, std::int64_t expected_version,
                                       const Date& today);

// A committee decision. On an item for this registration: suspend, reinstate, revoke, withdraw,
// renew. On the registration's pending renewal application: approve renews, reject refuses the
// renewal (a registration past its validity then expires). A deferral changes nothing and returns
// the registration as it is. Renewal extends by policy.validity_months counted from the day after
// the current valid_until, so periods follow each other without gap or overlap. Errors: kConflict
// registration.stale_version; kInvalidArgument committee.decision_for_other_item,
// committee.reason_required; kFailedPrecondition registration.no_pending_renewal (renew without
// one), registration.illegal_transition (also for a registration already past its validity with no
// renewal pending: it has expired, even if the daily job has not run).
// `renewed_valid_until`, when given, is the new last day a renewal gives instead (cloud services:
// RegistrationValidUntil of the renewal's audit period); kFailedPrecondition
// registration.renewal_not_extending when it is not after the current valid_until.
core::Result<Registration> ApplyRegistrationDecision(const Registration& registration, std::int64_t expected_version,
                                                     const Decision& decision, const RegistrationPolicy& policy,
                                                     std::optional<Date> renewed_valid_until = std::nullopt);

// Engagement rules other workflows use. An audit body may take an engagement only while its
// registration is active or renewal_pending on `on` (kFailedPrecondition audit_body.not_registered
// naming the status, also before registered_on).
core::Result<void> MayTakeEngagement(const Registration& registration, const Date& on);
// Every auditor on the engagement holds at least one qualification and all of them are current on
// `on`. kFailedPrecondition: audit_body.no_current_auditor (no auditors), audit_body.auditor_unqualified,
// audit_body.qualification_expired (naming auditor and qualification).
core::Result<void> CheckEngagementAuditors(const std::vector<Auditor>& auditors, const Date& on);

// The audit body declares it did not help prepare the statement it audits (FACTS.md: independence).
struct IndependenceDeclaration {
  bool did_not_help_prepare_statement = false;
  std::string text;  // the declaration in the body's words
};
// kFailedPrecondition audit_body.independence_not_declared unless declared with a text.
core::Result<void> CheckIndependence(const IndependenceDeclaration& declaration);

}  // namespace ismap::domain
