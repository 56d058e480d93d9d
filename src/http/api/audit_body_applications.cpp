// /api/v1/audit-bodies/applications: an audit body applies, and the evaluator works the application;
// /api/v1/audit-bodies/queue: what waits on evaluators, reviewers and the committee. Every command
// names the version it was read at; a stale one is 409 application.stale_version and changes nothing.
#include <nlohmann/json.hpp>

#include <functional>

#include "http/api/api.hpp"
#include "http/api/audit_body_json.hpp"
#include "http/api/paged_list.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"
#include "http/json_body.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;
using View = core::Result<app::AuditBodyApplicationView>;

Response Refused(const Request& request, const FieldProblem& problem) {
  return ErrorResponse(400, problem.code, "error." + problem.code, request.language, request.request_id,
                       problem.pointer);
}

Response ViewResponse(int status, const app::AuditBodyApplicationView& view) {
  Response response = Response::Json(status, ApplicationViewToJson(view).dump());
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("ETag", "\"" + std::to_string(view.application.version) + "\"");
  return response;
}

// What a command reads from its body besides the version. A command that finds a field it cannot
// use sets `problem` and returns without running (the answer is then 400 with the field's pointer).
struct CommandInput {
  std::int64_t version = 0;
  const json* body = nullptr;
  mutable std::optional<FieldProblem> problem;
};

core::Error NotRun() { return core::MakeError(core::ErrorCode::kInvalidArgument, "field_invalid", "not run"); }

using Command = std::function<View(app::Services&, const app::Principal&, domain::ApplicationId, const CommandInput&)>;

// A text field a command requires (a reason, a note), or nullopt when the problem is answered.
std::optional<FieldProblem> RequiredText(const json& body, const char* name, std::string& out) {
  if (!body.contains(name)) {
    return FieldProblem{"field_missing", std::string("/") + name};
  }
  if (!body[name].is_string()) {
    return FieldProblem{"field_type", std::string("/") + name};
  }
  out = body[name].get<std::string>();
  return std::nullopt;
}

// POST /api/v1/audit-bodies/applications/{id}/<verb>: identify, authorise, read the version and
// the command's fields, run it.
void AddCommand(Router& router, ApiContext& context, const std::string& verb, app::Action action,
                std::initializer_list<const char*> fields, Command command) {
  std::vector<const char*> known(fields);
  known.push_back("version");
  router.Add(
      Method::kPost, "/api/v1/audit-bodies/applications/{id}/" + verb, action,
      [&context, action, known, command = std::move(command)](const Request& request) {
        auto caller = IdentifyFor(request, context, action);
        if (!caller) {
          return ErrorResponse(caller.error(), request);
        }
        const auto id = PositiveId(request.Param("id"));
        if (!id) {
          return ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
        }
        JsonBody body = ParseJsonBody(request);
        if (body.error) {
          return *body.error;
        }
        std::optional<FieldProblem> problem;
        if (!body.value.is_object()) {
          problem = FieldProblem{"field_type", ""};
        } else {
          for (const auto& [key, value] : body.value.items()) {
            if (std::find_if(known.begin(), known.end(), [&key](const char* k) { return key == k; }) == known.end()) {
              problem = FieldProblem{"field_unknown", "/" + key};
              break;
            }
          }
        }
        CommandInput input{0, &body.value, std::nullopt};
        if (!problem) {
          problem = ReadVersion(body.value, input.version);
        }
        if (problem) {
          return Refused(request, *problem);
        }
        auto view = command(context.services, caller->principal, domain::ApplicationId(*id), input);
        if (input.problem) {
          return Refused(request, *input.problem);
        }
        if (!view) {
          return ErrorResponse(view.error(), request);
        }
        return ViewResponse(200, *view);
      });
}

// A command with one required text field passed to `run`.
template <class Run>
Command WithText(const char* name, Run run) {
  return [name, run](app::Services& services, const app::Principal& principal, domain::ApplicationId id,
                     const CommandInput& input) -> View {
    std::string text;
    if ((input.problem = RequiredText(*input.body, name, text))) {
      return NotRun();
    }
    return run(services, principal, id, input.version, text);
  };
}

