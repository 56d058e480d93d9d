// Use cases of the steering committee (issue 6): the secretariat creates meetings, puts recommended
// applications and registrations on their agendas and records attendance; committee members decide
// agenda items, and only their decisions change applications and registrations (an approval of a
// new application creates the registration with the next number; suspend, reinstate, revoke,
// withdraw and renew act on registrations). The daily job expires registrations whose validity has
// run out, and the public list shows every audit body's registration. Each change is one
// transaction with its ledger events; who may do what is decided in app/authorization.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/audit_bodies.hpp"
#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/committee.hpp"
#include "domain/date.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// The secretariat's commands. A meeting may not be created for a day already past in Japan
// (kFailedPrecondition committee.meeting_past). Records committee.meeting_created.
core::Result<domain::Meeting> CreateMeeting(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                            const domain::Date& date);
core::Result<domain::Meeting> GetMeeting(storage::Database& db, const Principal& principal, domain::MeetingId id);
// Newest date first, each with its attendance, agenda and decisions. REQUIRES: 1 <= limit <= 500.
core::Result<std::vector<domain::Meeting>> ListMeetings(storage::Database& db, const Principal& principal, int limit,
                                                        int offset);

// Puts `item` on the meeting's agenda (domain AddToAgenda's errors). An application must be of the
// item's register and recommended; it moves to committee, issued against its current version. A
// registration must exist in the item's register. Records committee.agenda_added.
core::Result<domain::Meeting> AddToAgenda(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                          domain::MeetingId meeting, const domain::AgendaItem& item);

// Replaces the members present; each must be a user holding the committee member role
// (kInvalidArgument committee.not_a_member). Records committee.attendance_recorded.
core::Result<domain::Meeting> RecordAttendance(storage::Database& db, const core::Clock& clock,
                                               const Principal& principal, domain::MeetingId meeting,
                                               const std::vector<domain::UserId>& members_present);

// What a decision changed.
struct DecisionResult {
  domain::Decision decision;
  std::optional<domain::Application> application;    // an application item, after the decision
  std::optional<domain::Registration> registration;  // created, or changed, or as it is after a deferral
};

// A committee member decides an agenda item (domain Decide's errors; a second decision is refused
// with kAlreadyExists or kFailedPrecondition committee.already_decided). An application is decided
// with ApplyDecision; approving a new one creates its registration (registration.created), a
// renewal's approval or rejection acts on the registration it names. A registration item goes
// through ApplyRegistrationDecision. Records committee.decided and registration.<event>.
core::Result<DecisionResult> Decide(storage::Database& db, const core::Clock& clock, const AuditBodySettings& settings,
                                    const Principal& principal, domain::MeetingId meeting,
                                    const domain::AgendaItem& item, domain::DecisionOutcome outcome,
                                    const std::string& reason);

// The daily job: expires every registration (both registers) whose validity ended before `today`
// with no renewal pending, recording registration.expire for each. Idempotent: a second run on the
// same day changes nothing. Returns how many expired.
core::Result<int> ExpireRegistrations(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                      const domain::Date& today);

// One line of the public audit body list.
struct PublicAuditBody {
  domain::RegistrationId registration_id;
  domain::OrganizationId holder;
  std::string name_ja;
  std::string name_en;
  std::string number;
  domain::Date registered_on;
  domain::Date valid_until;
  domain::RegistrationStatus status = domain::RegistrationStatus::kActive;  // on the requested day
  std::string contact_email;  // from the holder's latest approved application
  std::string contact_phone;
};

// Every audit-body registration registered on or before `on`, by number, with its status on `on`.
// Public (Action::kReadPublic).
core::Result<std::vector<PublicAuditBody>> ListPublicAuditBodies(storage::Database& db, const Principal& principal,
                                                                 const domain::Date& on);

}  // namespace ismap::app
