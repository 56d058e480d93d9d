// One cloud service's page and its forms (issue 7): the provider's, the reviewers' and the committee's.
//   GET  /services/{id}                    details, statement versions, engagements, applications, grants
//   POST /services/{id}/statements         start a statement (edition)             → /statements/{new}
//   POST /services/{id}/engagements        request an audit (statement, audit_body)
//   POST /services/{id}/applications       apply (purpose, statement, engagement, disclosures) → /applications/{new}
//   POST /services/{id}/grants             grant an agency (agency, from, until)
//   POST /grants/{id}/revoke               revoke a grant (service: where to come back to)
//   POST /engagements/{id}/withdraw        the provider withdraws an engagement (version, reason, service)
// Who may see and do what is app/'s: a refused read is the error page.
#include <map>

#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

// What a refused form leaves for the page it re-renders.
struct ServicePageState {
  PageErrors errors;
  std::string notice;
  int status = 200;
  std::string edition, statement, audit_body, purpose = "new", app_statement, app_engagement;
  domain::Disclosures disclosures;
  std::string agency, from, until;
};

data Options(const std::vector<std::pair<std::string, std::string>>& choices, const std::string& selected,
             const std::string& none_label) {
  data list{data::type::list};
  if (!none_label.empty()) {
    list.push_back(SelectOption("", none_label, selected.empty()));
  }
  for (const auto& [value, label] : choices) {
    list.push_back(SelectOption(value, label, value == selected));
  }
  return list;
}

