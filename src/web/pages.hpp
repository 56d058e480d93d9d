// Server-rendered pages: logic-less Mustache templates (src/web/templates, compiled in), messages
// from the catalogue in the request's language, <html lang> set, and a one-click switch to the
// other language that is remembered in the `lang` cookie.
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace ismap::web {

struct PagesContext {
  app::Services& services;
  bool demo = false;  // shows the demo banner
};

// GET / (home).
void RegisterPages(http::Router& router, PagesContext& context);

// The stylesheet and other compiled-in assets, under /static/.
void AddWebAssets(http::StaticFiles& files);

}  // namespace ismap::web
