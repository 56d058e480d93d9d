#include "web/pages/common.hpp"

#include <spdlog/spdlog.h>

#include <map>

#include "core/crypto.hpp"
#include "http/api/api.hpp"
#include "http/errors.hpp"

namespace ismap::web::pages {
namespace {

bool IsSafeMethod(http::Method method) { return method == http::Method::kGet || method == http::Method::kHead; }

}  // namespace

std::string SessionToken(const http::Request& request) {
  return std::string(request.Cookie(http::api::kSessionCookie));
}

core::Result<std::optional<app::Authenticated>> SignedIn(const http::Request& request, PagesContext& context) {
  constexpr std::string_view kBearer = "Bearer ";
  const std::string_view authorization = request.Header("authorization");
  if (!context.operator_token.empty() && authorization.substr(0, kBearer.size()) == kBearer &&
      core::ConstantTimeEquals(authorization.substr(kBearer.size()), context.operator_token)) {
    return std::optional<app::Authenticated>(app::Authenticated{domain::Session{}, app::Principal::Operator()});
  }
  const std::string token = SessionToken(request);
  if (token.empty()) {
    return std::optional<app::Authenticated>();
  }
  auto resolved = context.services.Resolve(token);
  if (!resolved) {
    if (resolved.error().code == core::ErrorCode::kUnauthenticated) {
      return std::optional<app::Authenticated>();
    }
    return resolved.error();
  }
  return std::optional<app::Authenticated>(std::move(*resolved));
}

Chrome ChromeFor(const PagesContext& context, const std::optional<app::Authenticated>& visitor) {
  Chrome chrome;
  chrome.demo = context.demo;
  if (visitor && visitor->principal.user) {
    chrome.user_name = visitor->principal.user->display_name;
    // The header's count of unread notifications; a page is still a page without it.
    const auto unread = context.services.CountUnreadNotifications(visitor->principal);
    chrome.unread = unread ? *unread : 0;
    const app::Principal& p = visitor->principal;
    chrome.nav_services = app::Authorize(p, app::Action::kManageCloudServices).has_value();
    chrome.nav_engagements = app::Authorize(p, app::Action::kAuditCloudService).has_value();
    chrome.nav_grants = app::Authorize(p, app::Action::kReadOwnGrants).has_value();
    chrome.nav_measures = app::Authorize(p, app::Action::kReadTransitionalMeasures).has_value();
    chrome.nav_unregistered = app::Authorize(p, app::Action::kReadUnregisteredServices).has_value();
    chrome.nav_feedback = app::Authorize(p, app::Action::kReadFeedback).has_value();
    chrome.nav_procurement = app::Authorize(p, app::Action::kManageProfiles).has_value();
    chrome.nav_service_queue = app::Authorize(p, app::Action::kReadCloudServiceQueue).has_value();
    chrome.nav_reports = app::Authorize(p, app::Action::kReadOperationsReport).has_value();
  }
  return chrome;
}

Gate RequireUser(const http::Request& request, PagesContext& context, app::Action action,
                 const app::Resource& resource) {
  auto visitor = SignedIn(request, context);
  if (!visitor) {
    return ErrorPage(request, visitor.error(), ChromeFor(context, std::nullopt));
  }
  const app::Principal principal = *visitor ? (*visitor)->principal : app::Principal::Public();
  if (auto allowed = app::Authorize(principal, action, resource); !allowed) {
    if (allowed.error().code == core::ErrorCode::kUnauthenticated && IsSafeMethod(request.method)) {
      return RedirectToLogin(request);
    }
    return ErrorPage(request, allowed.error(), ChromeFor(context, *visitor));
  }
  return std::move(**visitor);
}

std::variant<PostedForm, http::Response> RequireUserForm(const http::Request& request, PagesContext& context,
                                                         app::Action action, const app::Resource& resource) {
  auto gate = RequireUser(request, context, action, resource);
  if (auto* refused = std::get_if<http::Response>(&gate)) {
    return std::move(*refused);
  }
  auto& visitor = std::get<app::Authenticated>(gate);
  auto form = ReadForm(request, visitor.session.csrf_token);
  if (!form) {
    return ErrorPage(request, form.error(), ChromeFor(context, visitor));
  }
  return PostedForm{std::move(visitor), std::move(*form)};
}

void AddUserPage(http::Router& router, PagesContext& context, http::Method method, std::string pattern,
                 app::Action action,
                 std::function<http::Response(const http::Request&, app::Authenticated& visitor)> handle) {
  AddGated<app::Authenticated>(
      router, method, std::move(pattern), action,
      [&context, action](const http::Request& request) { return RequireUser(request, context, action); },
      std::move(handle));
}

void AddUserForm(http::Router& router, PagesContext& context, std::string pattern, app::Action action,
                 std::function<http::Response(const http::Request&, PostedForm& posted)> handle) {
  AddGated<PostedForm>(
      router, http::Method::kPost, std::move(pattern), action,
      [&context, action](const http::Request& request) { return RequireUserForm(request, context, action); },
      std::move(handle));
}

core::Result<Form> ReadForm(const http::Request& request, std::string_view expected_csrf) {
  ISMAP_RETURN_IF_ERROR(http::api::CheckOrigin(request));
  const bool form_body = IsFormContentType(request.Header("content-type"));
  auto form = form_body ? Form::Parse(request.body) : std::nullopt;
  const std::string_view sent =
      form && form->Has("csrf_token") ? form->Get("csrf_token") : request.Header("x-csrf-token");
  if (!expected_csrf.empty() && !core::ConstantTimeEquals(sent, expected_csrf)) {
    return core::MakeError(core::ErrorCode::kPermissionDenied, "auth.csrf_invalid", "missing or wrong csrf_token");
  }
  if (!form) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "error.bad_request", "not a valid urlencoded form");
  }
  return std::move(*form);
}

