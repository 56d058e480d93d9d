// Cloud service applications (app/cloud_services.hpp): the provider's new, renewal and change
// applications through acceptance check, technical review, returns and additional audits to the
// reviewer's recommendation; the committee decides in app/committee.cpp. The dashboard and queue.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/cloud_service_internal.hpp"
#include "app/cloud_services.hpp"
#include "app/ledger.hpp"
#include "app/notifications.hpp"
#include "app/workflow_notifications.hpp"
#include "domain/date.hpp"
#include "domain/deadline.hpp"

namespace ismap::app {

using cloud_internal::OwnedBy;
using domain::ApplicationCommand;
using domain::ApplicationKind;
using domain::ApplicationState;

namespace {

core::Result<domain::Application> Load(storage::UnitOfWork& uow, domain::ApplicationId id) {
  ISMAP_ASSIGN_OR_RETURN(auto application, uow.Applications().Get(id));
  if (application.kind != ApplicationKind::kCloudService) {
    return core::MakeError(core::ErrorCode::kNotFound, "application.not_found",
                           "application " + std::to_string(id.value()) + " not found");
  }
  return application;
}

// The provider's users, reviewers and the committee read an application; others get 403.
core::Result<void> AuthorizeRead(const Principal& principal, const domain::Application& application) {
  Resource resource = OwnedBy(application.applicant);
  Readers readers;
  readers.organizations = {application.applicant};
  readers.roles = {domain::Role::kReviewer, domain::Role::kCommitteeMember};
  resource.readers = std::move(readers);
  return Authorize(principal, Action::kReadCloudServiceRecord, resource);
}

std::optional<domain::Statement> OptionalStatement(storage::UnitOfWork& uow, std::optional<domain::StatementId> id,
                                                   core::Result<void>* failure) {
  if (!id) return std::nullopt;
  auto statement = uow.Statements().Get(*id);
  if (!statement) {
    if (statement.error().code != core::ErrorCode::kNotFound) *failure = statement.error();
    return std::nullopt;
  }
  return *std::move(statement);
}

std::optional<domain::Engagement> OptionalEngagement(storage::UnitOfWork& uow, std::optional<domain::EngagementId> id,
                                                     core::Result<void>* failure) {
  if (!id) return std::nullopt;
  auto engagement = uow.Engagements().Get(*id);
  if (!engagement) {
    if (engagement.error().code != core::ErrorCode::kNotFound) *failure = engagement.error();
    return std::nullopt;
  }
  return *std::move(engagement);
}

// Submission's problems for `application` with `content` (domain ListServiceApplicationProblems).
core::Result<std::vector<domain::Problem>> Problems(storage::UnitOfWork& uow, const domain::Application& application,
                                                    const domain::ServiceApplicationContent& content,
                                                    const domain::CloudService& service) {
  core::Result<void> failure;
  auto statement = OptionalStatement(uow, content.statement, &failure);
  auto engagement = OptionalEngagement(uow, content.engagement, &failure);
  ISMAP_RETURN_IF_ERROR(failure);
  return domain::ListServiceApplicationProblems(application, content, service, statement, engagement);
}

// Controls whose adoption a change application alters, against the registered statement.
core::Result<std::vector<std::string>> AdoptionChanges(storage::UnitOfWork& uow, const domain::Application& application,
                                                       const domain::ServiceApplicationContent& content,
                                                       const domain::CloudService& service) {
  if (application.purpose != domain::ApplicationPurpose::kChange || !content.statement ||
      !service.registered_statement) {
    return std::vector<std::string>{};
  }
  ISMAP_ASSIGN_OR_RETURN(auto before, uow.Statements().Get(*service.registered_statement));
  ISMAP_ASSIGN_OR_RETURN(auto after, uow.Statements().Get(*content.statement));
  return domain::AdoptionChanges(before, after);
}

// Time in each state from the application's ledger history (each event's payload carries the
// state it left the application in).
core::Result<std::vector<StateTime>> StateTimes(storage::UnitOfWork& uow, const domain::Application& application,
                                                core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(auto events, uow.Ledger().ListBySubject(ApplicationSubject(application.id), 1000));
  std::vector<StateTime> out;
  std::optional<ApplicationState> state;
  core::TimePoint since{};
  auto close = [&](core::TimePoint until, bool current) {
    if (!state) return;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(until - since).count();
    auto found = std::find_if(out.begin(), out.end(), [&](const StateTime& t) { return t.state == *state; });
    if (found == out.end()) {
      out.push_back({*state, seconds, current});
    } else {
      found->seconds += seconds;
      found->current = found->current || current;
    }
  };
  for (const auto& event : events) {
    const auto payload = nlohmann::json::parse(event.entry.payload_json, nullptr, false);
    if (!payload.is_object() || !payload.contains("state") || !payload["state"].is_string()) continue;
    const auto next = domain::ApplicationStateFromString(payload["state"].get<std::string>());
    if (!next || (state && *next == *state)) continue;
    close(event.occurred_at, false);
    state = next;
    since = event.occurred_at;
  }
  close(now, !domain::IsTerminal(application.state));
  return out;
}

core::Result<ServiceApplicationView> MakeView(storage::UnitOfWork& uow, domain::Application application,
                                              core::TimePoint now) {
  ServiceApplicationView view;
  ISMAP_ASSIGN_OR_RETURN(view.content, uow.ServiceApplications().GetContent(application.id));
  ISMAP_ASSIGN_OR_RETURN(view.service, uow.Services().Get(view.content.service));
  ISMAP_ASSIGN_OR_RETURN(view.review, uow.ServiceApplications().GetReview(application.id));
  if (domain::IsEditable(application.state)) {
    ISMAP_ASSIGN_OR_RETURN(view.problems, Problems(uow, application, view.content, view.service));
  }
  ISMAP_ASSIGN_OR_RETURN(view.adoption_changes, AdoptionChanges(uow, application, view.content, view.service));
  ISMAP_ASSIGN_OR_RETURN(view.state_times, StateTimes(uow, application, now));
  view.available = domain::AvailableCommands(application.kind, application.state);
  view.application = std::move(application);
  return view;
}

nlohmann::json Payload(const domain::Application& a, const domain::ServiceApplicationContent& content) {
  return {{"state", domain::ToString(a.state)},
          {"version", a.version},
          {"purpose", domain::ToString(a.purpose)},
          {"service", content.service.value()},
          {"reason", a.last_reason}};
}

// Whom the step leaves waiting: reviewers after a submission, the provider's admins after a
// return or a request for an additional audit, the secretariat after a recommendation.
core::Result<void> NotifyStep(storage::UnitOfWork& uow, const core::Clock& clock, const domain::Application& a,
                              const domain::CloudService& service) {
  std::vector<domain::UserId> recipients;
  domain::NotificationRequest request;
  request.subject = ApplicationSubject(a.id);
  request.link = ServiceApplicationLink(a.id);
  const auto id = a.id.value();
  const std::string name_en = service.name_en.empty() ? service.name_ja : service.name_en;
  switch (a.state) {
    case ApplicationState::kSubmitted: {
      request.kind = "cloud_service.submitted";
      request.text.title_ja = fmt::format("クラウドサービスの申請が提出されました：{}（申請 {}）", service.name_ja, id);
      request.text.title_en =
          fmt::format("A cloud service application was submitted: {} (application {})", name_en, id);
      ISMAP_ASSIGN_OR_RETURN(recipients, UsersWithRole(uow, domain::Role::kReviewer, std::nullopt));
      break;
    }
    case ApplicationState::kReturned:
    case ApplicationState::kAdditionalAudit: {
      request.kind =
          a.state == ApplicationState::kReturned ? "cloud_service.returned" : "cloud_service.additional_audit";
      request.text.title_ja = a.state == ApplicationState::kReturned
                                  ? fmt::format("申請 {} が修正のため差し戻されました", id)
                                  : fmt::format("申請 {} について追加監査が求められました", id);
      request.text.title_en = a.state == ApplicationState::kReturned
                                  ? fmt::format("Application {} was returned for correction", id)
                                  : fmt::format("An additional audit was requested for application {}", id);
      request.text.body_ja = a.last_reason.empty() ? "" : "理由：" + a.last_reason;
      request.text.body_en = a.last_reason.empty() ? "" : "Reason: " + a.last_reason;
      ISMAP_ASSIGN_OR_RETURN(recipients, RegisterAdmins(uow, ApplicationKind::kCloudService, a.applicant));
      break;
    }
    case ApplicationState::kRecommended: {
      request.kind = "cloud_service.recommended";
      request.text.title_ja = fmt::format("申請 {} の審査が終わりました：運営委員会の議題に追加してください", id);
      request.text.title_en = fmt::format("Application {} has been reviewed: please put it on a committee agenda", id);
      ISMAP_ASSIGN_OR_RETURN(recipients, UsersWithRole(uow, domain::Role::kSecretariat, std::nullopt));
      break;
    }
    case ApplicationState::kDraft:
    case ApplicationState::kAcceptanceCheck:
    case ApplicationState::kTechnicalReview:
    case ApplicationState::kUnderEvaluation:
    case ApplicationState::kCommittee:
    case ApplicationState::kApproved:
    case ApplicationState::kRejected:
    case ApplicationState::kWithdrawn:
      return core::Ok();  // nobody new waits (the committee's steps notify in app/committee.cpp)
  }
  if (recipients.empty()) return core::Ok();
  ISMAP_RETURN_IF_ERROR(Notify(uow, clock, recipients, request));
  return core::Ok();
}

struct CommandSpec {
  Action auth;
  const char* event;
};

// Applies `action` for an actor authorised by `spec.auth`, runs `before` on (uow, before, after,
// content) inside the transaction, records the event, tells whom it leaves waiting, commits.
template <class Before>
core::Result<ServiceApplicationView> Command(storage::Database& db, const core::Clock& clock,
                                             const Principal& principal, domain::ApplicationId id, std::int64_t version,
                                             const domain::ApplicationAction& action, CommandSpec spec, Before before) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto application, Load(*uow, id));
  ISMAP_RETURN_IF_ERROR(AuthorizeRead(principal, application));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, spec.auth, OwnedBy(application.applicant)));
  const core::TimePoint now = clock.Now();
  ISMAP_ASSIGN_OR_RETURN(auto next, domain::Apply(application, version, action, now));
  ISMAP_ASSIGN_OR_RETURN(auto content, uow->ServiceApplications().GetContent(id));
  ISMAP_ASSIGN_OR_RETURN(auto service, uow->Services().Get(content.service));
  ISMAP_RETURN_IF_ERROR(before(*uow, application, next, content, service));
  ISMAP_RETURN_IF_ERROR(uow->Applications().Update(next, version));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(), spec.event,
                                    ApplicationSubject(id), Payload(next, content).dump()));
  ISMAP_RETURN_IF_ERROR(NotifyStep(*uow, clock, next, service));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, std::move(next), now));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

