// Administration pages: the register of organisations and each organisation's users. What a
// visitor may see and do is asked of app::Authorize; the pages only build view models.
#include <algorithm>
#include <charconv>

#include "web/pages/common.hpp"
#include "web/pages/register.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr int kOrganizationsPerPage = 50;
constexpr int kUsersPerPage = 500;

std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<domain::OrganizationId> OrganizationIdParam(const http::Request& request) {
  const auto id = ParseInt(request.Param("id"));
  return id && *id > 0 ? std::optional<domain::OrganizationId>(domain::OrganizationId(*id)) : std::nullopt;
}

std::string Text(const http::Request& request, std::string_view key) {
  return std::string(core::Messages::Get().Text(request.language, key));
}

std::string UsersHref(domain::OrganizationId id) {
  return "/admin/organizations/" + std::to_string(id.value()) + "/users";
}

// ---- Organisations ----

struct OrganizationsState {
  int offset = 0;
  std::string created_id;  // from ?created= after a successful POST
  domain::NewOrganization input;
  std::string kind_text;  // as posted
  std::string corporate_number;
  FormErrors errors;
  int status = 200;
};

http::Response OrganizationsPage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                                 const OrganizationsState& state) {
  const app::Principal& principal = visitor.principal;
  auto page = context.services.ListOrganizations(principal, kOrganizationsPerPage, state.offset);
  if (!page) {
    return ErrorPage(request, page.error(), ChromeFor(context, visitor));
  }
  PageView view{"admin_organizations.mustache", "admin.organizations_title", {}};
  view.status = state.status;
  view.no_store = true;
  view.data.set("csrf_token", visitor.session.csrf_token);

  data items{data::type::list};
  for (const auto& org : page->items) {
    data item{data::type::object};
    item.set("id", std::to_string(org.id.value()));
    item.set("kind", KindLabel(request.language, org.kind));
    item.set("name_ja", org.name_ja);
    item.set("name_en", org.name_en);
    item.set("name", request.language == core::Language::kEn ? org.name_en : org.name_ja);
    item.set("corporate_number", org.corporate_number.value_or("—"));
    if (app::Authorize(principal, app::Action::kListUsers, app::Resource{org.id})) {
      item.set("users_href", UsersHref(org.id));
    }
    items.push_back(item);
  }
  view.data.set("organizations", items);
  if (page->items.empty()) {
    view.data.set("none", true);
  }
  const std::int64_t shown_to = state.offset + static_cast<std::int64_t>(page->items.size());
  view.data.set("range", Fill(Fill(Fill(Text(request, "admin.range"), "from", std::to_string(state.offset + 1)), "to",
                                   std::to_string(shown_to)),
                              "total", std::to_string(page->total)));
  if (state.offset > 0) {
    view.data.set("previous_href",
                  "/admin/organizations?offset=" + std::to_string(std::max(0, state.offset - kOrganizationsPerPage)));
  }
  if (shown_to < page->total) {
    view.data.set("next_href", "/admin/organizations?offset=" + std::to_string(shown_to));
  }
  view.data.set("paginated", state.offset > 0 || shown_to < page->total);
  if (!state.created_id.empty()) {
    view.data.set("notice", Fill(Text(request, "admin.organization_created"), "id", state.created_id));
  }

  if (app::Authorize(principal, app::Action::kCreateOrganization)) {
    data kinds{data::type::list};
    for (const auto kind : AllOrganizationKinds()) {
      data option{data::type::object};
      option.set("value", std::string(domain::ToString(kind)));
      option.set("label", KindLabel(request.language, kind));
      option.set("selected", state.kind_text == domain::ToString(kind));
      kinds.push_back(option);
    }
    data form{data::type::object};
    form.set("kinds", kinds);
    form.set("name_ja", state.input.name_ja);
    form.set("name_en", state.input.name_en);
    form.set("corporate_number", state.corporate_number);
    state.errors.Apply(form, request.language);
    view.data.set("create", form);
  }
  return RenderPage(request, std::move(view), ChromeFor(context, visitor));
}

// Which field an organisation error belongs to; empty: the form as a whole.
std::string OrganizationField(const std::string& reason) {
  if (reason == "organization.invalid_kind") {
    return "kind";
  }
  if (reason.rfind("organization.corporate_number", 0) == 0 || reason == "organization.duplicate_corporate_number") {
    return "corporate_number";
  }
  return {};
}

// ---- Users ----

struct UsersState {
  std::string email;
  std::string display_name;
  std::vector<std::string> roles;  // as posted
  FormErrors errors;
  std::optional<app::CreatedUser> created;
  int status = 200;
};

