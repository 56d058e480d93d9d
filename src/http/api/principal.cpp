#include "core/crypto.hpp"
#include "http/api/api.hpp"

namespace ismap::http::api {

app::Principal PrincipalFor(const Request& request, const ApiContext& context) {
  constexpr std::string_view kBearer = "Bearer ";
  const std::string_view header = request.Header("authorization");
  if (context.operator_token.empty() || header.substr(0, kBearer.size()) != kBearer) {
    return app::Principal::Public();
  }
  if (core::ConstantTimeEquals(header.substr(kBearer.size()), context.operator_token)) {
    return app::Principal::Operator();
  }
  return app::Principal::Public();
}

}  // namespace ismap::http::api
