// The cloud service register's provider pages and public list (issue 7):
//   GET  /services                      the provider's dashboard: services, applications, engagements
//   GET  /services/new, POST ...        register a service
// The service page itself and its forms are in service_page.cpp; the public list is in
// public_service_list.cpp, a service's public page in public_service.cpp.
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr int kDashboardPage = 50;

// The new-service form as typed.
struct ServiceInput {
  std::string name_ja, name_en, description, model = "saas", deployment = "public", regions, track = "ismap";
};

data ModelOptions(core::Language language, const std::string& selected) {
  data list{data::type::list};
  for (const auto m : {domain::ServiceModel::kIaas, domain::ServiceModel::kPaas, domain::ServiceModel::kSaas}) {
    list.push_back(
        SelectOption(std::string(domain::ToString(m)), ModelLabel(language, m), selected == domain::ToString(m)));
  }
  return list;
}
data DeploymentOptions(core::Language language, const std::string& selected) {
  data list{data::type::list};
  for (const auto m : {domain::DeploymentModel::kPublic, domain::DeploymentModel::kPrivate,
                       domain::DeploymentModel::kCommunity, domain::DeploymentModel::kHybrid}) {
    list.push_back(
        SelectOption(std::string(domain::ToString(m)), DeploymentLabel(language, m), selected == domain::ToString(m)));
  }
  return list;
}
data TrackOptions(core::Language language, const std::string& selected) {
  data list{data::type::list};
  for (const auto t : {domain::Track::kIsmap, domain::Track::kLiu}) {
    list.push_back(
        SelectOption(std::string(domain::ToString(t)), TrackLabel(language, t), selected == domain::ToString(t)));
  }
  return list;
}

// Which field of the new-service form a problem belongs to.
std::string ServiceProblemField(const std::string& reason) {
  if (reason == "service.name_required" || reason == "service.name_too_long") {
    return "name_ja";
  }
  if (reason == "service.description_too_long") {
    return "description";
  }
  return "regions";
}
std::string ServiceFieldLabel(const std::string& field) { return "service_pages.field_" + field; }

http::Response NewServicePage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                              const ServiceInput& in, const PageErrors& errors, int status) {
  const core::Language l = request.language;
  PageView view{"service_new.mustache", "service_pages.new_title", {}};
  view.status = status;
  view.no_store = true;
  view.switch_path = "/services/new";
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  view.data.set("field", Partial("service_field.mustache"));
  data fields{data::type::list};
  fields.push_back(FieldData({"name_ja", Msg(l, "service_pages.field_name_ja"), in.name_ja}, errors));
  fields.push_back(FieldData({"name_en", Msg(l, "service_pages.field_name_en"), in.name_en}, errors));
  fields.push_back(FieldData({"description", Msg(l, "service_pages.field_description"), in.description, "textarea",
                              Msg(l, "service_pages.description_hint")},
                             errors));
  fields.push_back(
      FieldData({"model", Msg(l, "service_pages.field_model"), "", "select", "", ModelOptions(l, in.model)}, errors));
  fields.push_back(FieldData(
      {"deployment", Msg(l, "service_pages.field_deployment"), "", "select", "", DeploymentOptions(l, in.deployment)},
      errors));
  fields.push_back(FieldData(
      {"regions", Msg(l, "service_pages.field_regions"), in.regions, "textarea", Msg(l, "service_pages.regions_hint")},
      errors));
  fields.push_back(FieldData({"track", Msg(l, "service_pages.field_track"), "", "select",
                              Msg(l, "service_pages.track_hint"), TrackOptions(l, in.track)},
                             errors));
  view.data.set("fields", fields);
  errors.Apply(view.data, l);
  return RenderPage(request, std::move(view), ChromeFor(context, visitor));
}

}  // namespace

