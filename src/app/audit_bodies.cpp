#include "app/audit_bodies.hpp"

#include <nlohmann/json.hpp>

#include "app/ledger.hpp"
#include "app/workflow_notifications.hpp"
#include "domain/date.hpp"
#include "domain/ledger.hpp"

namespace ismap::app {
namespace {

using domain::ApplicationCommand;
using domain::ApplicationKind;
using domain::ApplicationState;

Resource OwnedBy(domain::OrganizationId org) {
  Resource r;
  r.organization = org;
  return r;
}

// The application of `id` if it is an audit body's (kNotFound otherwise).
core::Result<domain::Application> Load(storage::UnitOfWork& uow, domain::ApplicationId id) {
  ISMAP_ASSIGN_OR_RETURN(auto application, uow.Applications().Get(id));
  if (application.kind != ApplicationKind::kAuditBody) {
    return core::MakeError(core::ErrorCode::kNotFound, "application.not_found",
                           "application " + std::to_string(id.value()) + " not found");
  }
  return application;
}

core::Result<AuditBodyApplicationView> View(storage::UnitOfWork& uow, domain::Application application) {
  AuditBodyApplicationView view;
  ISMAP_ASSIGN_OR_RETURN(view.dossier, uow.Applications().GetAuditBodyContent(application.id));
  ISMAP_ASSIGN_OR_RETURN(view.evaluation, uow.Applications().GetEvaluation(application.id));
  view.available = domain::AvailableCommands(application.kind, application.state);
  view.application = std::move(application);
  return view;
}

nlohmann::json Payload(const domain::Application& a) {
  return {{"state", domain::ToString(a.state)}, {"version", a.version}, {"applicant", a.applicant.value()}};
}

// Applies `action` as `action_name` for an actor authorised by `auth`, records `event`, commits.
// `before` runs inside the transaction on the loaded application (validation, side effects).
template <class Before>
core::Result<AuditBodyApplicationView> Command(storage::Database& db, const core::Clock& clock,
                                               const Principal& principal, Action auth, domain::ApplicationId id,
                                               std::int64_t version, const domain::ApplicationAction& action,
                                               const char* event, Before before) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto application, Load(*uow, id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadAuditBodyApplication, OwnedBy(application.applicant)));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, auth, OwnedBy(application.applicant)));
  const core::TimePoint now = clock.Now();
  ISMAP_ASSIGN_OR_RETURN(auto next, domain::Apply(application, version, action, now));
  ISMAP_RETURN_IF_ERROR(before(*uow, application, next, now));
  ISMAP_RETURN_IF_ERROR(uow->Applications().Update(next, version));
  nlohmann::json payload = Payload(next);
  if (!action.reason.empty()) {
    payload["reason"] = action.reason;
  }
  if (action.recommendation) {
    payload["recommendation"] = domain::ToString(action.recommendation->outcome);
    payload["note"] = action.recommendation->note;
  }
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(), event,
                                    ApplicationSubject(id), payload.dump()));
  // Whom the step leaves waiting is told in the same transaction (app/workflow_notifications.hpp).
  ISMAP_RETURN_IF_ERROR(NotifyApplicationStep(*uow, clock, next, event, action.reason));
  ISMAP_ASSIGN_OR_RETURN(auto view, View(*uow, next));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

auto Nothing() {
  return [](storage::UnitOfWork&, const domain::Application&, const domain::Application&, core::TimePoint) {
    return core::Result<void>(core::Ok());
  };
}

