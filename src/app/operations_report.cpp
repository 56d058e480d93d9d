#include "app/operations_report.hpp"

#include "app/portal_statistics.hpp"

namespace ismap::app {
namespace {

using domain::ReportGroup;

std::optional<ReportGroup> GroupOf(domain::ApplicationKind kind, const std::optional<domain::Track>& track) {
  if (kind == domain::ApplicationKind::kAuditBody) {
    return ReportGroup::kAuditBodies;
  }
  if (!track) {
    return std::nullopt;  // no service records it: not on either list (as the statistics judge it)
  }
  return *track == domain::Track::kLiu ? ReportGroup::kLiu : ReportGroup::kIsmap;
}

core::Result<void> ReadApplications(storage::UnitOfWork& uow, domain::ApplicationKind kind,
                                    std::vector<domain::ApplicationHistory>& out) {
  ISMAP_ASSIGN_OR_RETURN(auto timelines, uow.Statistics().ApplicationTimelines(kind));
  for (auto& t : timelines) {
    const auto group = GroupOf(kind, t.track);
    if (!group) {
      continue;
    }
    out.push_back({t.id, *group, t.model, t.purpose, t.state, t.state_since, std::move(t.changes)});
  }
  return core::Ok();
}

core::Result<void> ReadRegistrations(storage::UnitOfWork& uow, domain::ApplicationKind kind,
                                     const domain::ReportPeriod& period, const domain::Date& today,
                                     std::vector<domain::RegistrationFacts>& out) {
  ISMAP_ASSIGN_OR_RETURN(auto lives, uow.Statistics().RegistrationLives(kind));
  for (const auto& life : lives) {
    const auto group = GroupOf(kind, life.track);
    if (!group) {
      continue;
    }
    out.push_back({*group, life.model, life.registration.registered_on, InForceOn(life, period.to),
                   domain::LapsedOn(life.registration, today)});
  }
  return core::Ok();
}

}  // namespace

core::Result<OperationsReport> ReadOperationsReport(storage::Database& db, const Principal& principal,
                                                    const domain::ReportPeriod& period, const domain::Date& today) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadOperationsReport));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  std::vector<domain::ApplicationHistory> applications;
  std::vector<domain::RegistrationFacts> registrations;
  for (const auto kind : {domain::ApplicationKind::kCloudService, domain::ApplicationKind::kAuditBody}) {
    ISMAP_RETURN_IF_ERROR(ReadApplications(*uow, kind, applications));
    ISMAP_RETURN_IF_ERROR(ReadRegistrations(*uow, kind, period, today, registrations));
  }
  OperationsReport report{today, domain::ComputeReportFigures(period, applications, registrations), {}, {}};
  ISMAP_ASSIGN_OR_RETURN(report.confirmations, uow->UnregisteredServices().CountInPeriod(period.from, period.to));
  ISMAP_ASSIGN_OR_RETURN(report.feedback, uow->Feedback().CountCreatedBetween(period.from, period.to));
  return report;
}

}  // namespace ismap::app
