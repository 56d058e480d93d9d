#include "app/audit_body_views.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "app/ledger.hpp"
#include "domain/deadline.hpp"

namespace ismap::app {
namespace {

using domain::ApplicationKind;

// The line of the public list for `registration` on `on`. The contact is the one the holder gave in
// its latest approved application: the list shows what the committee approved, not drafts.
core::Result<PublicAuditBody> ListingLine(storage::UnitOfWork& uow, const domain::Registration& registration,
                                          const domain::Date& on) {
  PublicAuditBody entry;
  entry.registration_id = registration.id;
  entry.holder = registration.holder;
  entry.number = registration.number;
  entry.registered_on = registration.registered_on;
  entry.valid_until = registration.valid_until;
  entry.status = domain::StatusOn(registration, on);
  ISMAP_ASSIGN_OR_RETURN(auto org, uow.Organizations().Get(registration.holder));
  entry.name_ja = org.name_ja;
  entry.name_en = org.name_en;
  ISMAP_ASSIGN_OR_RETURN(auto applications,
                         uow.Applications().ListByApplicant(ApplicationKind::kAuditBody, registration.holder, 100, 0));
  for (const auto& application : applications) {
    if (application.state == domain::ApplicationState::kApproved) {
      auto dossier = uow.Applications().GetAuditBodyContent(application.id);
      if (dossier.has_value()) {
        entry.contact_email = dossier->contact_email;
        entry.contact_phone = dossier->contact_phone;
        break;
      }
    }
  }
  return entry;
}

core::Result<std::vector<RegistrationRecord>> RegistrationRecords(storage::UnitOfWork& uow,
                                                                  domain::OrganizationId holder,
                                                                  const domain::Date& on) {
  ISMAP_ASSIGN_OR_RETURN(auto registrations, uow.Registrations().ListByHolder(ApplicationKind::kAuditBody, holder));
  std::vector<RegistrationRecord> records;
  for (auto& registration : registrations) {
    if (on < registration.registered_on) {
      continue;
    }
    RegistrationRecord record;
    ISMAP_ASSIGN_OR_RETURN(record.history, uow.Registrations().History(registration.id));
    // The state the history gives for `on` (as the list does), not today's.
    domain::Registration as_then = registration;
    for (const auto& interval : record.history) {
      if (interval.from <= on && (!interval.to || on < *interval.to)) {
        as_then.state = interval.state;
      }
    }
    record.status = domain::StatusOn(as_then, on);
    record.registration = std::move(registration);
    records.push_back(std::move(record));
  }
  return records;
}

// The reason or note a workflow event carries in its payload, if any.
std::string ReasonOf(const std::string& payload_json) {
  const auto payload = nlohmann::json::parse(payload_json, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) {
    return {};
  }
  for (const char* key : {"reason", "note"}) {
    if (auto it = payload.find(key); it != payload.end() && it->is_string() && !it->get<std::string>().empty()) {
      return it->get<std::string>();
    }
  }
  return {};
}

// Enough for any one subject's history; a subject with more is shown by its latest state anyway.
constexpr int kEventsPerSubject = 500;

core::Result<void> AddTimeline(storage::UnitOfWork& uow, const std::string& subject,
                               std::vector<TimelineEntry>& timeline, int* returns) {
  ISMAP_ASSIGN_OR_RETURN(auto events, uow.Ledger().ListBySubject(subject, kEventsPerSubject));
  for (const auto& event : events) {
    if (returns != nullptr && event.entry.type == domain::kEventAuditBodyReturned) {
      ++*returns;
    }
    timeline.push_back({event.occurred_at, event.entry.type, event.entry.subject, ReasonOf(event.entry.payload_json)});
  }
  return core::Ok();
}

}  // namespace

core::Result<std::vector<PublicAuditBody>> ListPublicAuditBodies(storage::Database& db, const Principal& principal,
                                                                 const domain::Date& on) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadPublic));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  // One query for the whole list: read by the public every day, it must not cost a query per body.
  ISMAP_ASSIGN_OR_RETURN(auto lines, uow->Registrations().ListAuditBodyListing(on));
  std::vector<PublicAuditBody> list;
  list.reserve(lines.size());
  for (auto& line : lines) {
    PublicAuditBody entry;
    entry.registration_id = line.registration.id;
    entry.holder = line.registration.holder;
    entry.number = std::move(line.registration.number);
    entry.registered_on = line.registration.registered_on;
    entry.valid_until = line.registration.valid_until;
    // The state the history gives for that day, so a past day's list says what it said then.
    if (line.state_on) {
      line.registration.state = *line.state_on;
    }
    entry.status = domain::StatusOn(line.registration, on);
    entry.name_ja = std::move(line.name_ja);
    entry.name_en = std::move(line.name_en);
    entry.contact_email = std::move(line.contact_email);
    entry.contact_phone = std::move(line.contact_phone);
    list.push_back(std::move(entry));
  }
  return list;
}

core::Result<PublicAuditBodyRecord> GetPublicAuditBody(storage::Database& db, const Principal& principal,
                                                       domain::OrganizationId organization, const domain::Date& on) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadPublic));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  PublicAuditBodyRecord record;
  ISMAP_ASSIGN_OR_RETURN(record.registrations, RegistrationRecords(*uow, organization, on));
  if (record.registrations.empty()) {
    return core::MakeError(core::ErrorCode::kNotFound, "audit_body.not_listed",
                           "no audit body with this id is on the list");
  }
  ISMAP_ASSIGN_OR_RETURN(record.listing, ListingLine(*uow, record.registrations.front().registration, on));
  record.listing.status = record.registrations.front().status;  // from the history, as the list says
  return record;
}

