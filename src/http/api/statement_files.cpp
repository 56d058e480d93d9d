// A statement's files through the API (issue 7; app/statement_files.hpp): export as CSV, XLSX or an
// OSCAL SSP; import of the whole selection from CSV, XLSX or an OSCAL SSP (the body is the file's
// bytes, the version a query parameter), replacing every entry of the draft; and an audit body's
// results from OSCAL assessment-results. A refused file is 400 with the reason's localized message
// and, in "detail", where in the file (row and column, or JSON pointer): the caller's own file, so
// nothing restricted is echoed to anyone else.
#include <nlohmann/json.hpp>

#include <charconv>

#include "app/statement_files.hpp"
#include "http/api/cloud_service_routes.hpp"
#include "http/api/downloads.hpp"

namespace ismap::http::api {
namespace {

using cloud_routes::Call;
using cloud_routes::Handle;
using cloud_routes::kId;
using cloud_routes::NoStore;
using nlohmann::json;

// ?version=N (>= 1), nullopt when missing or malformed.
std::optional<std::int64_t> QueryVersion(const Request& request) {
  const std::string_view text = request.Query("version");
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1) {
    return std::nullopt;
  }
  return value;
}

// An import's refusal: the usual error, plus the file position the message names.
Response FileRefused(const core::Error& error, const Request& request) {
  Response response = ErrorResponse(error, request);
  if (error.code != core::ErrorCode::kInvalidArgument) {
    return response;
  }
  json body = json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("error")) {
    body["error"]["detail"] = error.message;
    response.body = body.dump();
  }
  return response;
}

// Restricted content: never kept by a shared cache or the browser's.
Response File(std::string bytes, std::string_view content_type, const std::string& filename) {
  Response response = Download(std::move(bytes), content_type, filename);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace

void RegisterStatementFileRoutes(Router& router, ApiContext& context) {
  // ?format=csv|xlsx|oscal-ssp: the statement with its annex, for those who may read it (each read
  // outside the provider is recorded, as for GET /api/v1/statements/{id}).
  router.Add(Method::kGet, "/api/v1/statements/{id}/export", app::Action::kReadCloudServiceRecord,
             [&context](const Request& request) {
               return Handle(request, context, app::Action::kReadCloudServiceRecord, kId, [&](Call& in) {
                 const std::string format(request.Query("format").empty() ? "csv" : request.Query("format"));
                 if (format != "csv" && format != "xlsx" && format != "oscal-ssp") {
                   return BadParameter(request, "/format");
                 }
                 auto& services = context.services.cloud_services();
                 const domain::StatementId id(in.id);
                 auto view = services.GetStatement(in.caller.principal, id);
                 if (!view) {
                   return ErrorResponse(view.error(), request);
                 }
                 auto edition = services.StatementEdition(in.caller.principal, id);
                 if (!edition) {
                   return ErrorResponse(edition.error(), request);
                 }
                 const std::string name =
                     "statement-" + std::to_string(in.id) + "-r" + std::to_string(view->statement.revision);
                 if (format == "csv") {
                   return File(app::ExportStatementCsv(*edition, view->statement.entries), "text/csv; charset=utf-8",
                               name + ".csv");
                 }
                 if (format == "xlsx") {
                   auto bytes = app::ExportStatementXlsx(*edition, view->statement.entries);
                   if (!bytes) {
                     return ErrorResponse(bytes.error(), request);
                   }
                   return File(std::move(*bytes), kXlsxMediaType, name + ".xlsx");
                 }
                 app::SspExportOptions options;
                 options.service_name = view->service.name_en.empty() ? view->service.name_ja : view->service.name_en;
                 options.service_id = "service-" + std::to_string(view->service.id.value());
                 options.last_modified = view->statement.updated_at;
                 auto ssp = app::ExportStatementSsp(*edition, view->statement, options);
                 if (!ssp) {
                   return ErrorResponse(ssp.error(), request);
                 }
                 return File(std::move(*ssp), "application/json", name + "-ssp.json");
               });
             });

  // ?format=csv|xlsx|oscal-ssp&version=N, the file as the body: every entry of the draft replaced.
  router.Add(Method::kPost, "/api/v1/statements/{id}/import", app::Action::kManageCloudServices,
             [&context](const Request& request) {
               return Handle(request, context, app::Action::kManageCloudServices, kId, [&](Call& in) {
                 const std::string format(request.Query("format"));
                 if (format != "csv" && format != "xlsx" && format != "oscal-ssp") {
                   return BadParameter(request, "/format");
                 }
                 const auto version = QueryVersion(request);
                 if (!version) {
                   return BadParameter(request, "/version");
                 }
                 auto& services = context.services.cloud_services();
                 const domain::StatementId id(in.id);
                 auto edition = services.StatementEdition(in.caller.principal, id);
                 if (!edition) {
                   return ErrorResponse(edition.error(), request);
                 }
                 const std::string file = "upload." + (format == "oscal-ssp" ? std::string("json") : format);
                 auto entries = format == "csv"    ? app::ImportStatementCsv(*edition, request.body, file)
                                : format == "xlsx" ? app::ImportStatementXlsx(*edition, request.body, file)
                                                   : app::ImportStatementSsp(*edition, request.body, file);
                 if (!entries) {
                   return FileRefused(entries.error(), request);
                 }
                 app::StatementEdit edit;
                 edit.entries = std::move(*entries);
                 edit.replace_all_entries = true;
                 auto view = services.EditStatement(in.caller.principal, id, *version, edit);
                 if (!view) {
                   return ErrorResponse(view.error(), request);
                 }
                 return NoStore(200, StatementViewToJson(*view), view->statement.version);
               });
             });

  // ?format=oscal-assessment-results&version=N, the file as the body: the engagement's results
  // replaced (as PUT /api/v1/engagements/{id}/results).
  router.Add(Method::kPost, "/api/v1/engagements/{id}/results/import", app::Action::kAuditCloudService,
             [&context](const Request& request) {
               return Handle(request, context, app::Action::kAuditCloudService, kId, [&](Call& in) {
                 if (request.Query("format") != "oscal-assessment-results") {
                   return BadParameter(request, "/format");
                 }
                 const auto version = QueryVersion(request);
                 if (!version) {
                   return BadParameter(request, "/version");
                 }
                 auto& services = context.services.cloud_services();
                 const domain::EngagementId id(in.id);
                 auto engagement = services.GetEngagement(in.caller.principal, id);
                 if (!engagement) {
                   return ErrorResponse(engagement.error(), request);
                 }
                 auto edition = services.StatementEdition(in.caller.principal, engagement->engagement.statement);
                 if (!edition) {
                   return ErrorResponse(edition.error(), request);
                 }
                 auto results = app::ImportAssessmentResults(*edition, request.body, "assessment-results.json");
                 if (!results) {
                   return FileRefused(results.error(), request);
                 }
                 auto view = services.RecordResults(in.caller.principal, id, *version, std::move(*results));
                 if (!view) {
                   return ErrorResponse(view.error(), request);
                 }
                 return NoStore(200, EngagementViewToJson(*view), view->engagement.version);
               });
             });
}

}  // namespace ismap::http::api
