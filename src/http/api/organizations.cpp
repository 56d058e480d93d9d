#include <nlohmann/json.hpp>

#include <charconv>
#include <set>

#include "core/clock.hpp"
#include "http/api/api.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"
#include "http/json_body.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

json ToJson(const domain::Organization& org) {
  return json{
      {"id", org.id.value()},
      {"kind", domain::ToString(org.kind)},
      {"name_ja", org.name_ja},
      {"name_en", org.name_en},
      {"corporate_number", org.corporate_number ? json(*org.corporate_number) : json(nullptr)},
      {"created_at", core::FormatRfc3339(org.created_at)},
  };
}

Response FieldError(const Request& request, std::string_view code, std::string_view key, std::string_view pointer) {
  return ErrorResponse(400, code, key, request.language, request.request_id, pointer);
}

// Reads the body of POST /api/v1/organizations into `out`, or returns the error response.
std::optional<Response> ReadNewOrganization(const Request& request, const json& body, domain::NewOrganization& out) {
  if (!body.is_object()) {
    return FieldError(request, "field_type", "error.field_type", "");
  }
  static const std::set<std::string> kKnown = {"kind", "name_ja", "name_en", "corporate_number"};
  for (const auto& [key, value] : body.items()) {
    if (kKnown.count(key) == 0) {
      return FieldError(request, "field_unknown", "error.field_unknown", "/" + key);
    }
  }
  for (const char* required : {"kind", "name_ja", "name_en"}) {
    if (!body.contains(required)) {
      return FieldError(request, "field_missing", "error.field_missing", std::string("/") + required);
    }
    if (!body[required].is_string()) {
      return FieldError(request, "field_type", "error.field_type", std::string("/") + required);
    }
  }
  const auto kind = domain::OrganizationKindFromString(body["kind"].get<std::string>());
  if (!kind) {
    return FieldError(request, "organization.invalid_kind", "organization.invalid_kind", "/kind");
  }
  out.kind = *kind;
  out.name_ja = body["name_ja"].get<std::string>();
  out.name_en = body["name_en"].get<std::string>();
  if (body.contains("corporate_number") && !body["corporate_number"].is_null()) {
    if (!body["corporate_number"].is_string()) {
      return FieldError(request, "field_type", "error.field_type", "/corporate_number");
    }
    out.corporate_number = body["corporate_number"].get<std::string>();
  }
  return std::nullopt;
}

}  // namespace

void RegisterOrganizationRoutes(Router& router, ApiContext& context) {
  router.Add(
      Method::kPost, "/api/v1/organizations", app::Action::kCreateOrganization, [&context](const Request& request) {
        auto caller = Identify(request, context);
        if (!caller) {
          return ErrorResponse(caller.error(), request);
        }
        const app::Principal& principal = caller->principal;
        // Authorise before reading the body, so the public learns nothing from validation errors.
        if (auto allowed = app::Authorize(principal, app::Action::kCreateOrganization); !allowed) {
          return ErrorResponse(allowed.error(), request);
        }
        JsonBody body = ParseJsonBody(request);
        if (body.error) {
          return *body.error;
        }
        domain::NewOrganization input;
        if (auto error = ReadNewOrganization(request, body.value, input)) {
          return *error;
        }
        auto created = context.services.CreateOrganization(principal, input);
        if (!created) {
          return ErrorResponse(created.error(), request);
        }
        Response response = Response::Json(201, ToJson(*created).dump());
        response.headers.emplace_back("Location", "/api/v1/organizations/" + std::to_string(created->id.value()));
        return response;
      });

  router.Add(Method::kGet, "/api/v1/organizations/{id}", app::Action::kReadOrganization,
             [&context](const Request& request) {
               const auto parsed = PositiveId(request.Param("id"));
               if (!parsed) {
                 return ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
               }
               const std::int64_t id = *parsed;
               auto caller = Identify(request, context);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               auto org = context.services.GetOrganization(caller->principal, domain::OrganizationId(id));
               if (!org) {
                 return ErrorResponse(org.error(), request);
               }
               Response response = Response::Json(200, ToJson(*org).dump());
               response.headers.emplace_back("Cache-Control", "no-store");
               return response;
             });

  router.Add(Method::kGet, "/api/v1/organizations", app::Action::kListOrganizations,
             [&context](const Request& request) {
               int limit = 0;
               int offset = 0;
               if (!ReadPaging(request, limit, offset)) {
                 return ErrorResponse(400, "invalid_pagination", "error.invalid_pagination", request.language,
                                      request.request_id);
               }
               auto caller = Identify(request, context);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               auto page = context.services.ListOrganizations(caller->principal, limit, offset);
               if (!page) {
                 return ErrorResponse(page.error(), request);
               }
               json items = json::array();
               for (const auto& org : page->items) {
                 items.push_back(ToJson(org));
               }
               Response response = Response::Json(
                   200, json{{"items", items}, {"total", page->total}, {"limit", limit}, {"offset", offset}}.dump());
               response.headers.emplace_back("Cache-Control", "no-store");
               return response;
             });
}

}  // namespace ismap::http::api