core::Result<std::vector<QueueEntry>> ListAuditBodyQueue(storage::Database& db, const core::Clock& clock,
                                                         const AuditBodySettings& settings, const Principal& principal,
                                                         int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(auto applications, AuditBodyApplicationQueue(db, principal, limit, offset));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  // The applicants' names in one query, not one per line.
  std::vector<domain::OrganizationId> applicants;
  applicants.reserve(applications.size());
  for (const auto& application : applications) {
    applicants.push_back(application.applicant);
  }
  ISMAP_ASSIGN_OR_RETURN(auto organizations, uow->Organizations().GetMany(applicants));
  std::unordered_map<std::int64_t, domain::Organization*> by_id;
  for (auto& org : organizations) {
    by_id[org.id.value()] = &org;
  }
  const core::TimePoint now = clock.Now();
  std::vector<QueueEntry> queue;
  queue.reserve(applications.size());
  for (auto& application : applications) {
    QueueEntry entry;
    if (const auto it = by_id.find(application.applicant.value()); it != by_id.end()) {
      entry.applicant_name_ja = it->second->name_ja;
      entry.applicant_name_en = it->second->name_en;
    }
    entry.days_waiting = domain::DaysWaiting(application.state_since, now);
    entry.overdue = domain::IsOverdue(application.state_since, now, settings.overdue_days);
    entry.application = std::move(application);
    queue.push_back(std::move(entry));
  }
  return queue;
}

core::Result<std::vector<OwnRegistration>> ListOwnRegistrations(storage::Database& db, const core::Clock& clock,
                                                                const AuditBodySettings& settings,
                                                                const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadAuditBodyApplication));
  if (!principal.user) {
    return std::vector<OwnRegistration>();
  }
  Resource own;
  own.organization = principal.user->organization_id;
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadAuditBodyApplication, own));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  const domain::Date today = domain::JapanDate(clock.Now());
  ISMAP_ASSIGN_OR_RETURN(auto records, RegistrationRecords(*uow, principal.user->organization_id, today));
  std::vector<OwnRegistration> out;
  out.reserve(records.size());
  for (auto& record : records) {
    OwnRegistration own_registration;
    own_registration.renewal_due_from =
        domain::RenewalDueFrom(record.registration.valid_until, settings.renewal_notice_days);
    own_registration.renewal_due = domain::IsRenewalDue(record.registration, today, settings.renewal_notice_days);
    own_registration.record = std::move(record);
    out.push_back(std::move(own_registration));
  }
  return out;
}

void RegisterAuditBodyDocumentReaders(DocumentReaders& readers) {
  readers.Register(
      "audit_body_application", [](storage::UnitOfWork& uow, std::string_view subject_id) -> core::Result<Readers> {
        std::int64_t id = 0;
        const auto [end, ec] = std::from_chars(subject_id.data(), subject_id.data() + subject_id.size(), id);
        Readers out;  // an unknown application: its documents stay the owner's
        if (ec != std::errc() || end != subject_id.data() + subject_id.size() || id < 1) {
          return out;
        }
        auto application = uow.Applications().Get(domain::ApplicationId(id));
        if (!application) {
          return application.error().code == core::ErrorCode::kNotFound
                     ? core::Result<Readers>(out)
                     : core::Result<Readers>(core::Unexpected(application.error()));
        }
        out.organizations = {application->applicant};
        out.roles = {domain::Role::kEvaluator, domain::Role::kReviewer, domain::Role::kCommitteeMember};
        return out;
      });
}

core::Result<AuditBodyMonitoring> MonitorAuditBody(storage::Database& db, const core::Clock& clock,
                                                   const Principal& principal, domain::OrganizationId organization) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kMonitorAuditBodies));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  AuditBodyMonitoring monitoring;
  ISMAP_ASSIGN_OR_RETURN(monitoring.organization, uow->Organizations().Get(organization));
  if (monitoring.organization.kind != domain::OrganizationKind::kAuditBody) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "audit_body.not_an_audit_body",
                           "this organisation is not an audit body");
  }
  ISMAP_ASSIGN_OR_RETURN(monitoring.registrations,
                         RegistrationRecords(*uow, organization, domain::JapanDate(clock.Now())));
  for (const auto& record : monitoring.registrations) {
    ISMAP_RETURN_IF_ERROR(AddTimeline(*uow, RegistrationSubject(record.registration.id), monitoring.timeline, nullptr));
  }
  // Every application the body ever made: the page is about its whole record.
  constexpr int kPage = 500;
  for (int offset = 0;; offset += kPage) {
    ISMAP_ASSIGN_OR_RETURN(
        auto page, uow->Applications().ListByApplicant(ApplicationKind::kAuditBody, organization, kPage, offset));
    for (auto& application : page) {
      MonitoredApplication monitored;
      ISMAP_RETURN_IF_ERROR(
          AddTimeline(*uow, ApplicationSubject(application.id), monitoring.timeline, &monitored.returns));
      ISMAP_ASSIGN_OR_RETURN(auto evaluation, uow->Applications().GetEvaluation(application.id));
      if (evaluation) {
        for (auto& item : evaluation->items) {
          if (item.verdict == domain::ItemVerdict::kNotMet) {
            monitored.findings.push_back(std::move(item));
          }
        }
      }
      monitored.application = std::move(application);
      monitoring.applications.push_back(std::move(monitored));
    }
    if (static_cast<int>(page.size()) < kPage) {
      break;
    }
  }
  std::stable_sort(monitoring.timeline.begin(), monitoring.timeline.end(),
                   [](const TimelineEntry& a, const TimelineEntry& b) { return a.at < b.at; });
  return monitoring;
}

}  // namespace ismap::app