http::Response ServicePage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                           domain::ServiceId id, ServicePageState& state) {
  const Chrome chrome = ChromeFor(context, visitor);
  const core::Language l = request.language;
  auto& register_ = context.services.cloud_services();
  auto got = register_.GetService(visitor.principal, id);
  if (!got) {
    return ErrorPage(request, got.error(), chrome);
  }
  const app::ServiceView& sv = *got;
  const domain::CloudService& service = sv.service;
  const bool manage =
      app::Authorize(visitor.principal, app::Action::kManageCloudServices, app::Resource{service.provider}).has_value();

  PageView view{"service.mustache", "service_pages.service_title", {}};
  view.status = state.status;
  view.no_store = true;
  view.switch_path = ServiceHref(id);
  view.title_text = InLanguage(l, service.name_ja, service.name_en);
  view.data.set("heading", view.title_text);
  view.data.set("heading_lang", LangOf(l, service.name_en));
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  view.data.set("field", Partial("service_field.mustache"));
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("action_base", ServiceHref(id));
  view.data.set("service_id", std::to_string(id.value()));
  if (!state.notice.empty()) {
    view.data.set("notice", state.notice);
  }
  // Details.
  view.data.set("provider", InLanguage(l, sv.provider_name_ja, sv.provider_name_en));
  view.data.set("name_ja", service.name_ja);
  view.data.set("name_en", service.name_en.empty() ? std::string("—") : service.name_en);
  view.data.set("description", service.description);
  view.data.set("model", ModelLabel(l, service.model));
  view.data.set("deployment", DeploymentLabel(l, service.deployment));
  view.data.set("track", TrackLabel(l, service.track));
  std::string regions;
  for (const auto& r : service.regions) {
    regions += (regions.empty() ? "" : "\n") + r;
  }
  view.data.set("regions", regions);
  if (sv.registration) {
    view.data.set("number", sv.registration->number);
    view.data.set("valid_until", domain::FormatDate(sv.registration->valid_until));
    view.data.set("status", sv.status ? StatusLabel(l, *sv.status) : std::string("—"));
    view.data.set("public_href", PublicServiceHref(id));
  } else {
    view.data.set("not_registered", true);
  }

  // Statement versions (with progress for the provider's drafts: reading entries as anyone else is
  // a ledger event, so others see the state only).
  std::map<std::int64_t, std::string> edition_keys;
  auto editions = context.services.ListEditions(visitor.principal);
  if (editions) {
    for (const auto& e : *editions) {
      edition_keys[e.id.value()] = e.info.key;
    }
  }
  std::map<std::int64_t, int> revisions;
  std::vector<std::pair<std::string, std::string>> submitted;
  data statements{data::type::list};
  for (const auto& s : sv.statements) {
    revisions[s.id.value()] = s.revision;
    data row{data::type::object};
    const std::string label = Fill(Msg(l, "service_pages.revision"), "n", std::to_string(s.revision));
    row.set("href", StatementHref(s.id));
    row.set("label", label);
    row.set("edition", edition_keys.count(s.edition.value()) ? edition_keys[s.edition.value()] : std::string("—"));
    row.set("state", StatementStateLabel(l, s.state));
    row.set("updated", JapanTime(s.updated_at));
    std::string progress = "—";
    if (manage && s.state == domain::StatementState::kDraft) {
      if (auto full = register_.GetStatement(visitor.principal, s.id)) {
        progress = ProgressText(l, full->progress);
      }
    }
    row.set("progress", progress);
    statements.push_back(row);
    if (s.state == domain::StatementState::kSubmitted) {
      submitted.emplace_back(std::to_string(s.id.value()), label);
    }
  }
  view.data.set("statements", statements);
  view.data.set("no_statements", sv.statements.empty());

  // Engagements, with the audit bodies' names from the public list.
  std::map<std::int64_t, std::string> body_names;
  std::vector<std::pair<std::string, std::string>> bodies;
  if (auto list = context.services.ListPublicAuditBodies(visitor.principal, context.services.TodayInJapan())) {
    for (const auto& b : *list) {
      body_names[b.holder.value()] = InLanguage(l, b.name_ja, b.name_en);
      if (b.status == domain::RegistrationStatus::kActive || b.status == domain::RegistrationStatus::kRenewalPending) {
        bodies.emplace_back(std::to_string(b.holder.value()),
                            InLanguage(l, b.name_ja, b.name_en) + " (" + b.number + ")");
      }
    }
  }
  std::vector<std::pair<std::string, std::string>> issued;
  data engagements{data::type::list};
  for (const auto& e : sv.engagements) {
    data row{data::type::object};
    row.set("id", std::to_string(e.id.value()));
    row.set("href", EngagementHref(e.id));
    const auto name = body_names.find(e.audit_body.value());
    row.set("audit_body", name != body_names.end() ? name->second : "#" + std::to_string(e.audit_body.value()));
    const auto rev = revisions.find(e.statement.value());
    const std::string statement_label =
        rev != revisions.end() ? Fill(Msg(l, "service_pages.revision"), "n", std::to_string(rev->second)) : "—";
    row.set("statement", statement_label);
    row.set("state", EngagementStateLabel(l, e.state));
    row.set("report_issued_on", e.report_issued_on ? domain::FormatDate(*e.report_issued_on) : std::string("—"));
    const bool withdrawable =
        manage && (e.state == domain::EngagementState::kRequested || e.state == domain::EngagementState::kAccepted);
    row.set("can_withdraw", withdrawable);
    row.set("version", std::to_string(e.version));
    engagements.push_back(row);
    if (e.state == domain::EngagementState::kReportIssued) {
      issued.emplace_back(
          std::to_string(e.id.value()),
          Fill(Msg(l, "service_pages.engagement_n"), "id", std::to_string(e.id.value())) + " — " + statement_label);
    }
  }
  view.data.set("engagements", engagements);
  view.data.set("no_engagements", sv.engagements.empty());

  data applications{data::type::list};
  for (const auto& a : sv.applications) {
    data row{data::type::object};
    row.set("id", std::to_string(a.id.value()));
    row.set("href", ServiceApplicationHref(a.id));
    row.set("purpose", PurposeLabel(l, a.purpose));
    row.set("state", StateLabel(l, a.state));
    row.set("since", JapanTime(a.state_since));
    applications.push_back(row);
  }
  view.data.set("applications", applications);
  view.data.set("no_applications", sv.applications.empty());

  // The agencies (for the provider: the grant form's choices and the grants' names).
  std::map<std::int64_t, std::string> agency_names;
  std::vector<std::pair<std::string, std::string>> agency_choices;
  if (manage) {
    auto agencies = register_.ListAgencies(visitor.principal);
    if (!agencies) {
      return ErrorPage(request, agencies.error(), chrome);
    }
    for (const auto& a : *agencies) {
      const std::string& name = InLanguage(l, a.name_ja, a.name_en);
      agency_names[a.id.value()] = name;
      agency_choices.emplace_back(std::to_string(a.id.value()), name);
    }
  }
  data grants{data::type::list};
  const domain::Date today = context.services.TodayInJapan();
  for (const auto& g : sv.grants) {
    data row{data::type::object};
    row.set("id", std::to_string(g.id.value()));
    const auto agency_name = agency_names.find(g.agency.value());
    row.set("agency", agency_name != agency_names.end() ? agency_name->second : "#" + std::to_string(g.agency.value()));
    row.set("from", domain::FormatDate(g.from));
    row.set("until", domain::FormatDate(g.until));
    const bool active = domain::IsGrantActive(g, today);
    row.set("state", Msg(l, g.revoked_at ? "service_pages.grant_revoked"
                            : active     ? "service_pages.grant_active"
                                         : "service_pages.grant_inactive"));
    row.set("can_revoke", manage && !g.revoked_at);
    grants.push_back(row);
  }
  view.data.set("grants", grants);
  view.data.set("no_grants", sv.grants.empty());

  if (manage) {
    data forms{data::type::object};
    std::vector<std::pair<std::string, std::string>> edition_choices;
    if (editions) {
      for (const auto& e : *editions) {
        edition_choices.emplace_back(e.info.key, e.info.key);
      }
    }
    forms.set("edition_field", FieldData({"edition", Msg(l, "service_pages.field_edition"), "", "select",
                                          Msg(l, "service_pages.edition_hint"),
                                          Options(edition_choices, state.edition, Msg(l, "committee_pages.choose"))},
                                         state.errors));
    forms.set("engagement_fields", [&] {
      data list{data::type::list};
      list.push_back(FieldData(
          {"statement", Msg(l, "service_pages.field_statement"), "", "select", Msg(l, "service_pages.submitted_only"),
           Options(submitted, state.statement, Msg(l, "committee_pages.choose"))},
          state.errors));
      list.push_back(FieldData({"audit_body", Msg(l, "service_pages.field_audit_body"), "", "select",
                                Msg(l, "service_pages.audit_body_hint"),
                                Options(bodies, state.audit_body, Msg(l, "committee_pages.choose"))},
                               state.errors));
      return list;
    }());
    data app_fields{data::type::list};
    std::vector<std::pair<std::string, std::string>> purposes;
    for (const auto p : {domain::ApplicationPurpose::kNew, domain::ApplicationPurpose::kRenewal,
                         domain::ApplicationPurpose::kChange}) {
      purposes.emplace_back(std::string(domain::ToString(p)), PurposeLabel(l, p));
    }
    app_fields.push_back(FieldData(
        {"purpose", Msg(l, "audit_body_pages.col_purpose"), "", "select", "", Options(purposes, state.purpose, "")},
        state.errors));
    app_fields.push_back(FieldData(
        {"app_statement", Msg(l, "service_pages.field_statement"), "", "select", Msg(l, "service_pages.submitted_only"),
         Options(submitted, state.app_statement, Msg(l, "service_pages.attach_later"))},
        state.errors));
    app_fields.push_back(FieldData(
        {"app_engagement", Msg(l, "service_pages.field_engagement"), "", "select", Msg(l, "service_pages.issued_only"),
         Options(issued, state.app_engagement, Msg(l, "service_pages.attach_later"))},
        state.errors));
    forms.set("application_fields", app_fields);
    forms.set("disclosure_fields", DisclosureFieldData(l, state.disclosures, state.errors));
    data grant_fields{data::type::list};
    grant_fields.push_back(
        FieldData({"agency", Msg(l, "service_pages.field_agency"), "", "select", Msg(l, "service_pages.agency_hint"),
                   Options(agency_choices, state.agency, Msg(l, "committee_pages.choose"))},
                  state.errors));
    grant_fields.push_back(FieldData(
        {"from", Msg(l, "service_pages.field_from"), state.from.empty() ? domain::FormatDate(today) : state.from,
         "date", Msg(l, "service_pages.date_hint")},
        state.errors));
    grant_fields.push_back(FieldData(
        {"until", Msg(l, "service_pages.field_until"), state.until, "date", Msg(l, "service_pages.date_hint")},
        state.errors));
    forms.set("grant_fields", grant_fields);
    view.data.set("manage", forms);
  }
  state.errors.Apply(view.data, l);
  return RenderPage(request, std::move(view), chrome);
}

