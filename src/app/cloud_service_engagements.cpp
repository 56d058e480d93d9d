// Audit engagements (app/cloud_services.hpp): the provider requests and withdraws, the engaged
// audit body accepts, declines, records per-control results and issues the report.
#include <nlohmann/json.hpp>

#include "app/cloud_service_internal.hpp"
#include "app/cloud_services.hpp"
#include "app/ledger.hpp"
#include "app/notifications.hpp"
#include "app/workflow_notifications.hpp"
#include "domain/date.hpp"

namespace ismap::app {

using cloud_internal::EngagementSubject;
using cloud_internal::OwnedBy;

namespace {

// The audit body's current registration on the audit body list. kFailedPrecondition
// audit_body.not_registered when it has none.
core::Result<domain::Registration> BodyRegistration(storage::UnitOfWork& uow, domain::OrganizationId audit_body) {
  ISMAP_ASSIGN_OR_RETURN(auto registrations,
                         uow.Registrations().ListByHolder(domain::ApplicationKind::kAuditBody, audit_body));
  if (registrations.empty()) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "audit_body.not_registered",
                           "this organisation is not on the audit body list");
  }
  return registrations.front();  // newest first
}

core::Result<EngagementView> MakeView(storage::UnitOfWork& uow, domain::Engagement engagement, bool with_statement) {
  EngagementView view;
  ISMAP_ASSIGN_OR_RETURN(view.service, uow.Services().Get(engagement.service));
  ISMAP_ASSIGN_OR_RETURN(auto body, uow.Organizations().Get(engagement.audit_body));
  view.audit_body_name_ja = body.name_ja;
  view.audit_body_name_en = body.name_en;
  if (with_statement) {
    ISMAP_ASSIGN_OR_RETURN(view.statement, uow.Statements().Get(engagement.statement));
  }
  view.engagement = std::move(engagement);
  return view;
}

nlohmann::json Payload(const domain::Engagement& e) {
  return {{"state", domain::ToString(e.state)},
          {"version", e.version},
          {"service", e.service.value()},
          {"statement", e.statement.value()},
          {"audit_body", e.audit_body.value()}};
}

core::Result<void> Tell(storage::UnitOfWork& uow, const core::Clock& clock, std::vector<domain::UserId> users,
                        const domain::Engagement& engagement, const std::string& kind, std::string title_ja,
                        std::string title_en) {
  if (users.empty()) {
    return core::Ok();
  }
  domain::NotificationRequest request;
  request.kind = kind;
  request.subject = EngagementSubject(engagement.id);
  request.link = "/engagements/" + std::to_string(engagement.id.value());
  request.text.title_ja = std::move(title_ja);
  request.text.title_en = std::move(title_en);
  ISMAP_RETURN_IF_ERROR(Notify(uow, clock, users, request));
  return core::Ok();
}

}  // namespace

core::Result<EngagementView> CloudServices::RequestEngagement(const Principal& principal,
                                                              domain::StatementId statement_id,
                                                              domain::OrganizationId audit_body) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto statement, uow->Statements().Get(statement_id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices, OwnedBy(statement.provider)));
  ISMAP_ASSIGN_OR_RETURN(auto service, uow->Services().Get(statement.service));
  ISMAP_ASSIGN_OR_RETURN(auto body, uow->Organizations().Get(audit_body));
  if (body.kind != domain::OrganizationKind::kAuditBody) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "audit_body.not_registered",
                           "this organisation is not on the audit body list");
  }
  ISMAP_ASSIGN_OR_RETURN(auto registration, BodyRegistration(*uow, audit_body));
  const core::TimePoint now = clock_.Now();
  ISMAP_ASSIGN_OR_RETURN(auto engagement, domain::RequestEngagement(service, statement, audit_body, registration,
                                                                    domain::JapanDate(now), now));
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->Engagements().Insert(engagement));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(),
                                    "engagement.requested", EngagementSubject(stored.id), Payload(stored).dump()));
  ISMAP_ASSIGN_OR_RETURN(auto admins, RegisterAdmins(*uow, domain::ApplicationKind::kAuditBody, audit_body));
  ISMAP_RETURN_IF_ERROR(
      Tell(*uow, clock_, admins, stored, "engagement.requested", "監査の依頼が届きました：" + service.name_ja,
           "An audit was requested: " + (service.name_en.empty() ? service.name_ja : service.name_en)));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, std::move(stored), false));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

namespace {

// Loads an engagement for the audit body's commands: the caller must be its user.
template <class Step>
core::Result<EngagementView> BodyCommand(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                         domain::EngagementId id, const char* event, Step step) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto engagement, uow->Engagements().Get(id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kAuditCloudService, OwnedBy(engagement.audit_body)));
  const std::int64_t before = engagement.version;
  ISMAP_ASSIGN_OR_RETURN(auto next, step(*uow, engagement));
  ISMAP_RETURN_IF_ERROR(uow->Engagements().Update(next, before));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(), event,
                                    EngagementSubject(id), Payload(next).dump()));
  if (std::string_view(event) != "engagement.results_recorded") {
    ISMAP_ASSIGN_OR_RETURN(auto admins, RegisterAdmins(*uow, domain::ApplicationKind::kCloudService, next.provider));
    ISMAP_RETURN_IF_ERROR(
        Tell(*uow, clock, admins, next, event,
             "監査機関が監査契約を更新しました（" + std::string(domain::ToString(next.state)) + "）",
             "The audit body updated the engagement (" + std::string(domain::ToString(next.state)) + ")"));
  }
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, std::move(next), true));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

}  // namespace