// Submission and resubmission: the content must pass the rules on today's date in Japan; a renewal
// marks its registration's renewal as applied.
auto ValidateForSubmission(const AuditBodySettings& settings) {
  return [&settings](storage::UnitOfWork& uow, const domain::Application& before, const domain::Application& after,
                     core::TimePoint now) -> core::Result<void> {
    ISMAP_ASSIGN_OR_RETURN(auto dossier, uow.Applications().GetAuditBodyContent(before.id));
    const domain::Date today = domain::JapanDate(now);
    ISMAP_RETURN_IF_ERROR(domain::ValidateAuditBodyApplication(dossier.content, settings.rules, today));
    if (before.purpose == domain::ApplicationPurpose::kRenewal && before.registration_id &&
        before.state == ApplicationState::kDraft) {
      ISMAP_ASSIGN_OR_RETURN(auto registration, uow.Registrations().Get(*before.registration_id));
      ISMAP_ASSIGN_OR_RETURN(auto applied,
                             domain::ApplyRenewalApplied(registration, registration.version, after.id, today));
      ISMAP_RETURN_IF_ERROR(uow.Registrations().Update(applied, registration.version, today));
    }
    return core::Ok();
  };
}

core::Result<void> CheckDossier(const Principal& principal, const storage::AuditBodyDossier& dossier) {
  if (!principal.user || dossier.content.organization_id != principal.user->organization_id) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "audit_body.organization_mismatch",
                           "the application must name the applicant's own organisation");
  }
  return core::Ok();
}

// The supporting documents an application lists must be the applicant's own uploads; another
// organisation's, or one that does not exist, is refused the same way, so nothing is learnt.
core::Result<void> CheckDocuments(storage::UnitOfWork& uow, const domain::AuditBodyApplicationContent& content) {
  for (const auto& id : content.documents) {
    auto document = uow.Documents().Get(id);
    if (!document && document.error().code != core::ErrorCode::kNotFound) {
      return core::Unexpected(document.error());
    }
    if (!document || document->info.owner != content.organization_id) {
      return core::MakeError(core::ErrorCode::kInvalidArgument, "audit_body.unknown_document",
                             "document " + std::to_string(id.value()) + " is not one of the applicant's uploads");
    }
  }
  return core::Ok();
}

}  // namespace

core::Result<AuditBodyApplicationView> CreateAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                  const Principal& principal,
                                                                  const AuditBodyApplicationInput& input) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kApplyAsAuditBody));
  storage::AuditBodyDossier dossier = input.dossier;
  dossier.content.organization_id = principal.user->organization_id;
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto org, uow->Organizations().Get(principal.user->organization_id));
  if (org.kind != domain::OrganizationKind::kAuditBody) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "audit_body.not_an_audit_body",
                           "only an audit body organisation may apply");
  }
  if (input.registration) {
    ISMAP_ASSIGN_OR_RETURN(auto registration, uow->Registrations().Get(*input.registration));
    if (registration.holder != org.id || registration.register_kind != ApplicationKind::kAuditBody) {
      return core::MakeError(core::ErrorCode::kNotFound, "registration.not_found", "registration not found");
    }
  }
  ISMAP_RETURN_IF_ERROR(CheckDocuments(*uow, dossier.content));
  const core::TimePoint now = clock.Now();
  ISMAP_ASSIGN_OR_RETURN(
      auto draft, domain::NewApplication(ApplicationKind::kAuditBody, input.purpose, org.id, input.registration, now));
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->Applications().Insert(draft, now));
  ISMAP_RETURN_IF_ERROR(uow->Applications().PutAuditBodyContent(stored.id, dossier));
  nlohmann::json payload = Payload(stored);
  payload["purpose"] = domain::ToString(stored.purpose);
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventAuditBodyApplicationCreated, ApplicationSubject(stored.id),
                                    payload.dump()));
  ISMAP_ASSIGN_OR_RETURN(auto view, View(*uow, stored));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<AuditBodyApplicationView> UpdateAuditBodyDraft(storage::Database& db, const core::Clock& clock,
                                                            const Principal& principal, domain::ApplicationId id,
                                                            std::int64_t version,
                                                            const storage::AuditBodyDossier& dossier) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto application, Load(*uow, id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadAuditBodyApplication, OwnedBy(application.applicant)));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kApplyAsAuditBody, OwnedBy(application.applicant)));
  storage::AuditBodyDossier content = dossier;
  content.content.organization_id = application.applicant;
  ISMAP_RETURN_IF_ERROR(CheckDossier(principal, content));
  ISMAP_RETURN_IF_ERROR(CheckDocuments(*uow, content.content));
  ISMAP_RETURN_IF_ERROR(domain::CheckVersion(application, version));
  if (!domain::IsEditable(application.state)) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "application.not_editable",
                           "the application can be edited only as a draft or after a return");
  }
  domain::Application next = application;
  next.version = application.version + 1;
  ISMAP_RETURN_IF_ERROR(uow->Applications().Update(next, version));
  ISMAP_RETURN_IF_ERROR(uow->Applications().PutAuditBodyContent(id, content));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventAuditBodyApplicationUpdated, ApplicationSubject(id),
                                    Payload(next).dump()));
  ISMAP_ASSIGN_OR_RETURN(auto view, View(*uow, next));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<AuditBodyApplicationView> GetAuditBodyApplication(storage::Database& db, const Principal& principal,
                                                               domain::ApplicationId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadAuditBodyApplication));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto application, Load(*uow, id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadAuditBodyApplication, OwnedBy(application.applicant)));
  return View(*uow, std::move(application));
}

