#include "http/api/api.hpp"
#include "http/errors.hpp"

namespace ismap::http::api {

void RegisterHealthRoutes(Router& router, ApiContext& context) {
  // Liveness: the process answers. Never touches the database.
  router.Add(
      Method::kGet, "/healthz", app::Action::kReadPublic,
      [](const Request&) { return Response::Json(200, R"({"status":"ok"})"); }, Execution::kInline);

  // Readiness: the database answers and its schema is current.
  router.Add(Method::kGet, "/readyz", app::Action::kReadPublic, [&context](const Request& request) {
    if (auto r = context.services.CheckReadiness(); !r) {
      Response response = ErrorResponse(503, "not_ready", "error.unavailable", request.language, request.request_id);
      return response;
    }
    return Response::Json(200, R"({"status":"ready"})");
  });

  router.Add(
      Method::kGet, "/metrics", app::Action::kReadPublic,
      [&context](const Request&) {
        Response response = Response::Text(200, context.metrics.Render());
        response.content_type = "text/plain; version=0.0.4; charset=utf-8";
        return response;
      },
      Execution::kInline);
}

}  // namespace ismap::http::api