void AddCommands(Router& router, ApiContext& context) {
  using app::Action;
  using app::Principal;
  using app::Services;
  AddCommand(router, context, "submit", Action::kApplyAsAuditBody, {},
             [](Services& s, const Principal& p, domain::ApplicationId id, const CommandInput& in) {
               return s.SubmitAuditBodyApplication(p, id, in.version);
             });
  AddCommand(router, context, "resubmit", Action::kApplyAsAuditBody, {},
             [](Services& s, const Principal& p, domain::ApplicationId id, const CommandInput& in) {
               return s.ResubmitAuditBodyApplication(p, id, in.version);
             });
  AddCommand(router, context, "withdraw", Action::kApplyAsAuditBody, {"reason"},
             WithText("reason", [](Services& s, const Principal& p, domain::ApplicationId id, std::int64_t version,
                                   const std::string& reason) {
               return s.WithdrawAuditBodyApplication(p, id, version, reason);
             }));
  AddCommand(router, context, "start-evaluation", Action::kEvaluateAuditBodyApplication, {},
             [](Services& s, const Principal& p, domain::ApplicationId id, const CommandInput& in) {
               return s.StartAuditBodyEvaluation(p, id, in.version);
             });
  AddCommand(router, context, "return", Action::kEvaluateAuditBodyApplication, {"reason"},
             WithText("reason",
                      [](Services& s, const Principal& p, domain::ApplicationId id, std::int64_t version,
                         const std::string& reason) { return s.ReturnAuditBodyApplication(p, id, version, reason); }));
  AddCommand(
      router, context, "evaluation", Action::kEvaluateAuditBodyApplication, {"item_id", "verdict", "note"},
      [](Services& s, const Principal& p, domain::ApplicationId id, const CommandInput& in) -> View {
        std::string item;
        std::string verdict_text;
        std::string note;
        for (auto [name, out] : {std::pair<const char*, std::string*>{"item_id", &item}, {"verdict", &verdict_text}}) {
          if ((in.problem = RequiredText(*in.body, name, *out))) {
            return NotRun();
          }
        }
        if (in.body->contains("note")) {
          if ((in.problem = RequiredText(*in.body, "note", note))) {
            return NotRun();
          }
        }
        const auto verdict = domain::ItemVerdictFromString(verdict_text);
        if (!verdict) {
          in.problem = FieldProblem{"field_invalid", "/verdict"};
          return NotRun();
        }
        return s.MarkAuditBodyEvaluationItem(p, id, in.version, item, *verdict, note);
      });
  AddCommand(router, context, "recommend", Action::kEvaluateAuditBodyApplication, {"outcome", "note"},
             [](Services& s, const Principal& p, domain::ApplicationId id, const CommandInput& in) -> View {
               std::string outcome_text;
               std::string note;
               if ((in.problem = RequiredText(*in.body, "outcome", outcome_text)) ||
                   (in.problem = RequiredText(*in.body, "note", note))) {
                 return NotRun();
               }
               const auto outcome = domain::RecommendationOutcomeFromString(outcome_text);
               if (!outcome) {
                 in.problem = FieldProblem{"field_invalid", "/outcome"};
                 return NotRun();
               }
               return s.RecommendAuditBodyApplication(p, id, in.version, *outcome, note);
             });
}

}  // namespace

