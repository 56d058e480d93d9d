// The signed-in user's own page, and logging out everywhere.
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

const std::string& LocalName(core::Language language, const domain::Organization& org) {
  return language == core::Language::kEn ? org.name_en : org.name_ja;
}

}  // namespace

void RegisterAccountPages(http::Router& router, PagesContext& context) {
  router.Add(http::Method::kGet, "/account", app::Action::kReadOwnAccount, [&context](const http::Request& request) {
    auto gate = RequireUser(request, context, app::Action::kReadOwnAccount);
    if (auto* refused = std::get_if<http::Response>(&gate)) {
      return std::move(*refused);
    }
    const auto& visitor = std::get<app::Authenticated>(gate);
    const app::Principal& principal = visitor.principal;
    const domain::User& user = *principal.user;
    const core::Language language = request.language;

    PageView view{"account.mustache", "account.title", {}};
    view.no_store = true;
    view.data.set("csrf_token", visitor.session.csrf_token);
    view.data.set("display_name", user.display_name);
    view.data.set("email", user.email);
    view.data.set("organization_kind", KindLabel(language, principal.organization_kind));
    if (auto org = context.services.GetOrganization(principal, user.organization_id); org) {
      view.data.set("organization_name", LocalName(language, *org));
    }
    data roles{data::type::list};
    for (const auto role : user.roles) {
      roles.push_back(data(RoleLabel(language, role)));
    }
    view.data.set("roles", roles);
    view.data.set("mfa_enabled", user.mfa_enabled);

    // Links to what this user may manage: the policy decides, the page only asks.
    data links{data::type::list};
    const auto& messages = core::Messages::Get();
    if (app::Authorize(principal, app::Action::kListOrganizations)) {
      data link{data::type::object};
      link.set("href", "/admin/organizations");
      link.set("text", std::string(messages.Text(language, "account.admin_organizations")));
      links.push_back(link);
    }
    if (app::Authorize(principal, app::Action::kListUsers, app::Resource{user.organization_id})) {
      data link{data::type::object};
      link.set("href", "/admin/organizations/" + std::to_string(user.organization_id.value()) + "/users");
      link.set("text", std::string(messages.Text(language, "account.admin_own_users")));
      links.push_back(link);
    }
    view.data.set("has_admin_links", !links.list_value().empty());
    view.data.set("admin_links", links);
    return RenderPage(request, std::move(view), ChromeFor(context, visitor));
  });

  router.Add(http::Method::kPost, "/logout/everywhere", app::Action::kManageOwnSecurity,
             [&context](const http::Request& request) {
               auto gate = RequireUser(request, context, app::Action::kManageOwnSecurity);
               if (auto* refused = std::get_if<http::Response>(&gate)) {
                 return std::move(*refused);
               }
               const auto& visitor = std::get<app::Authenticated>(gate);
               if (auto form = ReadForm(request, visitor.session.csrf_token); !form) {
                 return ErrorPage(request, form.error(), ChromeFor(context, visitor));
               }
               if (auto ended = context.services.LogOutEverywhere(visitor.principal); !ended) {
                 return ErrorPage(request, ended.error(), ChromeFor(context, visitor));
               }
               http::Response response = Redirect("/login?logged_out=all");
               SetSessionCookie(response, "", context);
               return response;
             });
}

}  // namespace ismap::web::pages
