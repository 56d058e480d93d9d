// What pages and the API show about audit bodies beyond one application (issue 6): an audit body's
// public record, the queue with who applied and how long each item has waited, and monitoring —
// an audit body's registrations, applications, returns and findings over time, for reviewers,
// evaluators and the secretariat. Read-only; who may see what is app/authorization.cpp's.
//
// Engagements (audits of cloud services, with their returned reports and findings) arrive with the
// cloud-service lifecycle (issue 7); monitoring shows the audit body's own record until then.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_bodies.hpp"
#include "app/authorization.hpp"
#include "app/committee.hpp"
#include "app/documents.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/date.hpp"
#include "domain/organization.hpp"
#include "storage/database.hpp"

namespace ismap::app {

struct RegistrationRecord {
  domain::Registration registration;
  domain::RegistrationStatus status = domain::RegistrationStatus::kActive;  // on the day asked about
  std::vector<storage::StatusInterval> history;                             // oldest first
};

// An audit body as the public sees it on a day: its line of the list and its registrations.
struct PublicAuditBodyRecord {
  PublicAuditBody listing;                        // the latest registration's line
  std::vector<RegistrationRecord> registrations;  // newest first
};

// kNotFound (audit_body.not_listed) unless the organisation held an audit-body registration
// registered on or before `on` (the public learns nothing about others). kReadPublic.
core::Result<PublicAuditBodyRecord> GetPublicAuditBody(storage::Database& db, const Principal& principal,
                                                       domain::OrganizationId organization, const domain::Date& on);

// One line of a work queue.
struct QueueEntry {
  domain::Application application;
  std::string applicant_name_ja;
  std::string applicant_name_en;
  std::int64_t days_waiting = 0;  // calendar days in Japan since state_since
  bool overdue = false;           // waiting longer than settings.overdue_days
};

// AuditBodyApplicationQueue with names and waiting times (kReadAuditBodyQueue).
core::Result<std::vector<QueueEntry>> ListAuditBodyQueue(storage::Database& db, const core::Clock& clock,
                                                         const AuditBodySettings& settings, const Principal& principal,
                                                         int limit, int offset);

// Something that happened to an audit body's application or registration, from the ledger.
struct TimelineEntry {
  core::TimePoint at;
  std::string type;     // the ledger event type: "audit_body.returned", "registration.suspend", ...
  std::string subject;  // "application/12", "registration/3"
  std::string reason;   // the reason or note given with it, if any
};

struct MonitoredApplication {
  domain::Application application;
  int returns = 0;                               // times it was returned for correction
  std::vector<domain::ItemAssessment> findings;  // checklist items marked not met, with notes
};

struct AuditBodyMonitoring {
  domain::Organization organization;
  std::vector<RegistrationRecord> registrations;   // newest first, status today
  std::vector<MonitoredApplication> applications;  // newest first
  std::vector<TimelineEntry> timeline;             // oldest first
};

// The caller's organisation's registrations, newest first, with when each is due for renewal
// (settings.renewal_notice_days before its validity ends) and whether it is due today in Japan.
struct OwnRegistration {
  RegistrationRecord record;
  domain::Date renewal_due_from;
  bool renewal_due = false;
};
// kReadAuditBodyApplication for the caller's own organisation; empty for callers without one.
core::Result<std::vector<OwnRegistration>> ListOwnRegistrations(storage::Database& db, const core::Clock& clock,
                                                                const AuditBodySettings& settings,
                                                                const Principal& principal);

// Who reads the documents of subject "audit_body_application/<id>": the applicant organisation,
// and evaluators, reviewers and committee members (the same people who see the application).
// Registered by Services for every front end.
void RegisterAuditBodyDocumentReaders(DocumentReaders& readers);

// kMonitorAuditBodies. kNotFound (organization.not_found) for an unknown organisation, and
// kInvalidArgument (audit_body.not_an_audit_body) for one of another kind.
core::Result<AuditBodyMonitoring> MonitorAuditBody(storage::Database& db, const core::Clock& clock,
                                                   const Principal& principal, domain::OrganizationId organization);

}  // namespace ismap::app
