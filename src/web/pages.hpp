// Server-rendered pages: logic-less Mustache templates (src/web/templates, compiled in), messages
// from the catalogue in the request's language, <html lang> set, and a one-click switch to the
// other language that is remembered in the `lang` cookie. Every page works without JavaScript:
// plain HTML forms, each carrying the session's CSRF token.
#pragma once

#include <string>

#include "app/services.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace ismap::web {

struct PagesContext {
  app::Services& services;
  bool demo = false;          // shows the demo banner and the demo accounts; registers POST /demo/login
  bool cookie_secure = true;  // the session cookie's Secure flag (auth.cookie_secure)
  // auth.operator_token: "Authorization: Bearer <it>" makes the operator the visitor, as in the
  // API (for automation; never sent by a browser by itself, so no CSRF token is asked of it).
  // Empty: pages know no operator.
  std::string operator_token = {};
};

// Registers every page. Pages identify the visitor by the session cookie (or the operator's bearer
// token, when configured). State-changing forms carry the session's csrf_token (a same-origin
// script may send X-CSRF-Token instead) and must pass the Origin check. A page that needs
// a signed-in user answers the public with 303 to /login?next=<target> (GET, HEAD) or 401 (POST),
// and a user without the right with 403.
//   GET  /                                   home
//   GET  /login, POST /login                 e-mail and password
//   GET  /login/mfa, POST /login/mfa         TOTP or recovery code
//   GET  /mfa/enrol, POST /mfa/enrol         TOTP enrolment: start, then QR code and secret
//   POST /mfa/enrol/confirm                  first code; shows the recovery codes once
//   POST /logout, POST /logout/everywhere    end this session / every session of the user
//   GET  /account                            who I am
//   GET, POST /admin/organizations           the register; create an organisation
//   GET, POST /admin/organizations/{id}/users  its users; create one (one-time password shown once)
//   POST /demo/login                         demo mode only: one-click login per role
//   GET  /catalogs                           the loaded editions and baselines; search and compare forms
//   GET  /catalogs/{key}                     an edition's chapter tree, downloads
//   GET  /catalogs/{key}/controls/{control}  one control: ancestors, texts, children, mappings
//   GET  /catalogs/search?q=&edition=&offset=  controls containing the text, 50 a page
//   GET  /catalogs/diff?from=&to=            303 to /catalogs/{from}/diff/{to}
//   GET  /catalogs/{key}/diff/{other}        added, removed and changed controls between two editions
// The catalog pages are public (app::Action::kReadCatalogs). /catalogs/search and /catalogs/diff
// come first, so an edition keyed "search" or "diff" has no tree page (its API and controls remain).
void RegisterPages(http::Router& router, PagesContext& context);

// The stylesheet and other compiled-in assets, under /static/.
void AddWebAssets(http::StaticFiles& files);

}  // namespace ismap::web
