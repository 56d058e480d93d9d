// Cloud service applications as pages (issue 7): the provider's, the reviewers' and the committee's.
//   GET  /applications/queue[?page=]           waiting applications (reviewers, committee, secretariat)
//   GET  /applications/{id}                     content, problems, state, time in each state, commands
//   POST /applications/{id}                     save: version, app_statement, app_engagement, the disclosures
//   POST /applications/{id}/submit|resubmit     version
//   POST /applications/{id}/withdraw            version, withdraw_reason
//   POST /applications/{id}/additional-audit    version, additional_engagement
//   POST /applications/{id}/start-acceptance-check|accept   version (reviewer)
//   POST /applications/{id}/return              version, return_reason (reviewer)
//   POST /applications/{id}/request-additional-audit  version, additional_reason (reviewer)
//   POST /applications/{id}/finding             version, finding_control, verdict (met|not_met|unanswered),
//                                               finding_note (reviewer)
//   POST /applications/{id}/recommend           version, outcome (approve|reject), recommend_note (reviewer)
// The page itself is built in service_application_page.cpp.
#include <algorithm>
#include <map>

#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_application_page.hpp"
#include "web/pages/service_common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr int kQueuePage = 50;

// After a command: 303 back with a notice, or the page with the error and the form as typed.
http::Response AfterCommand(const http::Request& request, PagesContext& context, VersionedPost& posted,
                            const core::Result<app::ServiceApplicationView>& result, std::string_view notice,
                            const std::string& form_name, const std::string& field) {
  const domain::ApplicationId id(posted.id);
  if (result) {
    return Redirect(ServiceApplicationHref(id) + "?done=" + std::string(notice));
  }
  const core::Error& error = result.error();
  if (ForErrorPage(error) || error.code == core::ErrorCode::kNotFound) {
    return ErrorPage(request, error, ChromeFor(context, posted.visitor));
  }
  AppState state;
  state.status = http::StatusFor(error.code);
  state.form = &posted.form;
  state.failed = form_name;
  state.errors.Form(ErrorText(request, error), FieldsOf(field));
  return ApplicationPage(request, context, posted.visitor, id, state);
}

using Run = std::function<core::Result<app::ServiceApplicationView>(app::CloudServices&, const app::Principal&,
                                                                    domain::ApplicationId, std::int64_t, const Form&)>;

}  // namespace

