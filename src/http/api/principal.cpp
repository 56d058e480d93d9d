#include "core/crypto.hpp"
#include "http/api/api.hpp"

namespace ismap::http::api {
namespace {

bool ChangesState(Method method) {
  return method == Method::kPost || method == Method::kPut || method == Method::kPatch || method == Method::kDelete;
}

core::Error CsrfError(const char* why) {
  return core::MakeError(core::ErrorCode::kPermissionDenied, "auth.csrf_invalid", why);
}

}  // namespace

core::Result<void> CheckOrigin(const Request& request) {
  const std::string_view origin = request.Header("origin");
  if (origin.empty()) {
    return core::Ok();  // same-origin requests from older browsers and non-browser clients
  }
  const auto scheme = origin.find("://");
  const std::string_view host = scheme == std::string_view::npos ? origin : origin.substr(scheme + 3);
  if (host != request.Header("host")) {
    return CsrfError("Origin names another site");
  }
  return core::Ok();
}

core::Result<void> CheckCsrf(const Request& request, const std::string& expected_token) {
  ISMAP_RETURN_IF_ERROR(CheckOrigin(request));
  if (expected_token.empty() || !core::ConstantTimeEquals(request.Header("x-csrf-token"), expected_token)) {
    return CsrfError("missing or wrong X-CSRF-Token");
  }
  return core::Ok();
}

core::Result<Caller> Identify(const Request& request, ApiContext& context) {
  constexpr std::string_view kBearer = "Bearer ";
  const std::string_view authorization = request.Header("authorization");
  if (authorization.substr(0, kBearer.size()) == kBearer) {
    const std::string bearer(authorization.substr(kBearer.size()));
    if (!context.operator_token.empty() && core::ConstantTimeEquals(bearer, context.operator_token)) {
      return Caller{app::Principal::Operator(), std::nullopt, ""};
    }
    // An API token: no cookie, so no CSRF to check; the token's scopes bound what it may do.
    ISMAP_ASSIGN_OR_RETURN(auto principal, context.services.ResolveApiToken(bearer));
    return Caller{std::move(principal), std::nullopt, ""};
  }
  const std::string token(request.Cookie(kSessionCookie));
  if (token.empty()) {
    return Caller{app::Principal::Public(), std::nullopt, ""};
  }
  ISMAP_ASSIGN_OR_RETURN(auto authenticated, context.services.Resolve(token));
  if (ChangesState(request.method)) {
    ISMAP_RETURN_IF_ERROR(CheckCsrf(request, authenticated.session.csrf_token));
  }
  return Caller{std::move(authenticated.principal), token, authenticated.session.csrf_token};
}

std::string SessionCookie(const std::string& token, bool secure) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

std::string ClearedSessionCookie(bool secure) {
  return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

core::Result<Caller> IdentifyFor(const Request& request, ApiContext& context, app::Action action) {
  ISMAP_ASSIGN_OR_RETURN(Caller caller, Identify(request, context));
  ISMAP_RETURN_IF_ERROR(app::Authorize(caller.principal, action));
  return caller;
}

}  // namespace ismap::http::api
