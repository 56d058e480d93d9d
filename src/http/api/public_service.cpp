// GET /api/v1/services/{id}[?on=]: one cloud service's public record (issue 8), everything DESIGN.md
// §3 makes public, never its statement's entries.
#include <nlohmann/json.hpp>

#include "http/api/cloud_service_routes.hpp"

namespace ismap::http::api {

using cloud_routes::BadParameter;
using cloud_routes::ReadOnDate;
using nlohmann::json;

void RegisterPublicServiceRoute(Router& router, ApiContext& context) {
  // One service's public line; 404 for a service that is not (or no longer) on the list that day.
  router.Add(Method::kGet, "/api/v1/services/{id}", app::Action::kReadPublic, [&context](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    const auto id = PositiveId(request.Param("id"));
    if (!id) {
      return cloud_routes::NotFound(request);
    }
    const auto on = ReadOnDate(request, context);
    if (!on) {
      return BadParameter(request, "/on");
    }
    auto service = context.services.cloud_services().GetPublic(caller->principal, domain::ServiceId(*id), *on);
    if (!service) {
      return ErrorResponse(service.error(), request);
    }
    json out = PublicServiceToJson(*service);
    out["on"] = domain::FormatDate(*on);
    return Response::Json(200, out.dump());
  });
}

}  // namespace ismap::http::api