http::Response UsersPage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                         const domain::Organization& org, const UsersState& state) {
  const app::Principal& principal = visitor.principal;
  auto users = context.services.ListUsers(principal, org.id, kUsersPerPage, 0);
  if (!users) {
    return ErrorPage(request, users.error(), ChromeFor(context, visitor));
  }
  PageView view{"admin_users.mustache", "admin.users_title", {}};
  view.status = state.status;
  view.no_store = true;
  view.switch_path = UsersHref(org.id);
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("organization_name", request.language == core::Language::kEn ? org.name_en : org.name_ja);
  view.data.set("organization_kind", KindLabel(request.language, org.kind));
  view.data.set("action", UsersHref(org.id));
  view.data.set("can_list_organizations",
                static_cast<bool>(app::Authorize(principal, app::Action::kListOrganizations)));

  data items{data::type::list};
  for (const auto& user : *users) {
    data item{data::type::object};
    item.set("email", user.email);
    item.set("display_name", user.display_name);
    data roles{data::type::list};
    for (const auto role : user.roles) {
      roles.push_back(data(RoleLabel(request.language, role)));
    }
    item.set("roles", roles);
    item.set("mfa", Text(request, user.mfa_enabled ? "account.mfa_on" : "account.mfa_off"));
    item.set("status", Text(request, user.disabled ? "admin.user_disabled" : "admin.user_active"));
    items.push_back(item);
  }
  view.data.set("users", items);
  if (users->empty()) {
    view.data.set("none", true);
  }

  if (state.created) {
    data created{data::type::object};
    created.set("message", Fill(Text(request, "admin.user_created"), "name", state.created->user.display_name));
    created.set("email", state.created->user.email);
    if (state.created->one_time_password) {
      created.set("one_time_password", *state.created->one_time_password);
    }
    view.data.set("created", created);
  }

  if (app::Authorize(principal, app::Action::kCreateUser, app::Resource{org.id})) {
    data roles{data::type::list};
    for (const auto role : domain::AllRoles()) {
      if (!domain::RoleAllowedFor(role, org.kind)) {
        continue;
      }
      const std::string name(domain::ToString(role));
      data option{data::type::object};
      option.set("value", name);
      option.set("id", "role-" + name);
      option.set("label", RoleLabel(request.language, role));
      option.set("checked", std::find(state.roles.begin(), state.roles.end(), name) != state.roles.end());
      roles.push_back(option);
    }
    data form{data::type::object};
    form.set("roles", roles);
    form.set("email", state.email);
    form.set("display_name", state.display_name);
    state.errors.Apply(form, request.language);
    view.data.set("create", form);
  }
  return RenderPage(request, std::move(view), ChromeFor(context, visitor));
}

// Which field a user error belongs to; empty: the form as a whole.
std::string UserField(const std::string& reason) {
  if (reason == "user.email_invalid" || reason == "user.duplicate_email") {
    return "email";
  }
  if (reason == "user.display_name_invalid") {
    return "display_name";
  }
  if (reason == "user.roles_required" || reason == "user.role_not_allowed" || reason == "user.role_unknown") {
    return "roles";
  }
  return {};
}

// The organisation of a users page, after the gate; a response when there is none to show.
std::variant<domain::Organization, http::Response> OrganizationOf(const http::Request& request, PagesContext& context,
                                                                  const app::Authenticated& visitor,
                                                                  std::optional<domain::OrganizationId> id) {
  if (!id) {
    return ErrorPage(request, 404, "organization.not_found", ChromeFor(context, visitor));
  }
  auto org = context.services.GetOrganization(visitor.principal, *id);
  if (!org) {
    return ErrorPage(request, org.error(), ChromeFor(context, visitor));
  }
  return std::move(*org);
}

}  // namespace

