// GET /api/v1/services/{id}[?on=]: one cloud service's public record (issue 8), everything DESIGN.md
// §3 makes public, never its statement's entries: the list's line, the controls implemented per
// chapter (counts only) and the registration's history (events, days and validity; no reasons).
#include <nlohmann/json.hpp>

#include "http/api/cloud_service_routes.hpp"

namespace ismap::http::api {

using nlohmann::json;

namespace {

json DetailToJson(const app::PublicServiceRecord& record) {
  json out = PublicServiceToJson(record.line);
  json chapters = json::array();
  for (const auto& chapter : record.controls_by_chapter) {
    chapters.push_back({{"chapter", chapter.chapter},
                        {"title_ja", chapter.title_ja},
                        {"title_en", chapter.title_en},
                        {"implemented", chapter.implemented},
                        {"total", chapter.total}});
  }
  out["controls_by_chapter"] = std::move(chapters);
  json history = json::array();
  for (const auto& entry : record.history) {
    history.push_back({{"on", domain::FormatDate(entry.on)},
                       {"event", entry.event},
                       {"valid_until", entry.valid_until ? json(domain::FormatDate(*entry.valid_until)) : json()}});
  }
  out["history"] = std::move(history);
  return out;
}

}  // namespace

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
    const auto on = ReadOnDate(request, context.services.TodayInJapan());
    if (!on) {
      return BadParameter(request, "/on");
    }
    auto record = context.services.GetPublicServiceRecord(caller->principal, domain::ServiceId(*id), *on);
    if (!record) {
      // One answer for a service that does not exist and one not on the list that day (the
      // contract's not_found), so the public learns nothing about unregistered services.
      return record.error().code == core::ErrorCode::kNotFound ? cloud_routes::NotFound(request)
                                                               : ErrorResponse(record.error(), request);
    }
    json out = DetailToJson(*record);
    out["on"] = domain::FormatDate(*on);
    return Response::Json(200, out.dump());
  });
}

}  // namespace ismap::http::api