http::Response Redirect(const std::string& location) {
  http::Response response;
  response.status = 303;
  response.content_type.clear();
  response.headers.emplace_back("Location", location);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

http::Response RedirectToLogin(const http::Request& request) {
  const std::string next = LocalPathOrEmpty(request.target);
  return Redirect(next.empty() ? "/login" : "/login?next=" + QueryEscape(next));
}

void SetSessionCookie(http::Response& response, const std::string& token, const PagesContext& context) {
  response.headers.emplace_back("Set-Cookie", token.empty() ? http::api::ClearedSessionCookie(context.cookie_secure)
                                                            : http::api::SessionCookie(token, context.cookie_secure));
}

std::string ErrorText(const http::Request& request, const core::Error& error) {
  const auto& messages = core::Messages::Get();
  const std::string generic_key = "error." + std::string(core::ToString(error.code));
  if (error.code == core::ErrorCode::kInternal) {
    spdlog::error("request {}: {}", request.request_id, error.message);
    return std::string(messages.Text(request.language, generic_key));
  }
  if (error.code == core::ErrorCode::kUnavailable) {
    spdlog::warn("request {}: {}", request.request_id, error.message);
    return std::string(messages.Text(request.language, generic_key));
  }
  const bool known = !error.reason.empty() && messages.Has(request.language, error.reason);
  return std::string(messages.Text(request.language, known ? error.reason : generic_key));
}

http::Response ErrorPage(const http::Request& request, const core::Error& error, const Chrome& chrome) {
  PageView view{"error.mustache", "account.error_title", {}};
  view.status = http::StatusFor(error.code);
  view.no_store = true;
  view.data.set("message", ErrorText(request, error));
  view.data.set("show_login", view.status == 401);
  http::Response response = RenderPage(request, std::move(view), chrome);
  if (error.code == core::ErrorCode::kResourceExhausted) {
    response.headers.emplace_back("Retry-After", "60");
  }
  return response;
}

http::Response ErrorPage(const http::Request& request, int status, std::string_view message_key, const Chrome& chrome) {
  PageView view{"error.mustache", "account.error_title", {}};
  view.status = status;
  view.no_store = true;
  view.data.set("message", std::string(core::Messages::Get().Text(request.language, message_key)));
  view.data.set("show_login", status == 401);
  return RenderPage(request, std::move(view), chrome);
}

std::string NextOrAccount(std::string_view next) {
  std::string local = LocalPathOrEmpty(next);
  return local.empty() ? std::string("/account") : local;
}

std::string RoleLabel(core::Language language, domain::Role role) {
  return std::string(core::Messages::Get().Text(language, "admin.role_" + std::string(domain::ToString(role))));
}

std::string KindLabel(core::Language language, domain::OrganizationKind kind) {
  return std::string(core::Messages::Get().Text(language, "admin.kind_" + std::string(domain::ToString(kind))));
}

std::string WithoutSpaces(std::string_view code) {
  std::string out;
  for (const char c : code) {
    if (c != ' ') {
      out.push_back(c);
    }
  }
  return out;
}

std::string Fill(std::string_view text, std::string_view name, std::string_view value) {
  return core::Fill(text, name, value);
}

kainjow::mustache::data SelectOption(std::string value, std::string label, bool selected) {
  kainjow::mustache::data option{kainjow::mustache::data::type::object};
  option.set("value", std::move(value));
  option.set("label", std::move(label));
  option.set("selected", selected);
  return option;
}

void FormErrors::Field(const std::string& field_id, std::string label_key, std::string text) {
  errors_.push_back(Entry{field_id, std::move(label_key), std::move(text), {}});
}

void FormErrors::Form(std::string text, std::vector<std::string> field_ids) {
  errors_.push_back(Entry{"", "", std::move(text), std::move(field_ids)});
}

void FormErrors::Apply(kainjow::mustache::data& view, core::Language language) const {
  using kainjow::mustache::data;
  if (errors_.empty()) {
    return;
  }
  std::map<std::string, std::string> described_by;  // field id -> message ids
  data summary{data::type::list};
  for (const auto& entry : errors_) {
    data item{data::type::object};
    if (entry.field_id.empty()) {
      item.set("text", entry.text);
      view.set("form_error", entry.text);
      item.set("href", "#" + (entry.described.empty() ? std::string("main") : entry.described.front()));
      for (const auto& field : entry.described) {
        auto& ids = described_by[field];
        ids += (ids.empty() ? "" : " ") + std::string("form-error");
      }
    } else {
      const auto& messages = core::Messages::Get();
      item.set("text", Fill(Fill(messages.Text(language, "login.summary_item"), "field",
                                 messages.Text(language, entry.label_key)),
                            "message", entry.text));
      item.set("href", "#" + entry.field_id);
      view.set(entry.field_id + "_error", entry.text);
      auto& ids = described_by[entry.field_id];
      ids += (ids.empty() ? "" : " ") + entry.field_id + "-error";
    }
    summary.push_back(item);
  }
  for (const auto& [field, ids] : described_by) {
    view.set(field + "_describedby", ids);
    view.set(field + "_invalid", true);
  }
  view.set("has_errors", true);
  view.set("errors", summary);
}

const std::vector<domain::OrganizationKind>& AllOrganizationKinds() {
  using K = domain::OrganizationKind;
  static const std::vector<K> kKinds = {
      K::kCsp,       K::kAuditBody,   K::kAgency, K::kOperationsSupportBody, K::kAuditBodyEvaluator,
      K::kCommittee, K::kSecretariat, K::kSystem};
  return kKinds;
}

}  // namespace ismap::web::pages
