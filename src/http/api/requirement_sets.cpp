// /api/v1/audit-bodies/requirements: what an audit body must meet, as the evaluator checks it (the
// current version of the requirement set). Public: anyone may see what is required; the secretariat
// publishes a new version with POST (the same JSON as `ismap audit-body requirements import`). The
// router prefers the literal segment, so this does not clash with /api/v1/audit-bodies/{id}.
#include <nlohmann/json.hpp>

#include "http/api/api.hpp"
#include "http/errors.hpp"
#include "http/json_body.hpp"

namespace ismap::http::api {
namespace {

nlohmann::json SetToJson(const domain::RequirementSet& set) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : set.items) {
    items.push_back({{"id", item.id}, {"text_ja", item.text_ja}, {"text_en", item.text_en}});
  }
  return nlohmann::json{{"version", set.version}, {"items", items}};
}

// ParseRequirementSet's messages read "<source>: <JSON pointer>: why"; the pointer goes in the
// error's own field so a client need not parse prose.
std::string PointerOf(const std::string& message, std::string_view source) {
  const std::string prefix = std::string(source) + ": /";
  if (message.rfind(prefix, 0) != 0) {
    return {};
  }
  const auto end = message.find(": ", prefix.size());
  return message.substr(prefix.size() - 1, end == std::string::npos ? std::string::npos : end - prefix.size() + 1);
}

}  // namespace

void RegisterRequirementSetRoutes(Router& router, ApiContext& context) {
  router.Add(Method::kGet, "/api/v1/audit-bodies/requirements", app::Action::kReadPublic,
             [&context](const Request& request) {
               auto caller = Identify(request, context);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               auto set = context.services.CurrentRequirementSet(caller->principal);
               if (!set) {
                 return ErrorResponse(set.error(), request);
               }
               return Response::Json(200, SetToJson(*set).dump());
             });

  router.Add(Method::kPost, "/api/v1/audit-bodies/requirements", app::Action::kManageRequirementSets,
             [&context](const Request& request) {
               auto caller = IdentifyFor(request, context, app::Action::kManageRequirementSets);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               JsonBody body = ParseJsonBody(request);  // content type, depth, well-formedness
               if (body.error) {
                 return *body.error;
               }
               constexpr std::string_view kSource = "request";
               auto set = app::ParseRequirementSet(request.body, kSource);
               if (!set) {
                 return ErrorResponse(400, set.error().reason, set.error().reason, request.language, request.request_id,
                                      PointerOf(set.error().message, kSource));
               }
               auto published = context.services.PublishRequirementSet(caller->principal, *set);
               if (!published) {
                 return ErrorResponse(published.error(), request);
               }
               Response response = Response::Json(201, SetToJson(*published).dump());
               response.headers.emplace_back("Location", "/api/v1/audit-bodies/requirements");
               return response;
             });
}

}  // namespace ismap::http::api