void RegisterAdminPages(http::Router& router, PagesContext& context) {
  router.Add(http::Method::kGet, "/admin/organizations", app::Action::kListOrganizations,
             [&context](const http::Request& request) {
               auto gate = RequireUser(request, context, app::Action::kListOrganizations);
               if (auto* refused = std::get_if<http::Response>(&gate)) {
                 return std::move(*refused);
               }
               OrganizationsState state;
               const auto offset = ParseInt(request.Query("offset"));
               state.offset = offset && *offset > 0 && *offset < 1'000'000'000 ? static_cast<int>(*offset) : 0;
               if (const auto created = ParseInt(request.Query("created")); created && *created > 0) {
                 state.created_id = std::to_string(*created);
               }
               return OrganizationsPage(request, context, std::get<app::Authenticated>(gate), state);
             });

  router.Add(http::Method::kPost, "/admin/organizations", app::Action::kCreateOrganization,
             [&context](const http::Request& request) {
               auto gate = RequireUser(request, context, app::Action::kCreateOrganization);
               if (auto* refused = std::get_if<http::Response>(&gate)) {
                 return std::move(*refused);
               }
               const auto& visitor = std::get<app::Authenticated>(gate);
               auto form = ReadForm(request, visitor.session.csrf_token);
               if (!form) {
                 return ErrorPage(request, form.error(), ChromeFor(context, visitor));
               }
               OrganizationsState state;
               state.kind_text = std::string(form->Get("kind"));
               state.input.name_ja = std::string(form->Get("name_ja"));
               state.input.name_en = std::string(form->Get("name_en"));
               state.corporate_number = std::string(form->Get("corporate_number"));
               if (!state.corporate_number.empty()) {
                 state.input.corporate_number = state.corporate_number;
               }
               const auto kind = domain::OrganizationKindFromString(state.kind_text);
               if (!kind) {
                 state.errors.Field("kind", "admin.kind", Text(request, "organization.invalid_kind"));
               } else {
                 state.input.kind = *kind;
               }
               if (state.input.name_ja.empty()) {
                 state.errors.Field("name_ja", "admin.name_ja", Text(request, "login.field_required"));
               }
               if (state.input.name_en.empty()) {
                 state.errors.Field("name_en", "admin.name_en", Text(request, "login.field_required"));
               }
               if (!state.errors.empty()) {
                 state.status = 400;
                 return OrganizationsPage(request, context, visitor, state);
               }
               auto created = context.services.CreateOrganization(visitor.principal, state.input);
               if (!created) {
                 state.status = http::StatusFor(created.error().code);
                 const std::string field = OrganizationField(created.error().reason);
                 if (field.empty()) {
                   state.errors.Form(ErrorText(request, created.error()), {"name_ja", "name_en"});
                 } else {
                   state.errors.Field(field, "admin." + field, ErrorText(request, created.error()));
                 }
                 return OrganizationsPage(request, context, visitor, state);
               }
               return Redirect("/admin/organizations?created=" + std::to_string(created->id.value()));
             });

  router.Add(http::Method::kGet, "/admin/organizations/{id}/users", app::Action::kListUsers,
             [&context](const http::Request& request) {
               const auto id = OrganizationIdParam(request);
               auto gate =
                   RequireUser(request, context, app::Action::kListUsers, id ? app::Resource{*id} : app::Resource{});
               if (auto* refused = std::get_if<http::Response>(&gate)) {
                 return std::move(*refused);
               }
               const auto& visitor = std::get<app::Authenticated>(gate);
               auto org = OrganizationOf(request, context, visitor, id);
               if (auto* refused = std::get_if<http::Response>(&org)) {
                 return std::move(*refused);
               }
               return UsersPage(request, context, visitor, std::get<domain::Organization>(org), UsersState{});
             });

  router.Add(http::Method::kPost, "/admin/organizations/{id}/users", app::Action::kCreateUser,
             [&context](const http::Request& request) {
               const auto id = OrganizationIdParam(request);
               auto gate =
                   RequireUser(request, context, app::Action::kCreateUser, id ? app::Resource{*id} : app::Resource{});
               if (auto* refused = std::get_if<http::Response>(&gate)) {
                 return std::move(*refused);
               }
               const auto& visitor = std::get<app::Authenticated>(gate);
               auto form = ReadForm(request, visitor.session.csrf_token);
               if (!form) {
                 return ErrorPage(request, form.error(), ChromeFor(context, visitor));
               }
               auto found = OrganizationOf(request, context, visitor, id);
               if (auto* refused = std::get_if<http::Response>(&found)) {
                 return std::move(*refused);
               }
               const auto& org = std::get<domain::Organization>(found);

               UsersState state;
               state.email = std::string(form->Get("email"));
               state.display_name = std::string(form->Get("display_name"));
               state.roles = form->All("roles");
               domain::NewUser user{org.id, state.email, state.display_name, {}};
               for (const auto& name : state.roles) {
                 const auto role = domain::RoleFromString(name);
                 if (!role) {
                   state.errors.Field("roles", "admin.roles", Text(request, "user.role_not_allowed"));
                   break;
                 }
                 user.roles.push_back(*role);
               }
               if (state.email.empty()) {
                 state.errors.Field("email", "admin.email", Text(request, "login.field_required"));
               }
               if (state.display_name.empty()) {
                 state.errors.Field("display_name", "admin.display_name", Text(request, "login.field_required"));
               }
               if (state.roles.empty()) {
                 state.errors.Field("roles", "admin.roles", Text(request, "user.roles_required"));
               }
               if (!state.errors.empty()) {
                 state.status = 400;
                 return UsersPage(request, context, visitor, org, state);
               }
               auto created = context.services.CreateUser(visitor.principal, std::move(user), "");
               if (!created) {
                 state.status = http::StatusFor(created.error().code);
                 const std::string field = UserField(created.error().reason);
                 if (field.empty()) {
                   state.errors.Form(ErrorText(request, created.error()), {"email"});
                 } else {
                   state.errors.Field(field, "admin." + field, ErrorText(request, created.error()));
                 }
                 return UsersPage(request, context, visitor, org, state);
               }
               UsersState done;
               done.created = std::move(*created);
               return UsersPage(request, context, visitor, org, done);
             });
}

}  // namespace ismap::web::pages
