#include <algorithm>
#include <charconv>

#include "core/clock.hpp"
#include "http/api/api.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"
#include "http/json_body.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

json TokenToJson(const domain::ApiToken& token) {
  return json{{"id", token.id.value()},
              {"name", token.name},
              {"scopes", token.scopes},
              {"created_at", core::FormatRfc3339(token.created_at)},
              {"expires_at", core::FormatRfc3339(token.expires_at)},
              {"revoked_at", token.revoked_at ? json(core::FormatRfc3339(*token.revoked_at)) : json(nullptr)}};
}

}  // namespace

void RegisterTokenRoutes(Router& router, ApiContext& context) {
  router.Add(Method::kGet, "/api/v1/tokens", app::Action::kManageOwnSecurity, [&context](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    auto tokens = context.services.ListApiTokens(caller->principal);
    if (!tokens) {
      return ErrorResponse(tokens.error(), request);
    }
    json items = json::array();
    for (const auto& token : *tokens) {
      items.push_back(TokenToJson(token));
    }
    Response response = Response::Json(200, json{{"items", items}}.dump());
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });

  // {"name": "...", "scopes": ["list_users", ...], "expires_in_days": 90}
  router.Add(Method::kPost, "/api/v1/tokens", app::Action::kManageOwnSecurity, [&context](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    if (auto allowed = app::Authorize(caller->principal, app::Action::kManageOwnSecurity); !allowed) {
      return ErrorResponse(allowed.error(), request);
    }
    JsonBody body = ParseJsonBody(request);
    if (body.error) {
      return *body.error;
    }
    const auto name = StringField(body.value, "name");
    if (!name) {
      return ErrorResponse(400, "field_missing", "error.field_missing", request.language, request.request_id, "/name");
    }
    std::vector<std::string> scopes;
    if (!body.value.contains("scopes") || !body.value["scopes"].is_array()) {
      return ErrorResponse(400, "field_type", "error.field_type", request.language, request.request_id, "/scopes");
    }
    for (std::size_t i = 0; i < body.value["scopes"].size(); ++i) {
      const auto& scope = body.value["scopes"][i];
      if (!scope.is_string()) {
        return ErrorResponse(400, "field_type", "error.field_type", request.language, request.request_id,
                             "/scopes/" + std::to_string(i));
      }
      scopes.push_back(scope.get<std::string>());
    }
    if (!body.value.contains("expires_in_days") || !body.value["expires_in_days"].is_number_integer()) {
      return ErrorResponse(400, "field_type", "error.field_type", request.language, request.request_id,
                           "/expires_in_days");
    }
    const auto days = body.value["expires_in_days"].get<std::int64_t>();
    auto created = context.services.CreateApiToken(caller->principal, *name, scopes,
                                                   static_cast<int>(std::clamp<std::int64_t>(days, -1, 100000)));
    if (!created) {
      return ErrorResponse(created.error(), request);
    }
    json out = TokenToJson(created->record);
    out["token"] = created->token;  // shown once
    Response response = Response::Json(201, out.dump());
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });

  router.Add(
      Method::kDelete, "/api/v1/tokens/{id}", app::Action::kManageOwnSecurity, [&context](const Request& request) {
        const auto parsed = PositiveId(request.Param("id"));
        if (!parsed) {
          return ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
        }
        const std::int64_t id = *parsed;
        auto caller = Identify(request, context);
        if (!caller) {
          return ErrorResponse(caller.error(), request);
        }
        if (auto revoked = context.services.RevokeApiToken(caller->principal, domain::ApiTokenId(id)); !revoked) {
          return ErrorResponse(revoked.error(), request);
        }
        Response response;
        response.status = 204;
        response.content_type.clear();
        return response;
      });
}

}  // namespace ismap::http::api