void RegisterServiceApplicationPages(http::Router& router, PagesContext& context) {
  AddUserPage(router, context, http::Method::kGet, "/applications/queue", app::Action::kReadCloudServiceQueue,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const Chrome chrome = ChromeFor(context, visitor);
                const core::Language l = request.language;
                const int page = static_cast<int>(PositiveId(request.Query("page")).value_or(1));
                auto queue =
                    context.services.cloud_services().Queue(visitor.principal, kQueuePage, (page - 1) * kQueuePage);
                if (!queue) {
                  return ErrorPage(request, queue.error(), chrome);
                }
                PageView view{"service_queue.mustache", "service_pages.queue_title", {}};
                view.no_store = true;
                data rows{data::type::list};
                for (const auto& q : queue->lines) {
                  data row{data::type::object};
                  row.set("id", std::to_string(q.line.application.id.value()));
                  row.set("href", ServiceApplicationHref(q.line.application.id));
                  row.set("applicant", InLanguage(l, q.line.applicant_name_ja, q.line.applicant_name_en));
                  row.set("service", InLanguage(l, q.line.service_name_ja, q.line.service_name_en));
                  row.set("purpose", PurposeLabel(l, q.line.application.purpose));
                  row.set("state", StateLabel(l, q.line.application.state));
                  row.set("days", Fill(Msg(l, "audit_body_pages.days"), "days", std::to_string(q.days_waiting)));
                  row.set("overdue", q.overdue);
                  rows.push_back(row);
                }
                view.data.set("entries", rows);
                view.data.set("none", queue->lines.empty());
                const std::int64_t pages = std::max<std::int64_t>(1, (queue->total + kQueuePage - 1) / kQueuePage);
                view.data.set("page_text", Fill(Fill(Msg(l, "service_pages.page_of"), "page", std::to_string(page)),
                                                "pages", std::to_string(pages)));
                if (page > 1) {
                  view.data.set("prev_href", "/applications/queue?page=" + std::to_string(page - 1));
                }
                if (page < pages) {
                  view.data.set("next_href", "/applications/queue?page=" + std::to_string(page + 1));
                }
                return RenderPage(request, std::move(view), chrome);
              });

  AddUserPage(router, context, http::Method::kGet, "/applications/{id}", app::Action::kReadCloudServiceRecord,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const auto id = PositiveId(request.Param("id"));
                if (!id) {
                  return ErrorPage(request, 404, "application.not_found", ChromeFor(context, visitor));
                }
                AppState state;
                state.notice =
                    DoneNotice(request, "service_pages.done_",
                               {"created", "saved", "submitted", "withdrawn", "additional_submitted", "started",
                                "accepted_application", "returned", "additional_requested", "marked", "recommended"});
                return ApplicationPage(request, context, visitor, domain::ApplicationId(*id), state);
              });

  AddRecordForm(router, context, "/applications/{id}", app::Action::kManageCloudServices, "application.not_found", true,
                [&context](const http::Request& request, VersionedPost& posted) {
                  auto& register_ = context.services.cloud_services();
                  auto current = register_.GetApplication(posted.visitor.principal, domain::ApplicationId(posted.id));
                  if (!current) {
                    return ErrorPage(request, current.error(), ChromeFor(context, posted.visitor));
                  }
                  domain::ServiceApplicationContent content = current->content;
                  content.statement.reset();
                  content.engagement.reset();
                  if (const auto s = FormId(posted.form, "app_statement")) {
                    content.statement = domain::StatementId(*s);
                  }
                  if (const auto e = FormId(posted.form, "app_engagement")) {
                    content.engagement = domain::EngagementId(*e);
                  }
                  content.disclosures = DisclosuresFromForm(posted.form);
                  auto saved = register_.UpdateApplication(posted.visitor.principal, domain::ApplicationId(posted.id),
                                                           posted.version, content);
                  return AfterCommand(request, context, posted, saved, "saved", "save", "app_statement");
                });

  struct Command {
    const char* path;
    app::Action action;
    const char* notice;
    const char* form_name;
    const char* field;
    Run run;
  };
  const std::vector<Command> commands = {
      {"/applications/{id}/submit", app::Action::kManageCloudServices, "submitted", "submit", "",
       [](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t v, const Form&) {
         return s.Submit(p, id, v);
       }},
      {"/applications/{id}/resubmit", app::Action::kManageCloudServices, "submitted", "resubmit", "",
       [](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t v, const Form&) {
         return s.Resubmit(p, id, v);
       }},
      {"/applications/{id}/withdraw", app::Action::kManageCloudServices, "withdrawn", "withdraw", "withdraw_reason",
       [](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t v, const Form& f) {
         return s.Withdraw(p, id, v, std::string(f.Get("withdraw_reason")));
       }},
      {"/applications/{id}/additional-audit", app::Action::kManageCloudServices, "additional_submitted", "additional",
       "additional_engagement",
       [](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t v,
          const Form& f) -> core::Result<app::ServiceApplicationView> {
         const auto engagement = PositiveId(f.Get("additional_engagement"));
         if (!engagement) {
           return core::MakeError(core::ErrorCode::kInvalidArgument, "service_pages.choose_engagement",
                                  "no engagement chosen");
         }
         return s.SubmitAdditionalAudit(p, id, v, domain::EngagementId(*engagement));
       }},
      {"/applications/{id}/start-acceptance-check", app::Action::kReviewCloudService, "started", "start", "",
       [](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t v, const Form&) {
         return s.StartAcceptanceCheck(p, id, v);
       }},
      {"/applications/{id}/accept", app::Action::kReviewCloudService, "accepted_application", "accept", "",
       [](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t v, const Form&) {
         return s.Accept(p, id, v);
       }},
      {"/applications/{id}/return", app::Action::kReviewCloudService, "returned", "return", "return_reason",
       [](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t v, const Form& f) {
         return s.Return(p, id, v, std::string(f.Get("return_reason")));
       }},
      {"/applications/{id}/request-additional-audit", app::Action::kReviewCloudService, "additional_requested", "more",
       "additional_reason",
       [](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t v, const Form& f) {
         return s.RequestAdditionalAudit(p, id, v, std::string(f.Get("additional_reason")));
       }},
      {"/applications/{id}/finding", app::Action::kReviewCloudService, "marked", "finding", "finding_note",
       [](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t v,
          const Form& f) -> core::Result<app::ServiceApplicationView> {
         const auto verdict = domain::ItemVerdictFromString(f.Get("verdict"));
         if (!verdict) {
           return core::MakeError(core::ErrorCode::kInvalidArgument, "error.invalid_argument", "bad verdict");
         }
         return s.MarkFinding(p, id, v, std::string(f.Get("finding_control")), *verdict,
                              std::string(f.Get("finding_note")));
       }},
      {"/applications/{id}/recommend", app::Action::kReviewCloudService, "recommended", "recommend", "recommend_note",
       [](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t v,
          const Form& f) -> core::Result<app::ServiceApplicationView> {
         const auto outcome = domain::RecommendationOutcomeFromString(f.Get("outcome"));
         if (!outcome) {
           return core::MakeError(core::ErrorCode::kInvalidArgument, "error.invalid_argument", "bad outcome");
         }
         return s.Recommend(p, id, v, *outcome, std::string(f.Get("recommend_note")));
       }},
  };
  for (const Command& command : commands) {
    AddRecordForm(router, context, command.path, command.action, "application.not_found", true,
                  [&context, command](const http::Request& request, VersionedPost& posted) {
                    auto result = command.run(context.services.cloud_services(), posted.visitor.principal,
                                              domain::ApplicationId(posted.id), posted.version, posted.form);
                    return AfterCommand(request, context, posted, result, command.notice, command.form_name,
                                        command.field);
                  });
  }
}

}  // namespace ismap::web::pages
