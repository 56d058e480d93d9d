// Renders a page template inside the layout. Templates are Mustache (kainjow, a Debian package):
// no logic, HTML-escaped by default; the view model is built in pages/*.cpp.
#pragma once

#include <kainjow/mustache.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/i18n.hpp"
#include "http/message.hpp"

namespace ismap::web {

// What the layout shows around every page.
struct Chrome {
  bool demo = false;      // the demo banner, with a link to /login
  std::string user_name;  // signed in: the display name, linking to /account; empty: a login link
  // Signed in: notifications not yet read, shown on the link to /inbox.
  std::int64_t unread = 0;
  // Signed in: the work areas of the cloud service register the user's roles open (issue 7).
  bool nav_services = false;       // a provider's services (/services)
  bool nav_engagements = false;    // an audit body's engagements (/engagements)
  bool nav_grants = false;         // an agency's disclosed statements (/grants)
  bool nav_measures = false;       // transitional measures (/transitional-measures)
  bool nav_unregistered = false;   // unregistered-service confirmations (/unregistered-services)
  bool nav_feedback = false;       // feedback threads: agencies' own, every one for the operators (/feedback)
  bool nav_procurement = false;    // an agency's procurement checks (/procurement)
  bool nav_service_queue = false;  // applications waiting on reviewers (/applications/queue)
  bool nav_reports = false;        // the operational report (/reports/operations)
};

struct PageView {
  std::string template_name;  // "home.mustache"
  std::string title_key;      // message key of the <title>
  kainjow::mustache::data data{kainjow::mustache::data::type::object};
  int status = 200;
  // Where the language switch leads; empty: this path with this query. Set it on pages that only
  // a POST renders, so the switch does not lead to a 405.
  std::string switch_path = {};
  // Cache-Control: no-store instead of no-cache (pages with personal data, secrets or codes).
  bool no_store = false;
  // The <title> text itself, for pages named by their data (an edition, a control); when set it
  // is used instead of the message `title_key`.
  std::string title_text = {};
};

// The full HTML response for `view` in the request's language. When the request chose its
// language with ?lang=, the choice is remembered in a cookie.
http::Response RenderPage(const http::Request& request, PageView view, const Chrome& chrome);

// A compiled-in template as a Mustache partial: set it in a view (view.data.set("node",
// Partial("x.mustache"))) and {{>node}} renders it in the current context, so a template may
// include itself for trees. Every key a recursive partial reads must be set on every node: Mustache
// looks names up the context stack, so a missing one would take its parent's value.
kainjow::mustache::data Partial(std::string_view template_name);

// The catalogue of one language as nested template data: {{t.site.name}}.
const kainjow::mustache::data& MessageData(core::Language language);

}  // namespace ismap::web
