#include "http/errors.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"

namespace ismap::web {

void RegisterPages(http::Router& router, PagesContext& context) {
  router.Add(http::Method::kGet, "/", app::Action::kReadPublic, [&context](const http::Request& request) {
    auto figures = context.services.ReadPublicFigures();
    if (!figures) {
      return http::ErrorResponse(figures.error(), request);
    }
    PageView view{"home.mustache", "home.title", {}};
    view.data.set("organizations", std::to_string(figures->organizations));
    view.data.set("ledger_events", std::to_string(figures->ledger_events));
    return RenderPage(request, std::move(view), context.demo);
  });
}

}  // namespace ismap::web
