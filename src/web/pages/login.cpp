// The login steps as pages: e-mail and password, then a TOTP or recovery code; logging out; and,
// in demo mode only, a one-click login per role.
#include "app/identity.hpp"
#include "domain/session.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

// Where a fresh grant goes next: the second factor, enrolment, or the page the user asked for.
std::string AfterGrant(const app::SessionGrant& grant, const std::string& next) {
  const std::string query = next.empty() ? "" : "?next=" + QueryEscape(next);
  if (grant.stage == domain::SessionStage::kPasswordVerified) {
    return (grant.mfa_enrolled ? "/login/mfa" : "/mfa/enrol") + query;
  }
  return NextOrAccount(next);
}

// A successful login step: the new session's cookie (ending the session the browser had before,
// so a cookie never outlives the login that replaced it) and 303 onwards.
http::Response Granted(const http::Request& request, PagesContext& context, const app::SessionGrant& grant,
                       const std::string& location) {
  const std::string previous = SessionToken(request);
  if (!previous.empty() && previous != grant.token) {
    (void)context.services.LogOut(previous);
  }
  http::Response response = Redirect(location);
  SetSessionCookie(response, grant.token, context);
  return response;
}

struct LoginState {
  std::string email;
  std::string next;
  std::string notice_key;  // a message shown above the form ("logged out")
  FormErrors errors;
  int status = 200;
};

data DemoAccounts(core::Language language) {
  data accounts{data::type::list};
  const std::string_view button = core::Messages::Get().Text(language, "demo.log_in_as");
  for (const auto role : domain::AllRoles()) {
    data account{data::type::object};
    const std::string label = RoleLabel(language, role);
    account.set("role", std::string(domain::ToString(role)));
    account.set("role_label", label);
    account.set("email", app::DemoEmail(role));
    account.set("password", app::DemoPassword(role));
    account.set("button", Fill(button, "role", label));
    accounts.push_back(account);
  }
  return accounts;
}

http::Response LoginPage(const http::Request& request, PagesContext& context, const LoginState& state) {
  PageView view{"login.mustache", "login.title", {}};
  view.status = state.status;
  view.no_store = true;
  view.switch_path = "/login";
  view.data.set("email", state.email);
  if (!state.next.empty()) {
    view.data.set("next", state.next);
  }
  if (!state.notice_key.empty()) {
    view.data.set("notice", std::string(core::Messages::Get().Text(request.language, state.notice_key)));
  }
  state.errors.Apply(view.data, request.language);
  if (context.demo) {
    view.data.set("demo_section", data("accounts", DemoAccounts(request.language)));
  }
  http::Response response = RenderPage(request, std::move(view), ChromeFor(context, std::nullopt));
  if (state.status == 429) {
    response.headers.emplace_back("Retry-After", "60");
  }
  return response;
}

struct MfaState {
  std::string csrf_token;
  std::string next;
  FormErrors errors;
  int status = 200;
};

http::Response MfaPage(const http::Request& request, PagesContext& context, const MfaState& state) {
  PageView view{"login_mfa.mustache", "login.mfa_title", {}};
  view.status = state.status;
  view.no_store = true;
  view.switch_path = "/login/mfa";
  view.data.set("csrf_token", state.csrf_token);
  if (!state.next.empty()) {
    view.data.set("next", state.next);
  }
  state.errors.Apply(view.data, request.language);
  http::Response response = RenderPage(request, std::move(view), ChromeFor(context, std::nullopt));
  if (state.status == 429) {
    response.headers.emplace_back("Retry-After", "60");
  }
  return response;
}

}  // namespace