auto NoCheck() {
  return [](storage::UnitOfWork&, const domain::Application&, const domain::Application&,
            domain::ServiceApplicationContent&, const domain::CloudService&) { return core::Ok(); };
}

core::Error FirstProblem(const std::vector<domain::Problem>& problems) {
  std::string message;
  for (const auto& p : problems) {
    message += p.reason + ": " + p.message + "\n";
  }
  return core::MakeError(problems.front().code, problems.front().reason, message);
}

// Submission and resubmission: the content must be complete; a renewal submitted from a draft
// marks the registration's renewal as applied (in time, or refused as too late).
auto SubmitCheck(const core::Clock& clock) {
  return
      [&clock](storage::UnitOfWork& uow, const domain::Application& before, const domain::Application& after,
               domain::ServiceApplicationContent& content, const domain::CloudService& service) -> core::Result<void> {
        ISMAP_ASSIGN_OR_RETURN(auto problems, Problems(uow, before, content, service));
        if (!problems.empty()) {
          return FirstProblem(problems);
        }
        if (before.purpose == domain::ApplicationPurpose::kRenewal && before.registration_id &&
            before.state == ApplicationState::kDraft) {
          const domain::Date today = domain::JapanDate(clock.Now());
          ISMAP_ASSIGN_OR_RETURN(auto registration, uow.Registrations().Get(*before.registration_id));
          ISMAP_ASSIGN_OR_RETURN(auto applied,
                                 domain::ApplyRenewalApplied(registration, registration.version, after.id, today));
          ISMAP_RETURN_IF_ERROR(uow.Registrations().Update(applied, registration.version, today));
        }
        return core::Ok();
      };
}