// After a command on the service: 303 back with a notice, or the page with the error.
template <typename T>
http::Response AfterServiceCommand(const http::Request& request, PagesContext& context, const VersionedPost& posted,
                                   domain::ServiceId id, const core::Result<T>& result, std::string_view notice,
                                   ServicePageState& state, const std::string& field) {
  if (result) {
    return Redirect(ServiceHref(id) + "?done=" + std::string(notice));
  }
  const core::Error& error = result.error();
  if (ForErrorPage(error) || (error.code == core::ErrorCode::kNotFound && error.reason == "service.not_found")) {
    return ErrorPage(request, error, ChromeFor(context, posted.visitor));
  }
  state.status = http::StatusFor(error.code);
  state.errors.Form(ErrorText(request, error), FieldsOf(field));
  return ServicePage(request, context, posted.visitor, id, state);
}

}  // namespace

void RegisterServicePages(http::Router& router, PagesContext& context) {
  AddUserPage(router, context, http::Method::kGet, "/services/{id}", app::Action::kReadCloudServiceRecord,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const auto id = PositiveId(request.Param("id"));
                if (!id) {
                  return ErrorPage(request, 404, "error.not_found", ChromeFor(context, visitor));
                }
                ServicePageState state;
                state.notice =
                    DoneNotice(request, "service_pages.done_",
                               {"created", "engagement_requested", "engagement_withdrawn", "granted", "revoked"});
                return ServicePage(request, context, visitor, domain::ServiceId(*id), state);
              });

  AddRecordForm(router, context, "/services/{id}/statements", app::Action::kManageCloudServices, "error.not_found",
                false, [&context](const http::Request& request, VersionedPost& posted) {
                  ServicePageState state;
                  state.edition = std::string(posted.form.Get("edition"));
                  const domain::ServiceId id(posted.id);
                  if (state.edition.empty()) {
                    state.status = 400;
                    state.errors.Field("edition", "service_pages.field_edition",
                                       Msg(request.language, "service_pages.choose_edition"));
                    return ServicePage(request, context, posted.visitor, id, state);
                  }
                  auto started =
                      context.services.cloud_services().StartStatement(posted.visitor.principal, id, state.edition);
                  if (started) {
                    return Redirect(StatementHref(started->statement.id) + "?done=started");
                  }
                  return AfterServiceCommand(request, context, posted, id, started, "", state, "edition");
                });

  AddRecordForm(router, context, "/services/{id}/engagements", app::Action::kManageCloudServices, "error.not_found",
                false, [&context](const http::Request& request, VersionedPost& posted) {
                  ServicePageState state;
                  state.statement = std::string(posted.form.Get("statement"));
                  state.audit_body = std::string(posted.form.Get("audit_body"));
                  const domain::ServiceId id(posted.id);
                  const auto statement = PositiveId(state.statement);
                  const auto body = PositiveId(state.audit_body);
                  if (!statement) {
                    state.errors.Field("statement", "service_pages.field_statement",
                                       Msg(request.language, "service_pages.choose_statement"));
                  }
                  if (!body) {
                    state.errors.Field("audit_body", "service_pages.field_audit_body",
                                       Msg(request.language, "service_pages.choose_audit_body"));
                  }
                  if (!state.errors.empty()) {
                    state.status = 400;
                    return ServicePage(request, context, posted.visitor, id, state);
                  }
                  auto result = context.services.cloud_services().RequestEngagement(
                      posted.visitor.principal, domain::StatementId(*statement), domain::OrganizationId(*body));
                  return AfterServiceCommand(request, context, posted, id, result, "engagement_requested", state,
                                             "audit_body");
                });

  AddRecordForm(router, context, "/services/{id}/applications", app::Action::kManageCloudServices, "error.not_found",
                false, [&context](const http::Request& request, VersionedPost& posted) {
                  const core::Language l = request.language;
                  ServicePageState state;
                  const domain::ServiceId id(posted.id);
                  state.purpose = std::string(posted.form.Get("purpose"));
                  state.app_statement = std::string(posted.form.Get("app_statement"));
                  state.app_engagement = std::string(posted.form.Get("app_engagement"));
                  state.disclosures = DisclosuresFromForm(posted.form);
                  app::ServiceApplicationInput input;
                  const auto purpose = domain::ApplicationPurposeFromString(state.purpose);
                  if (!purpose) {
                    state.errors.Field("purpose", "audit_body_pages.col_purpose", Msg(l, "error.invalid_argument"));
                  }
                  input.purpose = purpose.value_or(domain::ApplicationPurpose::kNew);
                  input.content.service = id;
                  if (const auto s = PositiveId(state.app_statement)) {
                    input.content.statement = domain::StatementId(*s);
                  }
                  if (const auto e = PositiveId(state.app_engagement)) {
                    input.content.engagement = domain::EngagementId(*e);
                  }
                  input.content.disclosures = state.disclosures;
                  if (!state.errors.empty()) {
                    state.status = 400;
                    return ServicePage(request, context, posted.visitor, id, state);
                  }
                  auto created = context.services.cloud_services().CreateApplication(posted.visitor.principal, input);
                  if (created) {
                    return Redirect(ServiceApplicationHref(created->application.id) + "?done=created");
                  }
                  return AfterServiceCommand(request, context, posted, id, created, "", state, "purpose");
                });

  AddRecordForm(router, context, "/services/{id}/grants", app::Action::kManageCloudServices, "error.not_found", false,
                [&context](const http::Request& request, VersionedPost& posted) {
                  const core::Language l = request.language;
                  ServicePageState state;
                  const domain::ServiceId id(posted.id);
                  state.agency = std::string(posted.form.Get("agency"));
                  state.from = std::string(posted.form.Get("from"));
                  state.until = std::string(posted.form.Get("until"));
                  const auto agency = PositiveId(state.agency);
                  const auto from = domain::ParseDate(state.from);
                  const auto until = domain::ParseDate(state.until);
                  if (!agency) {
                    state.errors.Field("agency", "service_pages.field_agency", Msg(l, "service_pages.choose_agency"));
                  }
                  if (!from) {
                    state.errors.Field("from", "service_pages.field_from", Msg(l, "audit_body_pages.bad_date"));
                  }
                  if (!until) {
                    state.errors.Field("until", "service_pages.field_until", Msg(l, "audit_body_pages.bad_date"));
                  }
                  if (!state.errors.empty()) {
                    state.status = 400;
                    return ServicePage(request, context, posted.visitor, id, state);
                  }
                  auto result = context.services.cloud_services().GrantDisclosure(
                      posted.visitor.principal, id, domain::OrganizationId(*agency), *from, *until);
                  return AfterServiceCommand(request, context, posted, id, result, "granted", state, "agency");
                });

  AddRecordForm(router, context, "/grants/{id}/revoke", app::Action::kManageCloudServices, "error.not_found", false,
                [&context](const http::Request& request, VersionedPost& posted) {
                  ServicePageState state;
                  const auto service = FormId(posted.form, "service");
                  auto result = context.services.cloud_services().RevokeGrant(posted.visitor.principal,
                                                                              domain::DisclosureGrantId(posted.id));
                  if (!service) {
                    return result ? Redirect("/services")
                                  : ErrorPage(request, result.error(), ChromeFor(context, posted.visitor));
                  }
                  return AfterServiceCommand(request, context, posted, domain::ServiceId(*service), result, "revoked",
                                             state, "");
                });

  AddRecordForm(router, context, "/engagements/{id}/withdraw", app::Action::kManageCloudServices, "error.not_found",
                true, [&context](const http::Request& request, VersionedPost& posted) {
                  ServicePageState state;
                  auto result = context.services.cloud_services().WithdrawEngagement(
                      posted.visitor.principal, domain::EngagementId(posted.id), posted.version,
                      std::string(posted.form.Get("reason")));
                  if (!result) {
                    return ErrorPage(request, result.error(), ChromeFor(context, posted.visitor));
                  }
                  return Redirect(ServiceHref(result->service.id) + "?done=engagement_withdrawn");
                });
}

}  // namespace ismap::web::pages
