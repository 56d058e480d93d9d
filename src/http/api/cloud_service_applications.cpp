// /api/v1/applications: a provider applies for the cloud service list (new, renewal, change) with a
// submitted statement, the issued report and the disclosures; reviewers check acceptance, review
// per control, return, ask for an additional audit and recommend; the committee decides through
// /api/v1/committee ("register": "cloud_service"). /api/v1/applications/mine is the provider's
// dashboard, /api/v1/applications/queue what waits on reviewers, the committee and the secretariat.
// Every command names the version it was read at; a stale one is 409 application.stale_version.
#include <nlohmann/json.hpp>

#include "http/api/cloud_service_routes.hpp"

namespace ismap::http::api {
namespace {

using cloud_routes::Call;
using cloud_routes::Handle;
using cloud_routes::kBody;
using cloud_routes::kId;
using cloud_routes::NoStore;
using cloud_routes::Refused;
using nlohmann::json;

using View = core::Result<app::ServiceApplicationView>;
using Problem = std::optional<FieldProblem>;

Response ViewResponse(const Request& request, const View& view, int status = 200) {
  if (!view) {
    return ErrorResponse(view.error(), request);
  }
  return NoStore(status, ServiceApplicationViewToJson(*view), view->application.version);
}

core::Error NotRun() { return core::MakeError(core::ErrorCode::kInvalidArgument, "field_invalid", "not run"); }

std::optional<FieldProblem> RequiredText(const json& body, const char* name, std::string& out) {
  const auto text = StringField(body, name);
  if (!text) {
    return FieldProblem{body.contains(name) ? "field_type" : "field_missing", std::string("/") + name};
  }
  out = *text;
  return std::nullopt;
}

// A page of the dashboard or the queue: {"items", "limit", "offset", "total"}.
template <class Fetch>
Response QueuePage(const Request& request, ApiContext& context, app::Action action, Fetch fetch) {
  auto caller = IdentifyFor(request, context, action);
  if (!caller) {
    return ErrorResponse(caller.error(), request);
  }
  int limit = 0;
  int offset = 0;
  if (!ReadPaging(request, limit, offset)) {
    return ErrorResponse(400, "invalid_pagination", "error.invalid_pagination", request.language, request.request_id);
  }
  core::Result<app::ServiceQueuePage> page = fetch(caller->principal, limit, offset);
  if (!page) {
    return ErrorResponse(page.error(), request);
  }
  json items = json::array();
  for (const auto& line : page->lines) {
    items.push_back(ServiceQueueLineToJson(line));
  }
  return NoStore(200, json{{"items", items}, {"limit", limit}, {"offset", offset}, {"total", page->total}});
}

// POST /api/v1/applications/{id}/<verb> with {"version", ...fields}.
template <class Run>
void AddCommand(Router& router, ApiContext& context, const std::string& verb, app::Action action,
                std::initializer_list<const char*> fields, Run run) {
  std::vector<std::string> known(fields.begin(), fields.end());
  known.emplace_back("version");
  router.Add(Method::kPost, "/api/v1/applications/{id}/" + verb, action,
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
                 Problem problem;
                 View view = run(context.services.cloud_services(), in.caller.principal, domain::ApplicationId(in.id),
                                 version, in.body, problem);
                 if (problem) {
                   return Refused(request, *problem);
                 }
                 return ViewResponse(request, view);
               });
             });
}

// A command with only the version.
template <class Fn>
auto Plain(Fn method) {
  return [method](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t version,
                  const json&, Problem&) -> View { return (s.*method)(p, id, version); };
}

// A command with a required text field.
template <class Fn>
auto WithText(const char* name, Fn method) {
  return [name, method](app::CloudServices& s, const app::Principal& p, domain::ApplicationId id, std::int64_t version,
                        const json& body, Problem& problem) -> View {
    std::string text;
    if ((problem = RequiredText(body, name, text))) {
      return NotRun();
    }
    return (s.*method)(p, id, version, text);
  };
}

