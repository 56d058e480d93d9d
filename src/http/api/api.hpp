// The JSON API: one file per resource. Handlers translate HTTP to use cases and back; they decide
// nothing themselves (authorisation is app::Authorize, rules are in the domain).
#pragma once

#include <string>

#include "app/authorization.hpp"
#include "app/services.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace ismap::http::api {

struct ApiContext {
  app::Services& services;
  const Metrics& metrics;
  std::string operator_token;  // empty: the operator API is disabled
};

// Who is calling: the operator when "Authorization: Bearer <operator token>" matches (compared in
// constant time), the public otherwise.
app::Principal PrincipalFor(const Request& request, const ApiContext& context);

// GET /healthz, GET /readyz, GET /metrics.
void RegisterHealthRoutes(Router& router, ApiContext& context);
// POST and GET /api/v1/organizations, GET /api/v1/organizations/{id}.
void RegisterOrganizationRoutes(Router& router, ApiContext& context);

}  // namespace ismap::http::api
