// /api/v1/audit-bodies/requirements: what an audit body must meet, as the evaluator checks it (the
// current version of the requirement set). Public: anyone may see what is required. The router
// prefers the literal segment, so this does not clash with /api/v1/audit-bodies/{id}.
#include <nlohmann/json.hpp>

#include "http/api/api.hpp"
#include "http/errors.hpp"

namespace ismap::http::api {

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
               nlohmann::json items = nlohmann::json::array();
               for (const auto& item : set->items) {
                 items.push_back({{"id", item.id}, {"text_ja", item.text_ja}, {"text_en", item.text_en}});
               }
               return Response::Json(200, nlohmann::json{{"version", set->version}, {"items", items}}.dump());
             });
}

}  // namespace ismap::http::api