void AddCommands(Router& router, ApiContext& context) {
  using app::Action;
  using app::CloudServices;
  using app::Principal;
  AddCommand(router, context, "submit", Action::kManageCloudServices, {}, Plain(&CloudServices::Submit));
  AddCommand(router, context, "resubmit", Action::kManageCloudServices, {}, Plain(&CloudServices::Resubmit));
  AddCommand(router, context, "withdraw", Action::kManageCloudServices, {"reason"},
             WithText("reason", &CloudServices::Withdraw));
  // {"version", "engagement"}: the additional audit's engagement, its report issued.
  AddCommand(router, context, "additional-audit", Action::kManageCloudServices, {"engagement"},
             [](CloudServices& s, const Principal& p, domain::ApplicationId id, std::int64_t version, const json& body,
                Problem& problem) -> View {
               std::int64_t engagement = 0;
               if ((problem = ReadId(body, "engagement", engagement))) {
                 return NotRun();
               }
               return s.SubmitAdditionalAudit(p, id, version, domain::EngagementId(engagement));
             });
  AddCommand(router, context, "start-acceptance-check", Action::kReviewCloudService, {},
             Plain(&CloudServices::StartAcceptanceCheck));
  AddCommand(router, context, "accept", Action::kReviewCloudService, {}, Plain(&CloudServices::Accept));
  AddCommand(router, context, "return", Action::kReviewCloudService, {"reason"},
             WithText("reason", &CloudServices::Return));
  AddCommand(router, context, "request-additional-audit", Action::kReviewCloudService, {"reason"},
             WithText("reason", &CloudServices::RequestAdditionalAudit));
  AddCommand(
      router, context, "recommend", Action::kReviewCloudService, {"outcome", "note"},
      [](CloudServices& s, const Principal& p, domain::ApplicationId id, std::int64_t version, const json& body,
         Problem& problem) -> View {
        std::string outcome_text;
        std::string note;
        if ((problem = RequiredText(body, "outcome", outcome_text)) || (problem = RequiredText(body, "note", note))) {
          return NotRun();
        }
        const auto outcome = domain::RecommendationOutcomeFromString(outcome_text);
        if (!outcome) {
          problem = FieldProblem{"field_invalid", "/outcome"};
          return NotRun();
        }
        return s.Recommend(p, id, version, *outcome, note);
      });
  // {"version", "control_id", "verdict": "met"|"not_met"|"unanswered", "note"?}: one finding of the
  // technical review (the version is checked, not changed).
  AddCommand(router, context, "findings", Action::kReviewCloudService, {"control_id", "verdict", "note"},
             [](CloudServices& s, const Principal& p, domain::ApplicationId id, std::int64_t version, const json& body,
                Problem& problem) -> View {
               std::string control;
               std::string verdict_text;
               std::string note;
               if ((problem = RequiredText(body, "control_id", control)) ||
                   (problem = RequiredText(body, "verdict", verdict_text))) {
                 return NotRun();
               }
               if (body.contains("note") && (problem = RequiredText(body, "note", note))) {
                 return NotRun();
               }
               const auto verdict = domain::ItemVerdictFromString(verdict_text);
               if (!verdict) {
                 problem = FieldProblem{"field_invalid", "/verdict"};
                 return NotRun();
               }
               return s.MarkFinding(p, id, version, control, *verdict, note);
             });
}

}  // namespace

void RegisterServiceApplicationRoutes(Router& router, ApiContext& context) {
  // {"purpose"?: "new"|"renewal"|"change", "service", "statement"?, "engagement"?, "disclosures"}.
  router.Add(
      Method::kPost, "/api/v1/applications", app::Action::kManageCloudServices, [&context](const Request& request) {
        return Handle(request, context, app::Action::kManageCloudServices, kBody, [&](Call& in) {
          if (auto problem = RejectUnknown(in.body, {"purpose", "service", "statement", "engagement", "disclosures"})) {
            return Refused(request, *problem);
          }
          app::ServiceApplicationInput input;
          if (in.body.contains("purpose")) {
            const json& purpose = in.body["purpose"];
            const auto parsed =
                purpose.is_string() ? domain::ApplicationPurposeFromString(purpose.get<std::string>()) : std::nullopt;
            if (!parsed) {
              return Refused(request, {purpose.is_string() ? "field_invalid" : "field_type", "/purpose"});
            }
            input.purpose = *parsed;
          }
          json content = in.body;
          content.erase("purpose");
          if (auto problem = ReadApplicationContent(content, "", input.content)) {
            return Refused(request, *problem);
          }
          auto view = context.services.cloud_services().CreateApplication(in.caller.principal, input);
          Response response = ViewResponse(request, view, 201);
          if (view) {
            response.headers.emplace_back("Location",
                                          "/api/v1/applications/" + std::to_string(view->application.id.value()));
          }
          return response;
        });
      });

  router.Add(Method::kGet, "/api/v1/applications/mine", app::Action::kManageCloudServices,
             [&context](const Request& request) {
               return QueuePage(request, context, app::Action::kManageCloudServices,
                                [&context](const app::Principal& p, int limit, int offset) {
                                  return context.services.cloud_services().Dashboard(p, limit, offset);
                                });
             });

  router.Add(Method::kGet, "/api/v1/applications/queue", app::Action::kReadCloudServiceQueue,
             [&context](const Request& request) {
               return QueuePage(request, context, app::Action::kReadCloudServiceQueue,
                                [&context](const app::Principal& p, int limit, int offset) {
                                  return context.services.cloud_services().Queue(p, limit, offset);
                                });
             });

  router.Add(Method::kGet, "/api/v1/applications/{id}", app::Action::kReadCloudServiceRecord,
             [&context](const Request& request) {
               return Handle(request, context, app::Action::kReadCloudServiceRecord, kId, [&](Call& in) {
                 return ViewResponse(request, context.services.cloud_services().GetApplication(
                                                  in.caller.principal, domain::ApplicationId(in.id)));
               });
             });

  // {"version", "content": {...}}: the whole content, replaced, while a draft or returned.
  router.Add(Method::kPut, "/api/v1/applications/{id}", app::Action::kManageCloudServices,
             [&context](const Request& request) {
               return Handle(request, context, app::Action::kManageCloudServices, kId | kBody, [&](Call& in) {
                 if (auto problem = RejectUnknown(in.body, {"version", "content"})) {
                   return Refused(request, *problem);
                 }
                 std::int64_t version = 0;
                 if (auto problem = ReadVersion(in.body, version)) {
                   return Refused(request, *problem);
                 }
                 if (!in.body.contains("content")) {
                   return Refused(request, {"field_missing", "/content"});
                 }
                 domain::ServiceApplicationContent content;
                 if (auto problem = ReadApplicationContent(in.body["content"], "/content", content)) {
                   return Refused(request, *problem);
                 }
                 return ViewResponse(request, context.services.cloud_services().UpdateApplication(
                                                  in.caller.principal, domain::ApplicationId(in.id), version, content));
               });
             });

  AddCommands(router, context);
}

}  // namespace ismap::http::api