void RegisterLoginPages(http::Router& router, PagesContext& context) {
  router.Add(http::Method::kGet, "/login", app::Action::kLogIn, [&context](const http::Request& request) {
    auto visitor = SignedIn(request, context);
    if (!visitor) {
      return ErrorPage(request, visitor.error(), ChromeFor(context, std::nullopt));
    }
    LoginState state;
    state.next = LocalPathOrEmpty(request.Query("next"));
    if (*visitor) {
      return Redirect(NextOrAccount(state.next));
    }
    if (request.Query("logged_out") == "1") {
      state.notice_key = "login.logged_out";
    } else if (request.Query("logged_out") == "all") {
      state.notice_key = "login.logged_out_everywhere";
    }
    return LoginPage(request, context, state);
  });

  router.Add(http::Method::kPost, "/login", app::Action::kLogIn, [&context](const http::Request& request) {
    auto form = ReadForm(request, "");
    if (!form) {
      return ErrorPage(request, form.error(), ChromeFor(context, std::nullopt));
    }
    LoginState state;
    state.email = std::string(form->Get("email"));
    state.next = LocalPathOrEmpty(form->Get("next"));
    const std::string password(form->Get("password"));
    const auto required = core::Messages::Get().Text(request.language, "login.field_required");
    if (state.email.empty()) {
      state.errors.Field("email", "login.email", std::string(required));
    }
    if (password.empty()) {
      state.errors.Field("password", "login.password", std::string(required));
    }
    if (!state.errors.empty()) {
      state.status = 400;
      return LoginPage(request, context, state);
    }
    auto grant = context.services.LogIn(state.email, password, request.remote_address);
    if (!grant) {
      state.status = http::StatusFor(grant.error().code);
      state.errors.Form(ErrorText(request, grant.error()), {"email", "password"});
      return LoginPage(request, context, state);
    }
    return Granted(request, context, *grant, AfterGrant(*grant, state.next));
  });

  router.Add(http::Method::kGet, "/login/mfa", app::Action::kLogIn, [&context](const http::Request& request) {
    MfaState state;
    state.next = LocalPathOrEmpty(request.Query("next"));
    auto session = context.services.LiveSession(SessionToken(request));
    if (!session) {
      if (session.error().code == core::ErrorCode::kUnauthenticated) {
        return Redirect(state.next.empty() ? "/login" : "/login?next=" + QueryEscape(state.next));
      }
      return ErrorPage(request, session.error(), ChromeFor(context, std::nullopt));
    }
    if (session->stage == domain::SessionStage::kAuthenticated) {
      return Redirect(NextOrAccount(state.next));
    }
    state.csrf_token = session->csrf_token;
    return MfaPage(request, context, state);
  });

  router.Add(http::Method::kPost, "/login/mfa", app::Action::kLogIn, [&context](const http::Request& request) {
    auto session = context.services.LiveSession(SessionToken(request));
    if (!session) {
      return ErrorPage(request, session.error(), ChromeFor(context, std::nullopt));
    }
    auto form = ReadForm(request, session->csrf_token);
    if (!form) {
      return ErrorPage(request, form.error(), ChromeFor(context, std::nullopt));
    }
    MfaState state;
    state.csrf_token = session->csrf_token;
    state.next = LocalPathOrEmpty(form->Get("next"));
    if (session->stage == domain::SessionStage::kAuthenticated) {
      return Redirect(NextOrAccount(state.next));
    }
    // Two forms post here: the TOTP code ("code") and a recovery code ("recovery_code").
    const bool recovery = form->Get("code").empty() && form->Has("recovery_code");
    const std::string field = recovery ? "recovery_code" : "code";
    const std::string code = recovery ? std::string(form->Get(field)) : WithoutSpaces(form->Get(field));
    if (code.empty()) {
      state.status = 400;
      state.errors.Field(field, "login." + field,
                         std::string(core::Messages::Get().Text(request.language, "login.field_required")));
      return MfaPage(request, context, state);
    }
    auto grant = context.services.SecondFactor(SessionToken(request), code);
    if (!grant) {
      if (grant.error().reason == "auth.mfa_enrolment_required") {
        return Redirect(state.next.empty() ? "/mfa/enrol" : "/mfa/enrol?next=" + QueryEscape(state.next));
      }
      state.status = http::StatusFor(grant.error().code);
      state.errors.Field(field, "login." + field, ErrorText(request, grant.error()));
      return MfaPage(request, context, state);
    }
    return Granted(request, context, *grant, NextOrAccount(state.next));
  });

  // Ends this session, in any stage (so "cancel" on the code page works too), and clears the cookie.
  router.Add(http::Method::kPost, "/logout", app::Action::kLogIn, [&context](const http::Request& request) {
    const std::string token = SessionToken(request);
    auto session = context.services.LiveSession(token);
    if (session) {
      if (auto form = ReadForm(request, session->csrf_token); !form) {
        return ErrorPage(request, form.error(), ChromeFor(context, std::nullopt));
      }
      if (auto done = context.services.LogOut(token); !done) {
        return ErrorPage(request, done.error(), ChromeFor(context, std::nullopt));
      }
    } else if (session.error().code != core::ErrorCode::kUnauthenticated) {
      return ErrorPage(request, session.error(), ChromeFor(context, std::nullopt));
    }
    http::Response response = Redirect(session ? "/login?logged_out=1" : "/login");
    SetSessionCookie(response, "", context);
    return response;
  });

  if (!context.demo) {
    return;  // the one-click demo login does not exist outside demo mode
  }
  router.Add(http::Method::kPost, "/demo/login", app::Action::kLogIn, [&context](const http::Request& request) {
    auto form = ReadForm(request, "");
    if (!form) {
      return ErrorPage(request, form.error(), ChromeFor(context, std::nullopt));
    }
    const auto role = domain::RoleFromString(form->Get("role"));
    if (!role) {
      return ErrorPage(request, 400, "error.invalid_argument", ChromeFor(context, std::nullopt));
    }
    auto grant = context.services.DemoLogIn(*role);
    if (!grant) {
      return ErrorPage(request, grant.error(), ChromeFor(context, std::nullopt));
    }
    return Granted(request, context, *grant, "/account");
  });
}

}  // namespace ismap::web::pages
