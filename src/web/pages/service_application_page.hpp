// A cloud service application's page (issue 7), shared by the routes in service_applications.cpp:
// the state a refused command leaves for it, and the page. Internal to src/web.
#pragma once

#include <string>

#include "domain/application.hpp"
#include "web/pages/service_common.hpp"

namespace ismap::web::pages {

// What a refused command leaves for the page it re-renders.
struct AppState {
  PageErrors errors;
  std::string notice;
  int status = 200;
  const Form* form = nullptr;  // the refused form
  std::string failed;          // which form it was
};

// The application `id` for `visitor`: content, problems, state, time in each state (table and
// chart), the forms of the commands the workflow offers the visitor, with `state`'s input and errors.
http::Response ApplicationPage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                               domain::ApplicationId id, AppState& state);

}  // namespace ismap::web::pages