core::Result<void> CheckContentForApplicant(storage::UnitOfWork& uow, const Principal& principal,
                                            const domain::ServiceApplicationContent& content,
                                            domain::CloudService* service) {
  ISMAP_ASSIGN_OR_RETURN(*service, uow.Services().Get(content.service));
  if (!principal.user || service->provider != principal.user->organization_id) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "application.service_mismatch",
                           "an application names one of the applicant's own services");
  }
  return core::Ok();
}

}  // namespace

core::Result<ServiceApplicationView> CloudServices::CreateApplication(const Principal& principal,
                                                                      const ServiceApplicationInput& input) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  domain::CloudService service;
  ISMAP_RETURN_IF_ERROR(CheckContentForApplicant(*uow, principal, input.content, &service));
  std::optional<domain::RegistrationId> registration;
  if (input.purpose != domain::ApplicationPurpose::kNew) {
    registration = service.registration_id;
    if (!registration) {
      return core::MakeError(core::ErrorCode::kFailedPrecondition, "application.registration_required",
                             "a renewal or change is for a registered service");
    }
  }
  const core::TimePoint now = clock_.Now();
  ISMAP_ASSIGN_OR_RETURN(auto application, domain::NewApplication(ApplicationKind::kCloudService, input.purpose,
                                                                  principal.user->organization_id, registration, now));
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->Applications().Insert(application, now));
  ISMAP_RETURN_IF_ERROR(uow->ServiceApplications().PutContent(stored.id, input.content));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(),
                                    "cloud_service.application_created", ApplicationSubject(stored.id),
                                    Payload(stored, input.content).dump()));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, std::move(stored), now));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<ServiceApplicationView> CloudServices::UpdateApplication(
    const Principal& principal, domain::ApplicationId id, std::int64_t version,
    const domain::ServiceApplicationContent& content) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto application, Load(*uow, id));
  ISMAP_RETURN_IF_ERROR(AuthorizeRead(principal, application));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices, OwnedBy(application.applicant)));
  ISMAP_RETURN_IF_ERROR(domain::CheckVersion(application, version));
  if (!domain::IsEditable(application.state)) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "application.not_editable",
                           "an application is edited only as a draft or after a return");
  }
  ISMAP_ASSIGN_OR_RETURN(auto stored_content, uow->ServiceApplications().GetContent(id));
  if (content.service != stored_content.service) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "application.service_mismatch",
                           "an application stays with the service it was created for");
  }
  domain::CloudService service;
  ISMAP_RETURN_IF_ERROR(CheckContentForApplicant(*uow, principal, content, &service));
  domain::Application next = application;
  next.version = version + 1;
  ISMAP_RETURN_IF_ERROR(uow->Applications().Update(next, version));
  ISMAP_RETURN_IF_ERROR(uow->ServiceApplications().PutContent(id, content));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(),
                                    "cloud_service.application_updated", ApplicationSubject(id),
                                    Payload(next, content).dump()));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, std::move(next), clock_.Now()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<ServiceApplicationView> CloudServices::GetApplication(const Principal& principal,
                                                                   domain::ApplicationId id) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto application, Load(*uow, id));
  ISMAP_RETURN_IF_ERROR(AuthorizeRead(principal, application));
  return MakeView(*uow, std::move(application), clock_.Now());
}

