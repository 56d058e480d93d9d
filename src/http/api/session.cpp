#include "core/qr.hpp"
#include "http/api/api.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"
#include "http/json_body.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

Response GrantResponse(const app::SessionGrant& grant, ApiContext& context, json extra = json::object()) {
  json body = {{"stage", domain::ToString(grant.stage)},
               {"mfa_enrolled", grant.mfa_enrolled},
               {"csrf_token", grant.csrf_token},
               {"user", UserToJson(grant.user)}};
  body.update(extra);
  Response response = Response::Json(200, body.dump());
  response.headers.emplace_back("Set-Cookie", SessionCookie(grant.token, context.cookie_secure));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

// The body's string field `name`, or an error response naming its pointer.
std::optional<Response> RequireString(const Request& request, const json& body, const char* name, std::string& out) {
  auto value = StringField(body, name);
  if (!value) {
    return ErrorResponse(400, "field_missing", "error.field_missing", request.language, request.request_id,
                         std::string("/") + name);
  }
  out = std::move(*value);
  return std::nullopt;
}

// The pending (or full) session of the cookie, after CSRF checks.
core::Result<std::string> SessionForLoginStep(const Request& request, ApiContext& context) {
  const std::string token(request.Cookie(kSessionCookie));
  ISMAP_ASSIGN_OR_RETURN(auto session, context.services.LiveSession(token));
  ISMAP_RETURN_IF_ERROR(CheckCsrf(request, session.csrf_token));
  return token;
}

// The session token and the `code` field of a login step's request, or the error response.
std::optional<Response> ReadCodeStep(const Request& request, ApiContext& context, std::string& token,
                                     std::string& code) {
  auto session = SessionForLoginStep(request, context);
  if (!session) {
    return ErrorResponse(session.error(), request);
  }
  token = std::move(*session);
  JsonBody body = ParseJsonBody(request);
  if (body.error) {
    return *body.error;
  }
  return RequireString(request, body.value, "code", code);
}

}  // namespace

void RegisterSessionRoutes(Router& router, ApiContext& context) {
  // Step 1: e-mail and password.
  router.Add(Method::kPost, "/api/v1/session", app::Action::kLogIn, [&context](const Request& request) {
    if (auto origin = CheckOrigin(request); !origin) {
      return ErrorResponse(origin.error(), request);
    }
    JsonBody body = ParseJsonBody(request);
    if (body.error) {
      return *body.error;
    }
    std::string email;
    std::string password;
    if (auto e = RequireString(request, body.value, "email", email)) {
      return *e;
    }
    if (auto e = RequireString(request, body.value, "password", password)) {
      return *e;
    }
    auto grant = context.services.LogIn(email, password, request.remote_address);
    if (!grant) {
      Response response = ErrorResponse(grant.error(), request);
      if (grant.error().code == core::ErrorCode::kResourceExhausted) {
        response.headers.emplace_back("Retry-After", "60");
      }
      return response;
    }
    return GrantResponse(*grant, context);
  });

  // Step 2: a TOTP code or a recovery code.
  router.Add(Method::kPost, "/api/v1/session/mfa", app::Action::kLogIn, [&context](const Request& request) {
    std::string token;
    std::string code;
    if (auto error = ReadCodeStep(request, context, token, code)) {
      return *error;
    }
    auto grant = context.services.SecondFactor(token, code);
    if (!grant) {
      return ErrorResponse(grant.error(), request);
    }
    return GrantResponse(*grant, context);
  });

  // Enrolment: a new TOTP secret with its QR code, then confirmation with a first code.
  router.Add(Method::kPost, "/api/v1/session/mfa/enrolment", app::Action::kLogIn, [&context](const Request& request) {
    auto token = SessionForLoginStep(request, context);
    if (!token) {
      return ErrorResponse(token.error(), request);
    }
    auto enrolment = context.services.BeginEnrolment(*token);
    if (!enrolment) {
      return ErrorResponse(enrolment.error(), request);
    }
    auto qr = core::QrSvg(enrolment->uri);
    Response response = Response::Json(
        200, json{{"secret", enrolment->secret}, {"uri", enrolment->uri}, {"qr_svg", qr ? *qr : std::string()}}.dump());
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });

  router.Add(Method::kPost, "/api/v1/session/mfa/enrolment/confirm", app::Action::kLogIn,
             [&context](const Request& request) {
               std::string token;
               std::string code;
               if (auto error = ReadCodeStep(request, context, token, code)) {
                 return *error;
               }
               auto result = context.services.ConfirmEnrolment(token, code);
               if (!result) {
                 return ErrorResponse(result.error(), request);
               }
               return GrantResponse(result->session, context, json{{"recovery_codes", result->recovery_codes}});
             });

  // Log out: ends this session (any stage) and clears the cookie.
  router.Add(Method::kDelete, "/api/v1/session", app::Action::kLogIn, [&context](const Request& request) {
    const std::string token(request.Cookie(kSessionCookie));
    if (!token.empty()) {
      if (auto session = context.services.LiveSession(token); session) {
        if (auto csrf = CheckCsrf(request, session->csrf_token); !csrf) {
          return ErrorResponse(csrf.error(), request);
        }
      }
      if (auto done = context.services.LogOut(token); !done) {
        return ErrorResponse(done.error(), request);
      }
    }
    Response response;
    response.status = 204;
    response.content_type.clear();
    response.headers.emplace_back("Set-Cookie", ClearedSessionCookie(context.cookie_secure));
    return response;
  });

  // Log out everywhere: every session of this user, on every instance.
  router.Add(Method::kDelete, "/api/v1/sessions", app::Action::kManageOwnSecurity, [&context](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    auto ended = context.services.LogOutEverywhere(caller->principal);
    if (!ended) {
      return ErrorResponse(ended.error(), request);
    }
    Response response = Response::Json(200, json{{"sessions_ended", *ended}}.dump());
    response.headers.emplace_back("Set-Cookie", ClearedSessionCookie(context.cookie_secure));
    return response;
  });

  router.Add(Method::kGet, "/api/v1/me", app::Action::kReadOwnAccount, [&context](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    if (auto allowed = app::Authorize(caller->principal, app::Action::kReadOwnAccount); !allowed) {
      return ErrorResponse(allowed.error(), request);
    }
    Response response =
        Response::Json(200, json{{"user", UserToJson(*caller->principal.user)},
                                 {"organization_kind", domain::ToString(caller->principal.organization_kind)},
                                 {"csrf_token", caller->csrf_token}}
                                .dump());
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });
}

}  // namespace ismap::http::api