core::Result<AuditBodyApplicationView> SubmitAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                  const AuditBodySettings& settings,
                                                                  const Principal& principal, domain::ApplicationId id,
                                                                  std::int64_t version) {
  return Command(db, clock, principal, Action::kApplyAsAuditBody, id, version,
                 domain::ApplicationAction::Of(ApplicationCommand::kSubmit), domain::kEventAuditBodySubmitted,
                 ValidateForSubmission(settings));
}

core::Result<AuditBodyApplicationView> ResubmitAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                    const AuditBodySettings& settings,
                                                                    const Principal& principal,
                                                                    domain::ApplicationId id, std::int64_t version) {
  return Command(db, clock, principal, Action::kApplyAsAuditBody, id, version,
                 domain::ApplicationAction::Of(ApplicationCommand::kResubmit), domain::kEventAuditBodyResubmitted,
                 ValidateForSubmission(settings));
}

core::Result<AuditBodyApplicationView> WithdrawAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                    const Principal& principal,
                                                                    domain::ApplicationId id, std::int64_t version,
                                                                    const std::string& reason) {
  return Command(db, clock, principal, Action::kApplyAsAuditBody, id, version,
                 domain::ApplicationAction::Withdraw(reason), domain::kEventAuditBodyWithdrawn, Nothing());
}

core::Result<AuditBodyApplicationView> StartAuditBodyEvaluation(storage::Database& db, const core::Clock& clock,
                                                                const Principal& principal, domain::ApplicationId id,
                                                                std::int64_t version) {
  return Command(db, clock, principal, Action::kEvaluateAuditBodyApplication, id, version,
                 domain::ApplicationAction::Of(ApplicationCommand::kStartEvaluation),
                 domain::kEventAuditBodyEvaluationStarted,
                 [](storage::UnitOfWork& uow, const domain::Application& before, const domain::Application&,
                    core::TimePoint) -> core::Result<void> {
                   ISMAP_ASSIGN_OR_RETURN(auto existing, uow.Applications().GetEvaluation(before.id));
                   if (existing) {
                     return core::Ok();  // a resubmitted application keeps its checklist
                   }
                   ISMAP_ASSIGN_OR_RETURN(auto set, uow.RequirementSets().Current());
                   return uow.Applications().PutEvaluation(before.id, domain::StartEvaluation(set));
                 });
}