core::Result<EngagementView> CloudServices::AcceptEngagement(const Principal& principal, domain::EngagementId id,
                                                             std::int64_t version,
                                                             const domain::IndependenceDeclaration& declaration,
                                                             const std::vector<domain::Auditor>& auditors) {
  const domain::Date today = domain::JapanDate(clock_.Now());
  return BodyCommand(db_, clock_, principal, id, "engagement.accepted",
                     [&](storage::UnitOfWork& uow, const domain::Engagement& e) -> core::Result<domain::Engagement> {
                       ISMAP_ASSIGN_OR_RETURN(auto registration, BodyRegistration(uow, e.audit_body));
                       return domain::AcceptEngagement(e, version, registration, declaration, auditors, today);
                     });
}

core::Result<EngagementView> CloudServices::DeclineEngagement(const Principal& principal, domain::EngagementId id,
                                                              std::int64_t version, const std::string& reason) {
  return BodyCommand(
      db_, clock_, principal, id, "engagement.declined",
      [&](storage::UnitOfWork&, const domain::Engagement& e) { return domain::DeclineEngagement(e, version, reason); });
}

core::Result<EngagementView> CloudServices::RecordResults(const Principal& principal, domain::EngagementId id,
                                                          std::int64_t version,
                                                          std::vector<domain::ControlResult> results) {
  return BodyCommand(db_, clock_, principal, id, "engagement.results_recorded",
                     [&](storage::UnitOfWork& uow, const domain::Engagement& e) -> core::Result<domain::Engagement> {
                       ISMAP_ASSIGN_OR_RETURN(auto statement, uow.Statements().Get(e.statement));
                       return domain::RecordResults(e, version, statement, std::move(results));
                     });
}

core::Result<EngagementView> CloudServices::IssueReport(const Principal& principal, domain::EngagementId id,
                                                        std::int64_t version, domain::DocumentId report) {
  const domain::Date today = domain::JapanDate(clock_.Now());
  return BodyCommand(
      db_, clock_, principal, id, "engagement.report_issued",
      [&](storage::UnitOfWork& uow, const domain::Engagement& e) -> core::Result<domain::Engagement> {
        ISMAP_ASSIGN_OR_RETURN(auto document, uow.Documents().Get(report));
        // The report is the body's own upload, filed under this engagement so that its readers are
        // the engagement's (CloudServices::RegisterDocumentReaders).
        if (document.info.owner != e.audit_body || document.info.subject != EngagementSubject(e.id)) {
          return core::MakeError(
              core::ErrorCode::kInvalidArgument, "engagement.bad_report_document",
              "the report must be a document the audit body uploaded for engagement " + std::to_string(e.id.value()));
        }
        ISMAP_ASSIGN_OR_RETURN(auto statement, uow.Statements().Get(e.statement));
        ISMAP_ASSIGN_OR_RETURN(auto registration, BodyRegistration(uow, e.audit_body));
        return domain::IssueReport(e, version, statement, registration, report, today);
      });
}

core::Result<EngagementView> CloudServices::WithdrawEngagement(const Principal& principal, domain::EngagementId id,
                                                               std::int64_t version, const std::string& reason) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto engagement, uow->Engagements().Get(id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices, OwnedBy(engagement.provider)));
  ISMAP_ASSIGN_OR_RETURN(auto next, domain::WithdrawEngagement(engagement, version, reason));
  ISMAP_RETURN_IF_ERROR(uow->Engagements().Update(next, version));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(),
                                    "engagement.withdrawn", EngagementSubject(id), Payload(next).dump()));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, std::move(next), false));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<EngagementView> CloudServices::GetEngagement(const Principal& principal, domain::EngagementId id) {
  // A write unit of work: a read of the results by anyone outside the provider is recorded.
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto engagement, uow->Engagements().Get(id));
  Resource resource = OwnedBy(engagement.provider);
  resource.readers = cloud_internal::ReportReaders(engagement);
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCloudServiceRecord, resource));
  ISMAP_RETURN_IF_ERROR(cloud_internal::RecordRestrictedRead(*uow, clock_, principal, engagement.provider,
                                                             "engagement.report_read", EngagementSubject(id)));
  // The statement beside the results: what the body audits (it reads the annex while engaged).
  const bool with_statement =
      engagement.state != domain::EngagementState::kDeclined && engagement.state != domain::EngagementState::kWithdrawn;
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, std::move(engagement), with_statement));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<std::vector<EngagementView>> CloudServices::ListOwnEngagements(const Principal& principal) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  std::vector<domain::Engagement> engagements;
  if (Authorize(principal, Action::kAuditCloudService).has_value()) {
    ISMAP_ASSIGN_OR_RETURN(engagements, uow->Engagements().ListByAuditBody(principal.user->organization_id, 500, 0));
  } else {
    ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices));
    ISMAP_ASSIGN_OR_RETURN(engagements, uow->Engagements().ListByProvider(principal.user->organization_id, 500, 0));
  }
  std::vector<EngagementView> out;
  out.reserve(engagements.size());
  for (auto& engagement : engagements) {
    ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, std::move(engagement), false));
    out.push_back(std::move(view));
  }
  return out;
}

}  // namespace ismap::app
