// GET /api/v1/statistics: the programme statistics (issue 8; app/portal_statistics.hpp). Public.
// Answers {"today": date, "list_sizes": [{"on": date, "services": {"ismap": n, "liu": n},
// "audit_bodies": n}, ...24 month ends], "decision_times": {"cloud_services": [year...],
// "audit_bodies": [year...]}} where a year is {"year": n, "decided": n, "median_days": x,
// "p90_days": x}. It takes no parameters but ?lang=: any other is 400 unknown_parameter naming it.
#include <nlohmann/json.hpp>

#include "app/portal_statistics.hpp"
#include "domain/date.hpp"
#include "http/api/api.hpp"
#include "http/errors.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

json YearsToJson(const std::vector<domain::YearDurations>& years) {
  json out = json::array();
  for (const auto& year : years) {
    out.push_back(
        {{"year", year.year}, {"decided", year.count}, {"median_days", year.median_days}, {"p90_days", year.p90_days}});
  }
  return out;
}

json StatisticsToJson(const app::PortalStatistics& stats) {
  json sizes = json::array();
  for (const auto& point : stats.list_sizes) {
    sizes.push_back({{"on", domain::FormatDate(point.on)},
                     {"services", {{"ismap", point.ismap_services}, {"liu", point.liu_services}}},
                     {"audit_bodies", point.audit_bodies}});
  }
  return json{{"today", domain::FormatDate(stats.today)},
              {"list_sizes", std::move(sizes)},
              {"decision_times",
               {{"cloud_services", YearsToJson(stats.service_decisions)},
                {"audit_bodies", YearsToJson(stats.audit_body_decisions)}}}};
}

}  // namespace

void RegisterStatisticsRoute(Router& router, ApiContext& context) {
  router.Add(Method::kGet, "/api/v1/statistics", app::Action::kReadPublic, [&context](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    for (const auto& [name, value] : request.query) {
      if (name != "lang") {  // the language of messages, read by the server
        return ErrorResponse(400, "unknown_parameter", "public_pages.statistics_unknown_parameter", request.language,
                             request.request_id, "/" + name);
      }
    }
    auto stats = context.services.ReadPortalStatistics(caller->principal);
    if (!stats) {
      return ErrorResponse(stats.error(), request);
    }
    return Response::Json(200, StatisticsToJson(*stats).dump());
  });
}

}  // namespace ismap::http::api
