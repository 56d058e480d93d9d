#include "app/public_service_detail.hpp"

#include <nlohmann/json.hpp>

#include "app/ledger.hpp"

namespace ismap::app {
namespace {

// Enough for any one registration's life: a few events a year.
constexpr int kHistoryEvents = 1000;
// A provider has few engagements; the newest report on the registered statement is among them.
constexpr int kEngagements = 1000;

std::optional<domain::Date> DateAt(const nlohmann::json& payload, const char* name) {
  const auto it = payload.find(name);
  if (it == payload.end() || !it->is_string()) {
    return std::nullopt;
  }
  auto parsed = domain::ParseDate(it->get<std::string>());
  return parsed.has_value() ? std::optional<domain::Date>(*parsed) : std::nullopt;
}

// The public history from the registration's ledger events: the public part of each payload only
// (the validity and the day), never its reason, meeting or application.
core::Result<std::vector<RegistrationHistoryEntry>> HistoryOf(storage::UnitOfWork& uow, domain::RegistrationId id,
                                                              const domain::Date& on) {
  ISMAP_ASSIGN_OR_RETURN(auto events, uow.Ledger().ListBySubject(RegistrationSubject(id), kHistoryEvents));
  std::vector<RegistrationHistoryEntry> history;
  for (const auto& event : events) {
    const auto name = domain::PublicRegistrationEvent(event.entry.type);
    if (!name) {
      continue;
    }
    auto payload = nlohmann::json::parse(event.entry.payload_json, nullptr, /*allow_exceptions=*/false);
    if (!payload.is_object()) {
      payload = nlohmann::json::object();
    }
    RegistrationHistoryEntry entry;
    entry.event = std::string(*name);
    // The day it took effect: the registration day for the first event, the job's day for an
    // expiry, otherwise the day in Japan it was recorded (a decision takes effect on its day).
    const auto effective = DateAt(payload, *name == "published" ? "registered_on" : "on");
    entry.on = effective ? *effective : domain::JapanDate(event.occurred_at);
    entry.valid_until = DateAt(payload, "valid_until");
    if (on < entry.on) {
      continue;  // the record as it stood that day
    }
    history.push_back(std::move(entry));
  }
  return history;
}

// The audit body of the newest report issued on the registered statement, as the list names it.
core::Result<std::optional<domain::OrganizationId>> AuditBodyOf(storage::UnitOfWork& uow,
                                                                const domain::CloudService& service) {
  std::optional<domain::OrganizationId> body;
  if (!service.registered_statement) {
    return body;
  }
  ISMAP_ASSIGN_OR_RETURN(auto engagements, uow.Engagements().ListByProvider(service.provider, kEngagements, 0));
  std::optional<domain::EngagementId> newest;
  for (const auto& engagement : engagements) {
    if (engagement.statement == *service.registered_statement &&
        engagement.state == domain::EngagementState::kReportIssued &&
        (!newest || newest->value() < engagement.id.value())) {
      newest = engagement.id;
      body = engagement.audit_body;
    }
  }
  return body;
}

}  // namespace

core::Result<PublicServiceRecord> GetPublicServiceRecord(storage::Database& db, CloudServices& cloud_services,
                                                         const Principal& principal, domain::ServiceId id,
                                                         const domain::Date& on) {
  PublicServiceRecord record;
  // Authorises kReadPublic and answers not found for a service off the list that day.
  ISMAP_ASSIGN_OR_RETURN(record.line, cloud_services.GetPublic(principal, id, on));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto service, uow->Services().Get(id));
  if (service.registered_statement) {
    ISMAP_ASSIGN_OR_RETURN(auto statement, uow->Statements().Get(*service.registered_statement));
    domain::EditionContent edition;
    ISMAP_ASSIGN_OR_RETURN(edition.controls, uow->Catalog().Controls(statement.edition));
    record.controls_by_chapter = domain::ControlsByChapter(edition, statement.entries);
  }
  ISMAP_ASSIGN_OR_RETURN(record.audit_body, AuditBodyOf(*uow, service));
  ISMAP_ASSIGN_OR_RETURN(record.history, HistoryOf(*uow, record.line.registration_id, on));
  return record;
}

}  // namespace ismap::app
