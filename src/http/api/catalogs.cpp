// /api/v1/catalogs, /api/v1/controls, /api/v1/baselines: the control criteria and other catalogs,
// read by anyone (DESIGN.md §3: catalogs are public).
#include <nlohmann/json.hpp>

#include <map>

#include "core/clock.hpp"
#include "http/api/api.hpp"
#include "http/api/criteria_json.hpp"
#include "http/api/downloads.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

// ?lang=ja|en for documents (default: the request's language).
std::optional<std::string> DocumentLanguage(const Request& request) {
  const std::string_view lang = request.Query("lang");
  if (lang.empty()) {
    return request.language == core::Language::kEn ? "en" : "ja";
  }
  if (lang == "ja" || lang == "en") {
    return std::string(lang);
  }
  return std::nullopt;
}

template <class Fn>
Handler Public(ApiContext& context, Fn fn) {
  return [&context, fn](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    return fn(request, caller->principal);
  };
}

}  // namespace

void RegisterCatalogRoutes(Router& router, ApiContext& context) {
  app::Services& services = context.services;
  const auto read = app::Action::kReadCatalogs;

  router.Add(Method::kGet, "/api/v1/catalogs", read,
             Public(context, [&services](const Request& request, const app::Principal& p) {
               auto editions = services.ListEditions(p);
               if (!editions) {
                 return ErrorResponse(editions.error(), request);
               }
               json items = json::array();
               for (const auto& e : *editions) {
                 items.push_back(EditionToJson(e));
               }
               return Response::Json(200, json{{"items", items}}.dump());
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{key}", read,
             Public(context, [&services](const Request& request, const app::Principal& p) {
               const std::string key(request.Param("key"));
               auto content = services.ReadEdition(p, key);
               if (!content) {
                 return ErrorResponse(content.error(), request);
               }
               json out = EditionInfoToJson(content->info);
               out["tree"] = TreeToJson(content->controls);
               auto baselines = services.ListBaselines(p, key);
               if (!baselines) {
                 return ErrorResponse(baselines.error(), request);
               }
               out["baselines"] = json::array();
               for (const auto& b : *baselines) {
                 out["baselines"].push_back(BaselineToJson(b));
               }
               return Response::Json(200, out.dump());
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{key}/controls/{control}", read,
             Public(context, [&services](const Request& request, const app::Principal& p) {
               auto page =
                   services.ReadControl(p, std::string(request.Param("key")), std::string(request.Param("control")));
               if (!page) {
                 return ErrorResponse(page.error(), request);
               }
               json out = ControlToJson(page->control);
               out["edition"] = page->edition.info.key;
               out["ancestors"] = json::array();
               for (const auto& a : page->ancestors) {
                 out["ancestors"].push_back(ControlSummaryJson(a));
               }
               out["children"] = json::array();
               for (const auto& c : page->children) {
                 out["children"].push_back(ControlSummaryJson(c));
               }
               out["mappings"] = json::array();
               for (const auto& m : page->mappings) {
                 out["mappings"].push_back(MappingToJson(m));
               }
               return Response::Json(200, out.dump());
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{key}/diff/{other}", read,
             Public(context, [&services](const Request& request, const app::Principal& p) {
               const std::string before(request.Param("key"));
               const std::string after(request.Param("other"));
               auto diff = services.DiffEditions(p, before, after);
               if (!diff) {
                 return ErrorResponse(diff.error(), request);
               }
               return Response::Json(200, DiffToJson(before, after, *diff).dump());
             }));

  router.Add(Method::kGet, "/api/v1/catalogs/{key}/export", read,
             Public(context, [&services](const Request& request, const app::Principal& p) {
               const std::string key(request.Param("key"));
               const std::string_view format_text = request.Query("format").empty() ? "oscal" : request.Query("format");
               const auto format = app::ExportFormatFromString(format_text);
               if (!format) {
                 return BadParameter(request, "/format");
               }
               const auto lang = DocumentLanguage(request);
               if (!lang) {
                 return BadParameter(request, "/lang");
               }
               auto bytes = services.ExportEdition(p, key, *format, *lang);
               if (!bytes) {
                 return ErrorResponse(bytes.error(), request);
               }
               switch (*format) {
                 case app::ExportFormat::kOscal:
                   return Download(std::move(*bytes), "application/json", key + "." + *lang + ".json");
                 case app::ExportFormat::kCsv:
                   return Download(std::move(*bytes), "text/csv; charset=utf-8", key + ".csv");
                 case app::ExportFormat::kXlsx:
                   break;
               }
               return Download(std::move(*bytes), kXlsxMediaType, key + ".xlsx");
             }));

  router.Add(Method::kGet, "/api/v1/controls", read,
             Public(context, [&services](const Request& request, const app::Principal& p) {
               int limit = 0;
               int offset = 0;
               if (!ReadPaging(request, limit, offset)) {
                 return BadParameter(request, "/limit");
               }
               const std::string text(request.Query("q"));
               std::optional<std::string> edition;
               if (!request.Query("edition").empty()) {
                 edition = std::string(request.Query("edition"));
               }
               auto hits = services.SearchControls(p, edition, text, limit, offset);
               if (!hits) {
                 return ErrorResponse(hits.error(), request);
               }
               json items = json::array();
               for (const auto& hit : *hits) {
                 json item = ControlSummaryJson(hit.control);
                 item["edition"] = hit.edition_key;
                 items.push_back(std::move(item));
               }
               return Response::Json(200, json{{"items", items}, {"limit", limit}, {"offset", offset}}.dump());
             }));

  router.Add(Method::kGet, "/api/v1/baselines", read,
             Public(context, [&services](const Request& request, const app::Principal& p) {
               std::optional<std::string> edition;
               if (!request.Query("edition").empty()) {
                 edition = std::string(request.Query("edition"));
               }
               auto baselines = services.ListBaselines(p, edition);
               if (!baselines) {
                 return ErrorResponse(baselines.error(), request);
               }
               json items = json::array();
               for (const auto& b : *baselines) {
                 items.push_back(BaselineToJson(b));
               }
               return Response::Json(200, json{{"items", items}}.dump());
             }));

  router.Add(Method::kGet, "/api/v1/baselines/{key}", read,
             Public(context, [&services](const Request& request, const app::Principal& p) {
               auto baseline = services.ReadBaseline(p, std::string(request.Param("key")));
               if (!baseline) {
                 return ErrorResponse(baseline.error(), request);
               }
               json out = BaselineInfoToJson(baseline->info);
               out["entries"] = json::array();
               for (const auto& e : baseline->entries) {
                 out["entries"].push_back({{"control_id", e.control_id}, {"required", e.required}});
               }
               return Response::Json(200, out.dump());
             }));

  router.Add(Method::kGet, "/api/v1/baselines/{key}/export", read,
             Public(context, [&services](const Request& request, const app::Principal& p) {
               const std::string key(request.Param("key"));
               const auto lang = DocumentLanguage(request);
               if (!lang) {
                 return BadParameter(request, "/lang");
               }
               auto bytes = services.ExportBaseline(p, key, *lang);
               if (!bytes) {
                 return ErrorResponse(bytes.error(), request);
               }
               return Download(std::move(*bytes), "application/json", key + "." + *lang + ".json");
             }));
}

}  // namespace ismap::http::api