core::Result<ServiceApplicationView> CloudServices::Submit(const Principal& principal, domain::ApplicationId id,
                                                           std::int64_t version) {
  return Command(db_, clock_, principal, id, version, domain::ApplicationAction::Of(ApplicationCommand::kSubmit),
                 {Action::kManageCloudServices, "cloud_service.submitted"}, SubmitCheck(clock_));
}

core::Result<ServiceApplicationView> CloudServices::Resubmit(const Principal& principal, domain::ApplicationId id,
                                                             std::int64_t version) {
  return Command(db_, clock_, principal, id, version, domain::ApplicationAction::Of(ApplicationCommand::kResubmit),
                 {Action::kManageCloudServices, "cloud_service.resubmitted"}, SubmitCheck(clock_));
}

core::Result<ServiceApplicationView> CloudServices::Withdraw(const Principal& principal, domain::ApplicationId id,
                                                             std::int64_t version, const std::string& reason) {
  return Command(db_, clock_, principal, id, version, domain::ApplicationAction::Withdraw(reason),
                 {Action::kManageCloudServices, "cloud_service.withdrawn"}, NoCheck());
}

core::Result<ServiceApplicationView> CloudServices::SubmitAdditionalAudit(const Principal& principal,
                                                                          domain::ApplicationId id,
                                                                          std::int64_t version,
                                                                          domain::EngagementId engagement_id) {
  return Command(
      db_, clock_, principal, id, version, domain::ApplicationAction::Of(ApplicationCommand::kSubmitAdditionalAudit),
      {Action::kManageCloudServices, "cloud_service.additional_audit_submitted"},
      [engagement_id](storage::UnitOfWork& uow, const domain::Application&, const domain::Application& after,
                      domain::ServiceApplicationContent& content, const domain::CloudService&) -> core::Result<void> {
        ISMAP_ASSIGN_OR_RETURN(auto engagement, uow.Engagements().Get(engagement_id));
        if (engagement.provider != after.applicant || engagement.state != domain::EngagementState::kReportIssued ||
            !content.statement || engagement.statement != *content.statement) {
          return core::MakeError(core::ErrorCode::kFailedPrecondition, "application.report_not_issued",
                                 "the additional audit must be an engagement whose report was issued on the "
                                 "application's statement");
        }
        content.additional_engagement = engagement_id;
        return uow.ServiceApplications().PutContent(after.id, content);
      });
}

