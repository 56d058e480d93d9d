#include <charconv>

#include "http/api/api.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"
#include "http/json_body.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

// `roles` as a JSON array of role names; an error response naming the pointer otherwise.
std::optional<Response> ReadRoles(const Request& request, const json& body, std::vector<domain::Role>& out) {
  if (!body.is_object() || !body.contains("roles") || !body["roles"].is_array()) {
    return ErrorResponse(400, "field_type", "error.field_type", request.language, request.request_id, "/roles");
  }
  for (std::size_t i = 0; i < body["roles"].size(); ++i) {
    const auto& item = body["roles"][i];
    const auto role = item.is_string() ? domain::RoleFromString(item.get<std::string>()) : std::nullopt;
    if (!role) {
      return ErrorResponse(400, "user.role_unknown", "error.invalid_argument", request.language, request.request_id,
                           "/roles/" + std::to_string(i));
    }
    out.push_back(*role);
  }
  return std::nullopt;
}

Response NotFound(const Request& request) {
  return ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
}

}  // namespace

void RegisterUserRoutes(Router& router, ApiContext& context) {
  router.Add(Method::kGet, "/api/v1/organizations/{id}/users", app::Action::kListUsers,
             [&context](const Request& request) {
               const auto org = PositiveId(request.Param("id"));
               if (!org) {
                 return NotFound(request);
               }
               auto caller = Identify(request, context);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               auto users = context.services.ListUsers(caller->principal, domain::OrganizationId(*org), 500, 0);
               if (!users) {
                 return ErrorResponse(users.error(), request);
               }
               json items = json::array();
               for (const auto& user : *users) {
                 items.push_back(UserToJson(user));
               }
               Response response = Response::Json(200, json{{"items", items}}.dump());
               response.headers.emplace_back("Cache-Control", "no-store");
               return response;
             });

  router.Add(Method::kPost, "/api/v1/organizations/{id}/users", app::Action::kCreateUser,
             [&context](const Request& request) {
               const auto org = PositiveId(request.Param("id"));
               if (!org) {
                 return NotFound(request);
               }
               auto caller = Identify(request, context);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               // Authorise before reading the body: no validation detail for callers without the right.
               if (auto allowed = app::Authorize(caller->principal, app::Action::kCreateUser,
                                                 app::Resource{domain::OrganizationId(*org)});
                   !allowed) {
                 return ErrorResponse(allowed.error(), request);
               }
               JsonBody body = ParseJsonBody(request);
               if (body.error) {
                 return *body.error;
               }
               domain::NewUser user;
               user.organization_id = domain::OrganizationId(*org);
               const auto email = StringField(body.value, "email");
               const auto name = StringField(body.value, "display_name");
               if (!email || !name) {
                 return ErrorResponse(400, "field_missing", "error.field_missing", request.language, request.request_id,
                                      !email ? "/email" : "/display_name");
               }
               user.email = *email;
               user.display_name = *name;
               if (auto error = ReadRoles(request, body.value, user.roles)) {
                 return *error;
               }
               const std::string password = StringField(body.value, "password").value_or("");
               auto created = context.services.CreateUser(caller->principal, std::move(user), password);
               if (!created) {
                 return ErrorResponse(created.error(), request);
               }
               json out = {{"user", UserToJson(created->user)}};
               if (created->one_time_password) {
                 out["one_time_password"] = *created->one_time_password;
               }
               Response response = Response::Json(201, out.dump());
               response.headers.emplace_back("Cache-Control", "no-store");
               return response;
             });

  router.Add(Method::kDelete, "/api/v1/users/{id}/mfa", app::Action::kResetUserMfa, [&context](const Request& request) {
    const auto id = PositiveId(request.Param("id"));
    if (!id) {
      return NotFound(request);
    }
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    if (auto reset = context.services.ResetUserMfa(caller->principal, domain::UserId(*id)); !reset) {
      return ErrorResponse(reset.error(), request);
    }
    Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
  });

  router.Add(
      Method::kPut, "/api/v1/users/{id}/roles", app::Action::kChangeUserRoles, [&context](const Request& request) {
        const auto id = PositiveId(request.Param("id"));
        if (!id) {
          return NotFound(request);
        }
        auto caller = Identify(request, context);
        if (!caller) {
          return ErrorResponse(caller.error(), request);
        }
        if (auto allowed =
                context.services.AuthorizeOnUser(caller->principal, app::Action::kChangeUserRoles, domain::UserId(*id));
            !allowed) {
          return ErrorResponse(allowed.error(), request);
        }
        JsonBody body = ParseJsonBody(request);
        if (body.error) {
          return *body.error;
        }
        std::vector<domain::Role> roles;
        if (auto error = ReadRoles(request, body.value, roles)) {
          return *error;
        }
        auto user = context.services.ChangeUserRoles(caller->principal, domain::UserId(*id), roles);
        if (!user) {
          return ErrorResponse(user.error(), request);
        }
        return Response::Json(200, json{{"user", UserToJson(*user)}}.dump());
      });
}

}  // namespace ismap::http::api
