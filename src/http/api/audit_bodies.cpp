// /api/v1/audit-bodies: the public audit body list (監査機関リスト), as it stands on a date, as JSON
// or as CSV (UTF-8 with a BOM, so Excel reads the Japanese names).
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "http/api/api.hpp"
#include "http/errors.hpp"
#include "tabular/csv.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

json ToJson(const app::PublicAuditBody& body) {
  auto text_or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return json{
      {"registration_id", body.registration_id.value()},
      {"organization_id", body.holder.value()},
      {"name_ja", body.name_ja},
      {"name_en", body.name_en},
      {"registration_number", body.number},
      {"registered_on", domain::FormatDate(body.registered_on)},
      {"valid_until", domain::FormatDate(body.valid_until)},
      {"status", domain::ToString(body.status)},
      {"contact_email", text_or_null(body.contact_email)},
      {"contact_phone", text_or_null(body.contact_phone)},
  };
}

tabular::Table ToTable(const std::vector<app::PublicAuditBody>& bodies) {
  tabular::Table table;
  table.rows.push_back({"registration_number", "name_ja", "name_en", "registered_on", "valid_until", "status",
                        "contact_email", "contact_phone"});
  for (const auto& b : bodies) {
    table.rows.push_back({b.number, b.name_ja, b.name_en, domain::FormatDate(b.registered_on),
                          domain::FormatDate(b.valid_until), std::string(domain::ToString(b.status)), b.contact_email,
                          b.contact_phone});
  }
  return table;
}

}  // namespace

void RegisterAuditBodyRoutes(Router& router, ApiContext& context) {
  router.Add(Method::kGet, "/api/v1/audit-bodies", app::Action::kReadPublic, [&context](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    // ?on=YYYY-MM-DD: the list as it stood that day (default: today in Japan).
    domain::Date on = context.services.TodayInJapan();
    if (!request.Query("on").empty()) {
      auto parsed = domain::ParseDate(request.Query("on"));
      if (!parsed) {
        return ErrorResponse(400, "invalid_parameter", "error.invalid_parameter", request.language, request.request_id,
                             "/on");
      }
      on = *parsed;
    }
    const std::string_view format = request.Query("format").empty() ? "json" : request.Query("format");
    if (format != "json" && format != "csv") {
      return ErrorResponse(400, "invalid_parameter", "error.invalid_parameter", request.language, request.request_id,
                           "/format");
    }
    auto bodies = context.services.ListPublicAuditBodies(caller->principal, on);
    if (!bodies) {
      return ErrorResponse(bodies.error(), request);
    }
    if (format == "csv") {
      Response response = Response::Text(200, tabular::WriteCsv(ToTable(*bodies)));
      response.content_type = "text/csv; charset=utf-8";
      response.headers.emplace_back("Content-Disposition",
                                    "attachment; filename=\"audit-bodies-" + domain::FormatDate(on) + ".csv\"");
      return response;
    }
    json items = json::array();
    for (const auto& b : *bodies) {
      items.push_back(ToJson(b));
    }
    return Response::Json(200, json{{"on", domain::FormatDate(on)}, {"items", items}}.dump());
  });
}

}  // namespace ismap::http::api
