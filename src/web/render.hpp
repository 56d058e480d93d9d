// Renders a page template inside the layout. Templates are Mustache (kainjow, a Debian package):
// no logic, HTML-escaped by default; the view model is built in pages/*.cpp.
#pragma once

#include <kainjow/mustache.hpp>

#include <string>
#include <string_view>

#include "core/i18n.hpp"
#include "http/message.hpp"

namespace ismap::web {

struct PageView {
  std::string template_name;  // "home.mustache"
  std::string title_key;      // message key of the <title>
  kainjow::mustache::data data{kainjow::mustache::data::type::object};
};

// The full HTML response for `view` in the request's language. When the request chose its
// language with ?lang=, the choice is remembered in a cookie.
http::Response RenderPage(const http::Request& request, PageView view, bool demo);

// The catalogue of one language as nested template data: {{t.site.name}}.
const kainjow::mustache::data& MessageData(core::Language language);

}  // namespace ismap::web