core::Result<AuditBodyApplicationView> MarkAuditBodyEvaluationItem(storage::Database& db, const core::Clock& clock,
                                                                   const Principal& principal, domain::ApplicationId id,
                                                                   std::int64_t version, const std::string& item_id,
                                                                   domain::ItemVerdict verdict,
                                                                   const std::string& note) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto application, Load(*uow, id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kEvaluateAuditBodyApplication, OwnedBy(application.applicant)));
  ISMAP_RETURN_IF_ERROR(domain::CheckVersion(application, version));
  if (application.state != ApplicationState::kUnderEvaluation) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "application.not_under_evaluation",
                           "the checklist can be marked only while the application is under evaluation");
  }
  ISMAP_ASSIGN_OR_RETURN(auto evaluation, uow->Applications().GetEvaluation(id));
  if (!evaluation) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "application.not_under_evaluation",
                           "the evaluation has not started");
  }
  ISMAP_ASSIGN_OR_RETURN(auto marked, domain::MarkItem(*evaluation, item_id, verdict, note));
  ISMAP_RETURN_IF_ERROR(uow->Applications().PutEvaluation(id, marked));
  nlohmann::json payload = {{"item", item_id}, {"verdict", domain::ToString(verdict)}, {"note", note}};
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventAuditBodyEvaluated, ApplicationSubject(id), payload.dump()));
  ISMAP_ASSIGN_OR_RETURN(auto view, View(*uow, application));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<AuditBodyApplicationView> ReturnAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                  const Principal& principal, domain::ApplicationId id,
                                                                  std::int64_t version, const std::string& reason) {
  return Command(db, clock, principal, Action::kEvaluateAuditBodyApplication, id, version,
                 domain::ApplicationAction::ReturnForCorrection(reason), domain::kEventAuditBodyReturned, Nothing());
}

core::Result<AuditBodyApplicationView> RecommendAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                     const Principal& principal,
                                                                     domain::ApplicationId id, std::int64_t version,
                                                                     domain::RecommendationOutcome outcome,
                                                                     const std::string& note) {
  return Command(db, clock, principal, Action::kEvaluateAuditBodyApplication, id, version,
                 domain::ApplicationAction::Recommend(outcome, note), domain::kEventAuditBodyRecommended,
                 [outcome](storage::UnitOfWork& uow, const domain::Application& before, const domain::Application&,
                           core::TimePoint) -> core::Result<void> {
                   ISMAP_ASSIGN_OR_RETURN(auto evaluation, uow.Applications().GetEvaluation(before.id));
                   if (!evaluation) {
                     return core::MakeError(core::ErrorCode::kFailedPrecondition, "audit_body.evaluation_incomplete",
                                            "the evaluation has not started");
                   }
                   ISMAP_ASSIGN_OR_RETURN(auto set, uow.RequirementSets().Get(evaluation->requirement_set_version));
                   return domain::CheckRecommendation(set, *evaluation, outcome);
                 });
}

core::Result<std::vector<domain::Application>> ListOwnAuditBodyApplications(storage::Database& db,
                                                                            const Principal& principal, int limit,
                                                                            int offset) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadAuditBodyApplication));
  if (!principal.user) {
    return std::vector<domain::Application>();
  }
  ISMAP_RETURN_IF_ERROR(
      Authorize(principal, Action::kReadAuditBodyApplication, OwnedBy(principal.user->organization_id)));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->Applications().ListByApplicant(ApplicationKind::kAuditBody, principal.user->organization_id, limit,
                                             offset);
}

core::Result<std::vector<domain::Application>> AuditBodyApplicationQueue(storage::Database& db,
                                                                         const Principal& principal, int limit,
                                                                         int offset) {
  // The queue spans applicants: only those who may read any application (not the applicant's own
  // users) see it.
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadAuditBodyQueue));
  std::vector<ApplicationState> states;
  const bool works_on_content = principal.Has(domain::Role::kEvaluator) || principal.Has(domain::Role::kReviewer) ||
                                principal.Has(domain::Role::kCommitteeMember);
  if (works_on_content) {
    states = {ApplicationState::kSubmitted, ApplicationState::kUnderEvaluation};
  }
  // What waits on the secretariat and the committee: recommendations to put on an agenda, and items on one.
  if (!principal.Has(domain::Role::kEvaluator) || principal.Has(domain::Role::kSecretariat)) {
    states.push_back(ApplicationState::kRecommended);
    states.push_back(ApplicationState::kCommittee);
  }
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->Applications().ListByStates(ApplicationKind::kAuditBody, states, limit, offset);
}

}  // namespace ismap::app
