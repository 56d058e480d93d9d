// /api/v1/engagements: a provider engages a registered audit body to audit a submitted statement;
// the audit body accepts (independence declaration, auditors), declines, records per-control
// results and issues the report (a document uploaded before with subject "engagement/<id>"); the
// provider may withdraw. The engagement and its report are restricted (DESIGN.md §3). Every
// command names the version it was read at; a stale one is 409 engagement.stale_version.
#include <nlohmann/json.hpp>

#include "http/api/cloud_service_routes.hpp"

namespace ismap::http::api {
namespace {

using cloud_routes::Call;
using cloud_routes::Handle;
using cloud_routes::kBody;
using cloud_routes::kId;
using cloud_routes::kNothing;
using cloud_routes::NoStore;
using cloud_routes::Refused;
using nlohmann::json;

using View = core::Result<app::EngagementView>;

Response ViewResponse(const Request& request, const View& view, int status = 200) {
  if (!view) {
    return ErrorResponse(view.error(), request);
  }
  return NoStore(status, EngagementViewToJson(*view), view->engagement.version);
}

// POST /api/v1/engagements/{id}/<verb> with {"version", ...fields}: `run(in, version)` -> View, or
// a FieldProblem through `problem`.
template <class Run>
void AddCommand(Router& router, ApiContext& context, const std::string& verb, app::Action action,
                std::initializer_list<const char*> fields, Run run) {
  std::vector<std::string> known(fields.begin(), fields.end());
  known.emplace_back("version");
  router.Add(Method::kPost, "/api/v1/engagements/{id}/" + verb, action,
             [&context, action, known, run](const Request& request) {
               return Handle(request, context, action, kId | kBody, [&](Call& in) {
                 if (!in.body.is_object()) {
                   return Refused(request, {"field_type", ""});
                 }
                 for (const auto& [key, value] : in.body.items()) {
                   if (std::find(known.begin(), known.end(), key) == known.end()) {
                     return Refused(request, {"field_unknown", "/" + key});
                   }
                 }
                 std::int64_t version = 0;
                 if (auto problem = ReadVersion(in.body, version)) {
                   return Refused(request, *problem);
                 }
                 std::optional<FieldProblem> problem;
                 View view = run(context.services.cloud_services(), in, version, problem);
                 if (problem) {
                   return Refused(request, *problem);
                 }
                 return ViewResponse(request, view);
               });
             });
}

core::Error NotRun() { return core::MakeError(core::ErrorCode::kInvalidArgument, "field_invalid", "not run"); }

// body[name] as a required string into `out`.
std::optional<FieldProblem> RequiredText(const json& body, const char* name, std::string& out) {
  const auto text = StringField(body, name);
  if (!text) {
    return FieldProblem{body.contains(name) ? "field_type" : "field_missing", std::string("/") + name};
  }
  out = *text;
  return std::nullopt;
}

void AddCommands(Router& router, ApiContext& context) {
  using app::Action;
  using app::CloudServices;
  using Problem = std::optional<FieldProblem>;
  AddCommand(router, context, "accept", Action::kAuditCloudService, {"independence", "auditors"},
             [](CloudServices& s, const Call& in, std::int64_t version, Problem& problem) -> View {
               domain::IndependenceDeclaration independence;
               std::vector<domain::Auditor> auditors;
               if (!in.body.contains("independence")) {
                 problem = FieldProblem{"field_missing", "/independence"};
                 return NotRun();
               }
               if ((problem = ReadIndependence(in.body["independence"], "/independence", independence))) {
                 return NotRun();
               }
               if (!in.body.contains("auditors") || !in.body["auditors"].is_array()) {
                 problem = FieldProblem{in.body.contains("auditors") ? "field_type" : "field_missing", "/auditors"};
                 return NotRun();
               }
               for (std::size_t i = 0; i < in.body["auditors"].size(); ++i) {
                 domain::Auditor auditor;
                 if ((problem = ReadAuditor(in.body["auditors"][i], "/auditors/" + std::to_string(i), auditor))) {
                   return NotRun();
                 }
                 auditors.push_back(std::move(auditor));
               }
               return s.AcceptEngagement(in.caller.principal, domain::EngagementId(in.id), version, independence,
                                         auditors);
             });
  AddCommand(router, context, "decline", Action::kAuditCloudService, {"reason"},
             [](CloudServices& s, const Call& in, std::int64_t version, Problem& problem) -> View {
               std::string reason;
               if ((problem = RequiredText(in.body, "reason", reason))) {
                 return NotRun();
               }
               return s.DeclineEngagement(in.caller.principal, domain::EngagementId(in.id), version, reason);
             });
  // The reason is optional for the provider.
  AddCommand(router, context, "withdraw", Action::kManageCloudServices, {"reason"},
             [](CloudServices& s, const Call& in, std::int64_t version, Problem& problem) -> View {
               std::string reason;
               if (in.body.contains("reason") && (problem = RequiredText(in.body, "reason", reason))) {
                 return NotRun();
               }
               return s.WithdrawEngagement(in.caller.principal, domain::EngagementId(in.id), version, reason);
             });
  // {"version", "document"}: the report document, uploaded by the audit body with subject
  // "engagement/<id>".
  AddCommand(router, context, "report", Action::kAuditCloudService, {"document"},
             [](CloudServices& s, const Call& in, std::int64_t version, Problem& problem) -> View {
               std::int64_t document = 0;
               if ((problem = ReadId(in.body, "document", document))) {
                 return NotRun();
               }
               return s.IssueReport(in.caller.principal, domain::EngagementId(in.id), version,
                                    domain::DocumentId(document));
             });
}

}  // namespace

void RegisterEngagementRoutes(Router& router, ApiContext& context) {
  // {"statement": id, "audit_body": organisation id}: only a body on the audit body list today.
  router.Add(Method::kPost, "/api/v1/engagements", app::Action::kManageCloudServices,
             [&context](const Request& request) {
               return Handle(request, context, app::Action::kManageCloudServices, kBody, [&](Call& in) {
                 if (auto problem = RejectUnknown(in.body, {"statement", "audit_body"})) {
                   return Refused(request, *problem);
                 }
                 std::int64_t statement = 0;
                 std::int64_t audit_body = 0;
                 if (auto problem = ReadId(in.body, "statement", statement)) {
                   return Refused(request, *problem);
                 }
                 if (auto problem = ReadId(in.body, "audit_body", audit_body)) {
                   return Refused(request, *problem);
                 }
                 auto view = context.services.cloud_services().RequestEngagement(
                     in.caller.principal, domain::StatementId(statement), domain::OrganizationId(audit_body));
                 Response response = ViewResponse(request, view, 201);
                 if (view) {
                   response.headers.emplace_back("Location",
                                                 "/api/v1/engagements/" + std::to_string(view->engagement.id.value()));
                 }
                 return response;
               });
             });

  // The caller's organisation's engagements: a provider's or an audit body's; other organisations
  // have none.
  router.Add(Method::kGet, "/api/v1/engagements/mine", app::Action::kReadCloudServiceRecord,
             [&context](const Request& request) {
               return Handle(request, context, app::Action::kReadCloudServiceRecord, kNothing, [&](Call& in) {
                 json items = json::array();
                 const auto kind = in.caller.principal.organization_kind;
                 if (kind == domain::OrganizationKind::kCsp || kind == domain::OrganizationKind::kAuditBody) {
                   auto views = context.services.cloud_services().ListOwnEngagements(in.caller.principal);
                   if (!views) {
                     return ErrorResponse(views.error(), request);
                   }
                   for (const auto& view : *views) {
                     json item = EngagementToJson(view.engagement);
                     item["service_name_ja"] = view.service.name_ja;
                     item["service_name_en"] = view.service.name_en;
                     item["audit_body_name_ja"] = view.audit_body_name_ja;
                     item["audit_body_name_en"] = view.audit_body_name_en;
                     items.push_back(std::move(item));
                   }
                 }
                 return NoStore(200, json{{"items", items}});
               });
             });

  router.Add(Method::kGet, "/api/v1/engagements/{id}", app::Action::kReadCloudServiceRecord,
             [&context](const Request& request) {
               return Handle(request, context, app::Action::kReadCloudServiceRecord, kId, [&](Call& in) {
                 return ViewResponse(request, context.services.cloud_services().GetEngagement(
                                                  in.caller.principal, domain::EngagementId(in.id)));
               });
             });

  // {"version", "results": [...]}: replaces the recorded results while the engagement is accepted.
  router.Add(Method::kPut, "/api/v1/engagements/{id}/results", app::Action::kAuditCloudService,
             [&context](const Request& request) {
               return Handle(request, context, app::Action::kAuditCloudService, kId | kBody, [&](Call& in) {
                 if (auto problem = RejectUnknown(in.body, {"version", "results"})) {
                   return Refused(request, *problem);
                 }
                 std::int64_t version = 0;
                 if (auto problem = ReadVersion(in.body, version)) {
                   return Refused(request, *problem);
                 }
                 if (!in.body.contains("results")) {
                   return Refused(request, {"field_missing", "/results"});
                 }
                 std::vector<domain::ControlResult> results;
                 if (auto problem = ReadResults(in.body["results"], "/results", results)) {
                   return Refused(request, *problem);
                 }
                 return ViewResponse(
                     request, context.services.cloud_services().RecordResults(
                                  in.caller.principal, domain::EngagementId(in.id), version, std::move(results)));
               });
             });

  AddCommands(router, context);
}

}  // namespace ismap::http::api
