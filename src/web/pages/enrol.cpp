// TOTP enrolment as pages. Starting is a state change (a new secret), so GET only offers a button
// and POST /mfa/enrol starts; the QR code and the secret are shown once, on that POST's page.
#include "core/qr.hpp"
#include "domain/session.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

enum class Step {
  kStart,    // a button that starts enrolment
  kScan,     // the QR code, the secret and the code field
  kRetry,    // the code field again after a wrong code (the secret is not shown twice)
  kAlready,  // MFA is on already: nothing to do here (resetting it is an administrator's act)
};

struct EnrolState {
  Step step = Step::kStart;
  std::string csrf_token;
  std::string next;
  std::string qr_svg;
  std::string secret;
  std::string notice_key;
  FormErrors errors;
  int status = 200;
};

// "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to type from the screen.
std::string Grouped(const std::string& secret) {
  std::string out;
  for (std::size_t i = 0; i < secret.size(); ++i) {
    if (i > 0 && i % 4 == 0) {
      out.push_back(' ');
    }
    out.push_back(secret[i]);
  }
  return out;
}

Chrome ChromeOf(const http::Request& request, PagesContext& context) {
  auto visitor = SignedIn(request, context);
  return ChromeFor(context, visitor ? *visitor : std::nullopt);
}

http::Response EnrolPage(const http::Request& request, PagesContext& context, const EnrolState& state) {
  PageView view{"mfa_enrol.mustache", "login.enrol_title", {}};
  view.status = state.status;
  view.no_store = true;
  view.switch_path = "/mfa/enrol";
  view.data.set("csrf_token", state.csrf_token);
  if (!state.next.empty()) {
    view.data.set("next", state.next);
  }
  view.data.set("start", state.step == Step::kStart);
  view.data.set("scan", state.step == Step::kScan);
  view.data.set("retry", state.step == Step::kRetry);
  view.data.set("code_form", state.step == Step::kScan || state.step == Step::kRetry);
  view.data.set("already", state.step == Step::kAlready);
  if (!state.qr_svg.empty()) {
    view.data.set("qr_svg", state.qr_svg);
  }
  if (!state.secret.empty()) {
    view.data.set("secret", Grouped(state.secret));
  }
  if (!state.notice_key.empty()) {
    view.data.set("notice", std::string(core::Messages::Get().Text(request.language, state.notice_key)));
  }
  state.errors.Apply(view.data, request.language);
  return RenderPage(request, std::move(view), ChromeOf(request, context));
}

http::Response RecoveryCodesPage(const http::Request& request, PagesContext& context,
                                 const app::EnrolmentResult& result, const std::string& next) {
  PageView view{"mfa_recovery.mustache", "login.recovery_title", {}};
  view.no_store = true;
  view.switch_path = "/account";  // the codes are shown once; switching language must not re-post
  data codes{data::type::list};
  for (const auto& code : result.recovery_codes) {
    codes.push_back(data(code));
  }
  view.data.set("recovery_codes", codes);
  view.data.set("continue_href", NextOrAccount(next));
  Chrome chrome;
  chrome.demo = context.demo;
  chrome.user_name = result.session.user.display_name;
  http::Response response = RenderPage(request, std::move(view), chrome);
  SetSessionCookie(response, result.session.token, context);
  return response;
}

}  // namespace

void RegisterEnrolmentPages(http::Router& router, PagesContext& context) {
  router.Add(http::Method::kGet, "/mfa/enrol", app::Action::kLogIn, [&context](const http::Request& request) {
    EnrolState state;
    state.next = LocalPathOrEmpty(request.Query("next"));
    auto session = context.services.LiveSession(SessionToken(request));
    if (!session) {
      if (session.error().code == core::ErrorCode::kUnauthenticated) {
        return RedirectToLogin(request);
      }
      return ErrorPage(request, session.error(), ChromeFor(context, std::nullopt));
    }
    state.csrf_token = session->csrf_token;
    if (session->stage == domain::SessionStage::kAuthenticated) {
      auto visitor = context.services.Resolve(SessionToken(request));
      if (visitor && visitor->principal.user && visitor->principal.user->mfa_enabled) {
        state.step = Step::kAlready;
        state.notice_key = "login.enrol_already";
      }
    }
    return EnrolPage(request, context, state);
  });

  router.Add(http::Method::kPost, "/mfa/enrol", app::Action::kLogIn, [&context](const http::Request& request) {
    const std::string token = SessionToken(request);
    auto session = context.services.LiveSession(token);
    if (!session) {
      return ErrorPage(request, session.error(), ChromeFor(context, std::nullopt));
    }
    auto form = ReadForm(request, session->csrf_token);
    if (!form) {
      return ErrorPage(request, form.error(), ChromeFor(context, std::nullopt));
    }
    EnrolState state;
    state.csrf_token = session->csrf_token;
    state.next = LocalPathOrEmpty(form->Get("next"));
    auto enrolment = context.services.BeginEnrolment(token);
    if (!enrolment && enrolment.error().reason == "auth.mfa_not_pending" &&
        session->stage == domain::SessionStage::kPasswordVerified) {
      // Already enrolled, between password and code: the code page is the way on.
      return Redirect(state.next.empty() ? "/login/mfa" : "/login/mfa?next=" + QueryEscape(state.next));
    }
    if (!enrolment) {
      state.status = http::StatusFor(enrolment.error().code);
      state.errors.Form(ErrorText(request, enrolment.error()), {});
      return EnrolPage(request, context, state);
    }
    state.step = Step::kScan;
    state.secret = enrolment->secret;
    if (auto qr = core::QrSvg(enrolment->uri); qr) {
      state.qr_svg = std::move(*qr);
    }
    return EnrolPage(request, context, state);
  });

  router.Add(http::Method::kPost, "/mfa/enrol/confirm", app::Action::kLogIn, [&context](const http::Request& request) {
    const std::string token = SessionToken(request);
    auto session = context.services.LiveSession(token);
    if (!session) {
      return ErrorPage(request, session.error(), ChromeFor(context, std::nullopt));
    }
    auto form = ReadForm(request, session->csrf_token);
    if (!form) {
      return ErrorPage(request, form.error(), ChromeFor(context, std::nullopt));
    }
    EnrolState state;
    state.step = Step::kRetry;
    state.csrf_token = session->csrf_token;
    state.next = LocalPathOrEmpty(form->Get("next"));
    const std::string code = WithoutSpaces(form->Get("code"));
    if (code.empty()) {
      state.status = 400;
      state.errors.Field("code", "login.code",
                         std::string(core::Messages::Get().Text(request.language, "login.field_required")));
      return EnrolPage(request, context, state);
    }
    auto result = context.services.ConfirmEnrolment(token, code);
    if (!result) {
      state.status = http::StatusFor(result.error().code);
      state.errors.Field("code", "login.code", ErrorText(request, result.error()));
      return EnrolPage(request, context, state);
    }
    return RecoveryCodesPage(request, context, *result, state.next);
  });
}

}  // namespace ismap::web::pages
