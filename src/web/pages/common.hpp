// What every page handler shares: who the visitor is (by the session cookie only: pages are for
// browsers, the operator's bearer token is an API matter), the gate in front of pages that need a
// signed-in user, form reading with CSRF checks, redirects, the error page, and translated labels.
// Internal to src/web.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "app/authorization.hpp"
#include "app/identity.hpp"
#include "core/result.hpp"
#include "domain/identity.hpp"
#include "domain/organization.hpp"
#include "http/errors.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "web/form.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {

// The session cookie's value; empty without one.
std::string SessionToken(const http::Request& request);

// The fully signed-in visitor, or nullopt for the public (no cookie, an unknown, expired or still
// pending session). The operator's bearer token (when configured) gives the operator, with an
// empty session (no csrf_token: a bearer token is not an ambient credential). Other errors
// (database unavailable) are returned.
core::Result<std::optional<app::Authenticated>> SignedIn(const http::Request& request, PagesContext& context);

// The layout's data for `visitor`: for a signed-in user their name and count of unread notifications.
Chrome ChromeFor(const PagesContext& context, const std::optional<app::Authenticated>& visitor);

// For a page that needs a signed-in user allowed to do `action` on `resource`:
// - nobody signed in: GET/HEAD → 303 to /login?next=<this target>; other methods → 401 page;
// - signed in without the right → 403 page;
// - allowed: the visitor.
using Gate = std::variant<app::Authenticated, http::Response>;
Gate RequireUser(const http::Request& request, PagesContext& context, app::Action action,
                 const app::Resource& resource = {});

// A form posted by a signed-in user allowed to do `action` on `resource`: RequireUser, then
// ReadForm with the session's CSRF token (a refused form is the error page).
struct PostedForm {
  app::Authenticated visitor;
  Form form;
};
std::variant<PostedForm, http::Response> RequireUserForm(const http::Request& request, PagesContext& context,
                                                         app::Action action, const app::Resource& resource = {});

// Adds a route whose handler runs with what `gate` gives (a visitor, a posted form, ...); when the
// gate answers with a response instead (a login redirect, an error page), that is the response.
template <typename T>
void AddGated(http::Router& router, http::Method method, std::string pattern, app::Action action,
              std::function<std::variant<T, http::Response>(const http::Request&)> gate,
              std::function<http::Response(const http::Request&, T&)> handle) {
  router.Add(method, std::move(pattern), action,
             [gate = std::move(gate), handle = std::move(handle)](const http::Request& request) {
               auto got = gate(request);
               if (auto* refused = std::get_if<http::Response>(&got)) {
                 return std::move(*refused);
               }
               return handle(request, std::get<T>(got));
             });
}

// A page behind RequireUser(action): `handle(request, visitor)`.
void AddUserPage(http::Router& router, PagesContext& context, http::Method method, std::string pattern,
                 app::Action action,
                 std::function<http::Response(const http::Request&, app::Authenticated& visitor)> handle);
// A form POST behind RequireUserForm(action): `handle(request, posted)`.
void AddUserForm(http::Router& router, PagesContext& context, std::string pattern, app::Action action,
                 std::function<http::Response(const http::Request&, PostedForm& posted)> handle);

// The request's form after CSRF checks: the Origin header (when sent) names this host, and the
// posted csrf_token (or, from a same-origin script, the X-CSRF-Token header) equals `expected_csrf`
// (compared in constant time). An empty `expected_csrf` checks the origin only (the login forms,
// before any session exists; the operator's bearer token).
// Errors: kPermissionDenied (auth.csrf_invalid), kInvalidArgument (error.bad_request: not a
// urlencoded body, a malformed escape, invalid UTF-8).
core::Result<Form> ReadForm(const http::Request& request, std::string_view expected_csrf);

// 303 See Other to `location` (a local path).
http::Response Redirect(const std::string& location);
// 303 to /login?next=<the request's target>.
http::Response RedirectToLogin(const http::Request& request);
// Adds Set-Cookie with the session cookie (`token`) or, when empty, the cleared cookie.
void SetSessionCookie(http::Response& response, const std::string& token, const PagesContext& context);

// The message of `error` in the request's language: its reason's entry, else error.<code>.
// Internal and unavailable errors show only the generic message (the log gets the detail).
std::string ErrorText(const http::Request& request, const core::Error& error);

// The error page for `error`, with the status http::StatusFor gives its code.
http::Response ErrorPage(const http::Request& request, const core::Error& error, const Chrome& chrome);
// The error page with an explicit status and message key.
http::Response ErrorPage(const http::Request& request, int status, std::string_view message_key, const Chrome& chrome);

// The `next` parameter of a login step (query or form), when it is a local path; "/account" otherwise.
std::string NextOrAccount(std::string_view next);

// Translated labels: admin.role_<name>, admin.kind_<name>.
std::string RoleLabel(core::Language language, domain::Role role);
std::string KindLabel(core::Language language, domain::OrganizationKind kind);

// `code` without ASCII spaces: authenticator apps show "123 456", people type what they see.
std::string WithoutSpaces(std::string_view code);

// Replaces the first "{name}" in `text` with `value`.
std::string Fill(std::string_view text, std::string_view name, std::string_view value);

// An option of a <select> as template data: value, label, selected.
kainjow::mustache::data SelectOption(std::string value, std::string label, bool selected);

// A form's errors as template data (the GOV.UK pattern): an error summary at the top linking to
// each field, the message beside its field, and the field's aria-describedby and aria-invalid.
// Apply() sets: has_errors, errors [{href, text}] ("<label>: <message>" for field errors),
// form_error, and per field `<id>_error` (its
// message), `<id>_describedby` (the ids of the messages describing it), `<id>_invalid`.
class FormErrors {
 public:
  // An error on one field (its message has id "<field_id>-error"); the summary names the field by
  // the message `label_key`.
  void Field(const std::string& field_id, std::string label_key, std::string text);
  // An error about the form as a whole (id "form-error"), describing each of `field_ids`.
  void Form(std::string text, std::vector<std::string> field_ids);
  bool empty() const { return errors_.empty(); }
  void Apply(kainjow::mustache::data& view, core::Language language) const;

 private:
  struct Entry {
    std::string field_id;  // empty: a form error
    std::string label_key;
    std::string text;
    std::vector<std::string> described;  // form errors: the fields they describe
  };
  std::vector<Entry> errors_;
};

// Every organisation kind, in the order the forms list them.
const std::vector<domain::OrganizationKind>& AllOrganizationKinds();

}  // namespace ismap::web::pages
