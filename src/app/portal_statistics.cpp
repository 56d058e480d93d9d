#include "app/portal_statistics.hpp"

#include "domain/audit_body_registration.hpp"
#include "domain/ledger.hpp"

namespace ismap::app {
namespace {

// The ledger type of a cloud service application's submission (app/cloud_service_applications.cpp).
constexpr char kServiceSubmitted[] = "cloud_service.submitted";

core::Result<std::vector<domain::YearDurations>> Durations(storage::UnitOfWork& uow, domain::ApplicationKind kind,
                                                           const std::string& submitted_type) {
  ISMAP_ASSIGN_OR_RETURN(auto times, uow.Statistics().DecisionTimes(kind, submitted_type));
  std::vector<domain::Duration> durations;
  durations.reserve(times.size());
  for (const auto& time : times) {
    const domain::Date decided = domain::JapanDate(time.decided_at);
    durations.push_back({decided, domain::DaysBetween(domain::JapanDate(time.submitted_at), decided)});
  }
  return domain::SummariseByYear(durations);
}

}  // namespace

bool InForceOn(const storage::RegistrationLife& life, const domain::Date& on) {
  if (on < life.registration.registered_on) {
    return false;
  }
  domain::Registration as_then = life.registration;
  for (const auto& interval : life.history) {
    if (interval.from <= on && (!interval.to || on < *interval.to)) {
      as_then.state = interval.state;
    }
  }
  return domain::IsInForce(domain::StatusOn(as_then, on));
}

core::Result<PortalStatistics> ReadPortalStatistics(storage::Database& db, const Principal& principal,
                                                    const domain::Date& today) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadPublic));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto services, uow->Statistics().RegistrationLives(domain::ApplicationKind::kCloudService));
  ISMAP_ASSIGN_OR_RETURN(auto bodies, uow->Statistics().RegistrationLives(domain::ApplicationKind::kAuditBody));
  PortalStatistics stats;
  stats.today = today;
  for (const domain::Date& on : domain::MonthEnds(today, kStatisticsMonths)) {
    ListSizes sizes;
    sizes.on = on;
    for (const auto& life : services) {
      // A registration no service records is not on the list (as the list itself shows it).
      if (life.track && InForceOn(life, on)) {
        ++(*life.track == domain::Track::kLiu ? sizes.liu_services : sizes.ismap_services);
      }
    }
    for (const auto& life : bodies) {
      sizes.audit_bodies += InForceOn(life, on) ? 1 : 0;
    }
    stats.list_sizes.push_back(sizes);
  }
  ISMAP_ASSIGN_OR_RETURN(stats.service_decisions,
                         Durations(*uow, domain::ApplicationKind::kCloudService, kServiceSubmitted));
  ISMAP_ASSIGN_OR_RETURN(stats.audit_body_decisions,
                         Durations(*uow, domain::ApplicationKind::kAuditBody, domain::kEventAuditBodySubmitted));
  return stats;
}

}  // namespace ismap::app
