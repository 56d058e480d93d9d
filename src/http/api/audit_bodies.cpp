// /api/v1/audit-bodies: the public audit body list (監査機関リスト), as it stands on a date, as JSON
// or as CSV (UTF-8 with a BOM, so Excel reads the Japanese names); one audit body's public record;
// and its record over time for those who monitor audit bodies.
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "http/api/api.hpp"
#include "http/api/audit_body_json.hpp"
#include "http/api/downloads.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"

namespace ismap::http::api {
using nlohmann::json;

void RegisterAuditBodyRoutes(Router& router, ApiContext& context) {
  router.Add(Method::kGet, "/api/v1/audit-bodies", app::Action::kReadPublic, [&context](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    // ?on=YYYY-MM-DD: the list as it stood that day (default: today in Japan).
    const auto on_date = ReadOnDate(request, context.services.TodayInJapan());
    if (!on_date) {
      return ErrorResponse(400, "invalid_parameter", "error.invalid_parameter", request.language, request.request_id,
                           "/on");
    }
    const domain::Date on = *on_date;
    const std::string_view format = request.Query("format").empty() ? "json" : request.Query("format");
    if (format != "json" && format != "csv" && format != "xlsx") {
      return ErrorResponse(400, "invalid_parameter", "error.invalid_parameter", request.language, request.request_id,
                           "/format");
    }
    auto bodies = context.services.ListPublicAuditBodies(caller->principal, on);
    if (!bodies) {
      return ErrorResponse(bodies.error(), request);
    }
    if (format != "json") {
      auto file = TableDownload(PublicAuditBodiesTable(*bodies), format, "audit-bodies",
                                "audit-bodies-" + domain::FormatDate(on));
      return file ? std::move(*file) : ErrorResponse(file.error(), request);
    }
    json items = json::array();
    for (const auto& b : *bodies) {
      items.push_back(PublicAuditBodyToJson(b));
    }
    return Response::Json(200, json{{"on", domain::FormatDate(on)}, {"items", items}}.dump());
  });

  router.Add(Method::kGet, "/api/v1/audit-bodies/{id}", app::Action::kReadPublic, [&context](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    const auto id = PositiveId(request.Param("id"));
    if (!id) {
      return ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
    }
    const auto on = ReadOnDate(request, context.services.TodayInJapan());
    if (!on) {
      return ErrorResponse(400, "invalid_parameter", "error.invalid_parameter", request.language, request.request_id,
                           "/on");
    }
    auto record = context.services.GetPublicAuditBody(caller->principal, domain::OrganizationId(*id), *on);
    if (!record) {
      return ErrorResponse(record.error(), request);
    }
    json registrations = json::array();
    for (const auto& r : record->registrations) {
      registrations.push_back(RegistrationRecordToJson(r));
    }
    json out = PublicAuditBodyToJson(record->listing);
    out["on"] = domain::FormatDate(*on);
    out["registrations"] = registrations;
    return Response::Json(200, out.dump());
  });

  router.Add(Method::kGet, "/api/v1/audit-bodies/{id}/monitoring", app::Action::kMonitorAuditBodies,
             [&context](const Request& request) {
               auto caller = IdentifyFor(request, context, app::Action::kMonitorAuditBodies);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               const auto id = PositiveId(request.Param("id"));
               if (!id) {
                 return ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
               }
               auto monitoring = context.services.MonitorAuditBody(caller->principal, domain::OrganizationId(*id));
               if (!monitoring) {
                 return ErrorResponse(monitoring.error(), request);
               }
               json registrations = json::array();
               for (const auto& r : monitoring->registrations) {
                 registrations.push_back(RegistrationRecordToJson(r));
               }
               json applications = json::array();
               for (const auto& m : monitoring->applications) {
                 json findings = json::array();
                 for (const auto& f : m.findings) {
                   findings.push_back(json{{"item_id", f.item_id}, {"note", f.note}});
                 }
                 json entry = ApplicationToJson(m.application);
                 entry["returns"] = m.returns;
                 entry["findings"] = findings;
                 applications.push_back(std::move(entry));
               }
               json timeline = json::array();
               for (const auto& t : monitoring->timeline) {
                 timeline.push_back(json{{"at", core::FormatRfc3339(t.at)},
                                         {"type", t.type},
                                         {"subject", t.subject},
                                         {"reason", t.reason.empty() ? json(nullptr) : json(t.reason)}});
               }
               json out{{"organization_id", monitoring->organization.id.value()},
                        {"name_ja", monitoring->organization.name_ja},
                        {"name_en", monitoring->organization.name_en},
                        {"registrations", registrations},
                        {"applications", applications},
                        {"timeline", timeline}};
               Response response = Response::Json(200, out.dump());
               response.headers.emplace_back("Cache-Control", "no-store");
               return response;
             });
}

}  // namespace ismap::http::api