core::Result<ServiceApplicationView> CloudServices::StartAcceptanceCheck(const Principal& principal,
                                                                         domain::ApplicationId id,
                                                                         std::int64_t version) {
  return Command(db_, clock_, principal, id, version,
                 domain::ApplicationAction::Of(ApplicationCommand::kStartAcceptanceCheck),
                 {Action::kReviewCloudService, "cloud_service.acceptance_check_started"}, NoCheck());
}

core::Result<ServiceApplicationView> CloudServices::Accept(const Principal& principal, domain::ApplicationId id,
                                                           std::int64_t version) {
  // The technical review opens a finding per adopted control of the statement, unanswered.
  return Command(db_, clock_, principal, id, version, domain::ApplicationAction::Of(ApplicationCommand::kAccept),
                 {Action::kReviewCloudService, "cloud_service.accepted"},
                 [](storage::UnitOfWork& uow, const domain::Application&, const domain::Application& after,
                    domain::ServiceApplicationContent& content, const domain::CloudService&) -> core::Result<void> {
                   ISMAP_ASSIGN_OR_RETURN(auto existing, uow.ServiceApplications().GetReview(after.id));
                   if (existing || !content.statement) {
                     return core::Ok();  // a resubmission keeps the findings already made
                   }
                   ISMAP_ASSIGN_OR_RETURN(auto statement, uow.Statements().Get(*content.statement));
                   domain::Evaluation review;
                   review.requirement_set_version = "statement/" + std::to_string(statement.id.value());
                   for (const auto& entry : statement.entries) {
                     if (entry.adopted) {
                       review.items.push_back({entry.control_id, domain::ItemVerdict::kUnanswered, ""});
                     }
                   }
                   return uow.ServiceApplications().PutReview(after.id, review);
                 });
}

core::Result<ServiceApplicationView> CloudServices::Return(const Principal& principal, domain::ApplicationId id,
                                                           std::int64_t version, const std::string& reason) {
  return Command(db_, clock_, principal, id, version, domain::ApplicationAction::ReturnForCorrection(reason),
                 {Action::kReviewCloudService, "cloud_service.returned"}, NoCheck());
}

core::Result<ServiceApplicationView> CloudServices::RequestAdditionalAudit(const Principal& principal,
                                                                           domain::ApplicationId id,
                                                                           std::int64_t version,
                                                                           const std::string& reason) {
  return Command(db_, clock_, principal, id, version, domain::ApplicationAction::RequestAdditionalAudit(reason),
                 {Action::kReviewCloudService, "cloud_service.additional_audit_requested"}, NoCheck());
}