void RegisterCloudServicePages(http::Router& router, PagesContext& context) {
  AddUserPage(router, context, http::Method::kGet, "/services", app::Action::kManageCloudServices,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const Chrome chrome = ChromeFor(context, visitor);
                const core::Language l = request.language;
                auto& register_ = context.services.cloud_services();
                auto services = register_.ListOwnServices(visitor.principal);
                if (!services) {
                  return ErrorPage(request, services.error(), chrome);
                }
                const int offset = std::max<int>(0, static_cast<int>(PositiveId(request.Query("offset")).value_or(0)));
                auto dashboard = register_.Dashboard(visitor.principal, kDashboardPage, offset);
                if (!dashboard) {
                  return ErrorPage(request, dashboard.error(), chrome);
                }
                auto engagements = register_.ListOwnEngagements(visitor.principal);
                if (!engagements) {
                  return ErrorPage(request, engagements.error(), chrome);
                }
                PageView view{"services.mustache", "service_pages.dashboard_title", {}};
                view.no_store = true;
                data rows{data::type::list};
                for (const auto& s : *services) {
                  data row{data::type::object};
                  row.set("href", ServiceHref(s.id));
                  row.set("name", InLanguage(l, s.name_ja, s.name_en));
                  row.set("name_lang", LangOf(l, s.name_en));
                  row.set("model", ModelLabel(l, s.model));
                  row.set("track", TrackLabel(l, s.track));
                  std::string number = Msg(l, "service_pages.not_registered");
                  std::string status = "—";
                  std::string valid_until = "—";
                  if (s.registration_id) {
                    if (auto got = register_.GetService(visitor.principal, s.id); got && got->registration) {
                      number = got->registration->number;
                      valid_until = domain::FormatDate(got->registration->valid_until);
                      if (got->status) {
                        status = StatusLabel(l, *got->status);
                      }
                    }
                  }
                  row.set("number", number);
                  row.set("status", status);
                  row.set("valid_until", valid_until);
                  rows.push_back(row);
                }
                view.data.set("services", rows);
                view.data.set("no_services", services->empty());
                data lines{data::type::list};
                for (const auto& q : dashboard->lines) {
                  data row{data::type::object};
                  row.set("id", std::to_string(q.line.application.id.value()));
                  row.set("href", ServiceApplicationHref(q.line.application.id));
                  row.set("service", InLanguage(l, q.line.service_name_ja, q.line.service_name_en));
                  row.set("purpose", PurposeLabel(l, q.line.application.purpose));
                  row.set("state", StateLabel(l, q.line.application.state));
                  row.set("days", Fill(Msg(l, "audit_body_pages.days"), "days", std::to_string(q.days_waiting)));
                  lines.push_back(row);
                }
                view.data.set("applications", lines);
                view.data.set("no_applications", dashboard->lines.empty());
                if (offset + kDashboardPage < dashboard->total) {
                  view.data.set("next_href", "/services?offset=" + std::to_string(offset + kDashboardPage));
                }
                if (offset > 0) {
                  view.data.set("prev_href",
                                "/services?offset=" + std::to_string(std::max(0, offset - kDashboardPage)));
                }
                data eng{data::type::list};
                for (const auto& e : *engagements) {
                  data row{data::type::object};
                  row.set("id", std::to_string(e.engagement.id.value()));
                  row.set("href", EngagementHref(e.engagement.id));
                  row.set("service", InLanguage(l, e.service.name_ja, e.service.name_en));
                  row.set("audit_body", InLanguage(l, e.audit_body_name_ja, e.audit_body_name_en));
                  row.set("state", EngagementStateLabel(l, e.engagement.state));
                  eng.push_back(row);
                }
                view.data.set("engagements", eng);
                view.data.set("no_engagements", engagements->empty());
                return RenderPage(request, std::move(view), chrome);
              });

  AddUserPage(router, context, http::Method::kGet, "/services/new", app::Action::kManageCloudServices,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                return NewServicePage(request, context, visitor, ServiceInput{}, PageErrors{}, 200);
              });

  AddUserForm(router, context, "/services/new", app::Action::kManageCloudServices,
              [&context](const http::Request& request, PostedForm& posted) {
                const core::Language l = request.language;
                const Form& form = posted.form;
                ServiceInput in{std::string(form.Get("name_ja")),     std::string(form.Get("name_en")),
                                std::string(form.Get("description")), std::string(form.Get("model")),
                                std::string(form.Get("deployment")),  std::string(form.Get("regions")),
                                std::string(form.Get("track"))};
                PageErrors errors;
                domain::CloudService service;
                if (posted.visitor.principal.user) {
                  service.provider = posted.visitor.principal.user->organization_id;
                }
                service.name_ja = in.name_ja;
                service.name_en = in.name_en;
                service.description = in.description;
                service.regions = NonEmptyLines(in.regions);
                const auto model = domain::ServiceModelFromString(in.model);
                const auto deployment = domain::DeploymentModelFromString(in.deployment);
                const auto track = domain::TrackFromString(in.track);
                for (const auto& [ok, field] :
                     {std::pair{model.has_value(), "model"}, std::pair{deployment.has_value(), "deployment"},
                      std::pair{track.has_value(), "track"}}) {
                  if (!ok) {
                    errors.Field(field, ServiceFieldLabel(field), Msg(l, "error.invalid_argument"));
                  }
                }
                service.model = model.value_or(service.model);
                service.deployment = deployment.value_or(service.deployment);
                service.track = track.value_or(service.track);
                // What the use case would refuse, each beside its field (its own check decides).
                for (const auto& problem : domain::ListServiceProblems(service)) {
                  if (problem.reason == "service.provider_required") {
                    continue;
                  }
                  const std::string field = ServiceProblemField(problem.reason);
                  if (errors.ErrorOf(field).empty()) {
                    errors.Field(field, ServiceFieldLabel(field), ProblemText(l, problem));
                  }
                }
                if (!errors.empty()) {
                  return NewServicePage(request, context, posted.visitor, in, errors, 400);
                }
                auto created = context.services.cloud_services().CreateService(posted.visitor.principal, service);
                if (!created) {
                  if (ForErrorPage(created.error())) {
                    return ErrorPage(request, created.error(), ChromeFor(context, posted.visitor));
                  }
                  errors.Form(ErrorText(request, created.error()), {});
                  return NewServicePage(request, context, posted.visitor, in, errors,
                                        http::StatusFor(created.error().code));
                }
                return Redirect(ServiceHref(created->id) + "?done=created");
              });
}

}  // namespace ismap::web::pages