void RegisterAuditBodyApplicationRoutes(Router& router, ApiContext& context) {
  router.Add(Method::kPost, "/api/v1/audit-bodies/applications", app::Action::kApplyAsAuditBody,
             [&context](const Request& request) {
               auto caller = IdentifyFor(request, context, app::Action::kApplyAsAuditBody);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               JsonBody body = ParseJsonBody(request);
               if (body.error) {
                 return *body.error;
               }
               if (auto problem = RejectUnknown(body.value, {"purpose", "registration_id", "content"})) {
                 return Refused(request, *problem);
               }
               app::AuditBodyApplicationInput input;
               if (body.value.contains("purpose")) {
                 const json& purpose = body.value["purpose"];
                 const auto parsed = purpose.is_string()
                                         ? domain::ApplicationPurposeFromString(purpose.get<std::string>())
                                         : std::nullopt;
                 if (!parsed) {
                   return Refused(request, {purpose.is_string() ? "field_invalid" : "field_type", "/purpose"});
                 }
                 input.purpose = *parsed;
               }
               if (body.value.contains("registration_id") && !body.value["registration_id"].is_null()) {
                 const json& registration = body.value["registration_id"];
                 if (!registration.is_number_integer() || registration.get<std::int64_t>() < 1) {
                   return Refused(request, {"field_type", "/registration_id"});
                 }
                 input.registration = domain::RegistrationId(registration.get<std::int64_t>());
               }
               if (!body.value.contains("content")) {
                 return Refused(request, {"field_missing", "/content"});
               }
               if (auto problem = ReadDossier(body.value["content"], "/content", input.dossier)) {
                 return Refused(request, *problem);
               }
               auto created = context.services.CreateAuditBodyApplication(caller->principal, input);
               if (!created) {
                 return ErrorResponse(created.error(), request);
               }
               Response response = ViewResponse(201, *created);
               response.headers.emplace_back(
                   "Location", "/api/v1/audit-bodies/applications/" + std::to_string(created->application.id.value()));
               return response;
             });

  router.Add(Method::kGet, "/api/v1/audit-bodies/applications", app::Action::kReadAuditBodyApplication,
             [&context](const Request& request) {
               return PagedList(
                   request, context, app::Action::kReadAuditBodyApplication,
                   [&context](const app::Principal& p, int limit, int offset) {
                     return context.services.ListOwnAuditBodyApplications(p, limit, offset);
                   },
                   ApplicationToJson);
             });

  router.Add(Method::kGet, "/api/v1/audit-bodies/queue", app::Action::kReadAuditBodyQueue,
             [&context](const Request& request) {
               return PagedList(
                   request, context, app::Action::kReadAuditBodyQueue,
                   [&context](const app::Principal& p, int limit, int offset) {
                     return context.services.ListAuditBodyQueue(p, limit, offset);
                   },
                   QueueEntryToJson);
             });

  router.Add(Method::kGet, "/api/v1/audit-bodies/applications/{id}", app::Action::kReadAuditBodyApplication,
             [&context](const Request& request) {
               auto caller = IdentifyFor(request, context, app::Action::kReadAuditBodyApplication);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               const auto id = PositiveId(request.Param("id"));
               if (!id) {
                 return ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
               }
               auto view = context.services.GetAuditBodyApplication(caller->principal, domain::ApplicationId(*id));
               if (!view) {
                 return ErrorResponse(view.error(), request);
               }
               return ViewResponse(200, *view);
             });

  // The whole content, replaced, while the application is a draft or returned.
  router.Add(Method::kPut, "/api/v1/audit-bodies/applications/{id}", app::Action::kApplyAsAuditBody,
             [&context](const Request& request) {
               auto caller = IdentifyFor(request, context, app::Action::kApplyAsAuditBody);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               const auto id = PositiveId(request.Param("id"));
               if (!id) {
                 return ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
               }
               JsonBody body = ParseJsonBody(request);
               if (body.error) {
                 return *body.error;
               }
               std::int64_t version = 0;
               storage::AuditBodyDossier dossier;
               if (auto problem = RejectUnknown(body.value, {"version", "content"})) {
                 return Refused(request, *problem);
               }
               if (auto problem = ReadVersion(body.value, version)) {
                 return Refused(request, *problem);
               }
               if (!body.value.contains("content")) {
                 return Refused(request, {"field_missing", "/content"});
               }
               if (auto problem = ReadDossier(body.value["content"], "/content", dossier)) {
                 return Refused(request, *problem);
               }
               auto view = context.services.UpdateAuditBodyDraft(caller->principal, domain::ApplicationId(*id), version,
                                                                 dossier);
               if (!view) {
                 return ErrorResponse(view.error(), request);
               }
               return ViewResponse(200, *view);
             });

  AddCommands(router, context);
}

}  // namespace ismap::http::api