core::Result<ServiceApplicationView> CloudServices::MarkFinding(const Principal& principal, domain::ApplicationId id,
                                                                std::int64_t version, const std::string& control_id,
                                                                domain::ItemVerdict verdict, const std::string& note) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto application, Load(*uow, id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReviewCloudService, OwnedBy(application.applicant)));
  ISMAP_RETURN_IF_ERROR(domain::CheckVersion(application, version));
  if (application.state != ApplicationState::kTechnicalReview) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "review.not_in_technical_review",
                           "findings are made during the technical review");
  }
  ISMAP_ASSIGN_OR_RETURN(auto review, uow->ServiceApplications().GetReview(id));
  if (!review) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "review.not_in_technical_review",
                           "the technical review has not started");
  }
  ISMAP_ASSIGN_OR_RETURN(auto marked, domain::MarkItem(*review, control_id, verdict, note));
  ISMAP_RETURN_IF_ERROR(uow->ServiceApplications().PutReview(id, marked));
  ISMAP_RETURN_IF_ERROR(RecordEvent(
      *uow, clock_, principal.ActorName(), principal.OrganizationId(), "cloud_service.finding_marked",
      ApplicationSubject(id),
      nlohmann::json{{"control", control_id}, {"verdict", domain::ToString(verdict)}, {"note", note}}.dump()));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, std::move(application), clock_.Now()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<ServiceApplicationView> CloudServices::Recommend(const Principal& principal, domain::ApplicationId id,
                                                              std::int64_t version,
                                                              domain::RecommendationOutcome outcome,
                                                              const std::string& note) {
  return Command(
      db_, clock_, principal, id, version, domain::ApplicationAction::Recommend(outcome, note),
      {Action::kReviewCloudService, "cloud_service.recommended"},
      [outcome](storage::UnitOfWork& uow, const domain::Application& before, const domain::Application&,
                domain::ServiceApplicationContent& content, const domain::CloudService& service) -> core::Result<void> {
        ISMAP_ASSIGN_OR_RETURN(auto review, uow.ServiceApplications().GetReview(before.id));
        ISMAP_ASSIGN_OR_RETURN(auto changes, AdoptionChanges(uow, before, content, service));
        return domain::CheckServiceRecommendation(outcome, review, changes, content);
      });
}

// ---- The dashboard and the queue.

namespace {

ServiceQueuePage ToPage(std::vector<storage::ServiceApplicationLine> lines, std::int64_t total, core::TimePoint now,
                        int overdue_days) {
  ServiceQueuePage page;
  page.total = total;
  page.lines.reserve(lines.size());
  for (auto& line : lines) {
    ServiceQueueLine out;
    out.days_waiting = domain::DaysWaiting(line.application.state_since, now);
    out.overdue = domain::WaitingOn(ApplicationKind::kCloudService, line.application.state).has_value() &&
                  domain::IsOverdue(line.application.state_since, now, overdue_days);
    out.line = std::move(line);
    page.lines.push_back(std::move(out));
  }
  return page;
}

core::Result<void> CheckPage(int limit, int offset) {
  if (limit < 1 || limit > 500 || offset < 0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "request.bad_page",
                           "limit must be 1 to 500 and offset not negative");
  }
  return core::Ok();
}

}  // namespace

core::Result<ServiceQueuePage> CloudServices::Dashboard(const Principal& principal, int limit, int offset) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices));
  ISMAP_RETURN_IF_ERROR(CheckPage(limit, offset));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  const auto own = principal.user->organization_id;
  ISMAP_ASSIGN_OR_RETURN(
      auto lines, uow->ServiceApplications().ListLines(own, {}, storage::LineOrder::kNewestFirst, limit, offset));
  ISMAP_ASSIGN_OR_RETURN(auto total, uow->ServiceApplications().CountLines(own, {}));
  return ToPage(std::move(lines), total, clock_.Now(), settings_.overdue_days);
}

core::Result<ServiceQueuePage> CloudServices::Queue(const Principal& principal, int limit, int offset) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCloudServiceQueue));
  ISMAP_RETURN_IF_ERROR(CheckPage(limit, offset));
  std::vector<ApplicationState> states;
  if (principal.Has(domain::Role::kReviewer) || principal.Has(domain::Role::kCommitteeMember)) {
    states = {ApplicationState::kSubmitted,       ApplicationState::kAcceptanceCheck,
              ApplicationState::kTechnicalReview, ApplicationState::kAdditionalAudit,
              ApplicationState::kRecommended,     ApplicationState::kCommittee};
  } else {
    // The secretariat puts recommended applications on agendas and never reads their content.
    states = {ApplicationState::kRecommended, ApplicationState::kCommittee};
  }
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto lines, uow->ServiceApplications().ListLines(
                                         std::nullopt, states, storage::LineOrder::kOldestStateFirst, limit, offset));
  ISMAP_ASSIGN_OR_RETURN(auto total, uow->ServiceApplications().CountLines(std::nullopt, states));
  return ToPage(std::move(lines), total, clock_.Now(), settings_.overdue_days);
}

}  // namespace ismap::app
