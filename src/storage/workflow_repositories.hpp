// Repository interfaces for the application workflow shared by both registers (DESIGN.md §4):
// applications and what they say, the evaluator's checklist, committee meetings and decisions, and
// registrations with their status history. Included by database.hpp; UnitOfWork hands them out.
//
// Optimistic concurrency: Update methods write only when the stored version is the one the caller
// read (`WHERE id = ? AND version = ?`) and report kConflict (application.stale_version,
// registration.stale_version) when no row matched; nothing is overwritten.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/audit_body.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/committee.hpp"
#include "domain/date.hpp"

namespace ismap::storage {

// An audit body's application content with the contact the public list shows.
struct AuditBodyDossier {
  domain::AuditBodyApplicationContent content;
  std::string contact_email;
  std::string contact_phone;
};

class ApplicationRepository {
 public:
  virtual ~ApplicationRepository() = default;
  // Stores a new application (its id is ignored) and returns it with its id.
  virtual core::Result<domain::Application> Insert(const domain::Application& application, core::TimePoint now) = 0;
  virtual core::Result<domain::Application> Get(domain::ApplicationId id) = 0;  // kNotFound application.not_found
  // Writes every mutable field of `application` when the stored version is `expected_version`.
  // kConflict (application.stale_version) otherwise.
  virtual core::Result<void> Update(const domain::Application& application, std::int64_t expected_version) = 0;
  // One organisation's applications of `kind`, newest first.
  virtual core::Result<std::vector<domain::Application>> ListByApplicant(domain::ApplicationKind kind,
                                                                         domain::OrganizationId applicant, int limit,
                                                                         int offset) = 0;
  // Applications of `kind` in any of `states`, oldest state_since first (a queue).
  virtual core::Result<std::vector<domain::Application>> ListByStates(
      domain::ApplicationKind kind, const std::vector<domain::ApplicationState>& states, int limit, int offset) = 0;

  // An audit body's content, replaced whole. kNotFound (application.not_found) without the application.
  virtual core::Result<void> PutAuditBodyContent(domain::ApplicationId id, const AuditBodyDossier& dossier) = 0;
  // kNotFound (application.content_not_found).
  virtual core::Result<AuditBodyDossier> GetAuditBodyContent(domain::ApplicationId id) = 0;

  // The evaluation of an application, replaced whole.
  virtual core::Result<void> PutEvaluation(domain::ApplicationId id, const domain::Evaluation& evaluation) = 0;
  virtual core::Result<std::optional<domain::Evaluation>> GetEvaluation(domain::ApplicationId id) = 0;
};

class RequirementSetRepository {
 public:
  virtual ~RequirementSetRepository() = default;
  // kAlreadyExists (requirement_set.duplicate_version).
  virtual core::Result<void> Insert(const domain::RequirementSet& set, core::TimePoint now) = 0;
  virtual core::Result<domain::RequirementSet> Get(const std::string& version) = 0;  // kNotFound
  // The most recently stored set. kNotFound (requirement_set.not_found) when there is none.
  virtual core::Result<domain::RequirementSet> Current() = 0;
};

class CommitteeRepository {
 public:
  virtual ~CommitteeRepository() = default;
  virtual core::Result<domain::Meeting> InsertMeeting(const domain::Date& date, core::TimePoint now) = 0;
  // With members present, agenda (in the order added) and decisions. kNotFound (committee.meeting_not_found).
  virtual core::Result<domain::Meeting> GetMeeting(domain::MeetingId id) = 0;
  // Newest date first, each complete.
  virtual core::Result<std::vector<domain::Meeting>> ListMeetings(int limit, int offset) = 0;
  virtual core::Result<void> SetMembersPresent(domain::MeetingId id, const std::vector<domain::UserId>& members) = 0;
  // kAlreadyExists (committee.already_on_agenda).
  virtual core::Result<void> AddAgendaItem(domain::MeetingId id, const domain::AgendaItem& item) = 0;
  // kAlreadyExists (committee.already_decided): one decision per meeting and item.
  virtual core::Result<void> InsertDecision(const domain::Decision& decision) = 0;
};

// One interval of a registration's status history: [from, to), `to` absent for the current one.
struct StatusInterval {
  domain::Date from;
  std::optional<domain::Date> to;
  domain::RegistrationState state = domain::RegistrationState::kActive;
};

// A line of the public audit body list: the registration, its holder's names, and the contact the
// holder gave in its latest approved application (empty when none has one).
struct AuditBodyListing {
  domain::Registration registration;
  std::string name_ja;
  std::string name_en;
  std::string contact_email;
  std::string contact_phone;
  // The stored state on the day asked about, from the status history (absent in the odd case of
  // no interval covering that day): what the list said then, not what it says now.
  std::optional<domain::RegistrationState> state_on;
};

class RegistrationRepository {
 public:
  virtual ~RegistrationRepository() = default;
  // The next serial for numbers of `kind` in `year` (0 when the numbers do not carry the year):
  // 1, 2, 3, ... never repeated, even across instances. REQUIRES: a write transaction.
  virtual core::Result<std::int64_t> NextSerial(domain::ApplicationKind kind, int year) = 0;
  // Stores a new registration and opens its history at registered_on. kAlreadyExists
  // (registration.duplicate_number).
  virtual core::Result<domain::Registration> Insert(const domain::Registration& registration, core::TimePoint now) = 0;
  virtual core::Result<domain::Registration> Get(domain::RegistrationId id) = 0;  // kNotFound registration.not_found
  // Writes state, valid_until, pending renewal and version when the stored version is
  // `expected_version` (kConflict registration.stale_version otherwise); a change of state closes
  // the open history interval on `effective_on` and opens one with the new state.
  virtual core::Result<void> Update(const domain::Registration& registration, std::int64_t expected_version,
                                    const domain::Date& effective_on) = 0;
  // Every registration of `kind` registered on or before `on`, by number.
  virtual core::Result<std::vector<domain::Registration>> List(domain::ApplicationKind kind,
                                                               const domain::Date& on) = 0;
  // Every audit-body registration registered on or before `on`, by number, with what the public
  // list shows beside it: one query, however long the list.
  virtual core::Result<std::vector<AuditBodyListing>> ListAuditBodyListing(const domain::Date& on) = 0;
  // The holder's registrations of `kind`, newest first.
  virtual core::Result<std::vector<domain::Registration>> ListByHolder(domain::ApplicationKind kind,
                                                                       domain::OrganizationId holder) = 0;
  // Active or suspended registrations whose validity ended before `today` (candidates for expiry).
  virtual core::Result<std::vector<domain::Registration>> ListExpiring(domain::ApplicationKind kind,
                                                                       const domain::Date& today) = 0;
  // The history, oldest first.
  virtual core::Result<std::vector<StatusInterval>> History(domain::RegistrationId id) = 0;
};

}  // namespace ismap::storage
