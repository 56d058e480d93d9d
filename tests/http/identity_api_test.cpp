// Logging in and out over HTTP: cookies, CSRF, the second factor, /api/v1/me.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/identity.hpp"
#include "app/organizations.hpp"
#include "app/users.hpp"
#include "core/totp.hpp"
#include "tests/http/server_fixture.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "correct horse battery staple";

class IdentityApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    auto org = services_->CreateOrganization(app::Principal::Operator(),
                                             {domain::OrganizationKind::kAgency, "デモ省", "Ministry", std::nullopt});
    ASSERT_TRUE(org.has_value());
    auto user = services_->CreateUser(
        app::Principal::Operator(), {org->id, "alice@example.go.jp", "アリス", {domain::Role::kAgencyCiso}}, kPassword);
    ASSERT_TRUE(user.has_value());
  }

  std::optional<HttpResponse> LogIn(const std::string& extra = "") {
    return Fetch(port_, "POST", "/api/v1/session", "Content-Type: application/json\r\n" + extra,
                 json{{"email", "alice@example.go.jp"}, {"password", kPassword}}.dump());
  }

  static std::string CookieOf(const HttpResponse& r) {
    const std::string header = r.Header("set-cookie");
    return header.substr(0, header.find(';'));
  }
};

TEST_F(IdentityApiTest, LoginSetsAHardenedCookieAndMeAnswers) {
  auto r = LogIn();
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string cookie = r->Header("set-cookie");
  EXPECT_THAT(cookie, HasSubstr("ismap_session="));
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("Secure"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Lax"));
  EXPECT_THAT(r->body, Not(HasSubstr(kPassword)));
  auto me = Get("/api/v1/me", "Cookie: " + CookieOf(*r) + "\r\n");
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200) << me->body;
  const auto body = json::parse(me->body);
  EXPECT_EQ(body["user"]["email"], "alice@example.go.jp");
  EXPECT_EQ(body["user"]["roles"][0], "agency_ciso");
  EXPECT_EQ(body["organization_kind"], "agency");
}

TEST_F(IdentityApiTest, WrongPasswordIs401InTheUsersLanguage) {
  auto r = Fetch(port_, "POST", "/api/v1/session", "Content-Type: application/json\r\nAccept-Language: ja\r\n",
                 json{{"email", "alice@example.go.jp"}, {"password", "not the password"}}.dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "auth.invalid_credentials");
  EXPECT_THAT(r->body, HasSubstr("パスワードが正しくありません"));
  EXPECT_TRUE(r->Header("set-cookie").empty());
}

TEST_F(IdentityApiTest, RepeatedFailuresAre429WithRetryAfter) {
  std::optional<HttpResponse> last;
  for (int i = 0; i < 5; ++i) {
    last = Fetch(port_, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
                 json{{"email", "alice@example.go.jp"}, {"password", "guess number " + std::to_string(i)}}.dump());
  }
  ASSERT_TRUE(last);
  EXPECT_EQ(last->status, 429);
  EXPECT_FALSE(last->Header("retry-after").empty());
}

TEST_F(IdentityApiTest, MissingFieldsAndOversizedInputAreRefused) {
  auto no_password = Fetch(port_, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
                           json{{"email", "alice@example.go.jp"}}.dump());
  ASSERT_TRUE(no_password);
  EXPECT_EQ(no_password->status, 400);
  EXPECT_EQ(json::parse(no_password->body)["error"]["pointer"], "/password");
  auto huge = Fetch(port_, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
                    json{{"email", std::string(5000, 'a')}, {"password", "x"}}.dump());
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);  // past the fixture's 2 KiB body limit
}

TEST_F(IdentityApiTest, ForgedAndLoggedOutCookiesAre401) {
  auto forged = Get("/api/v1/me", "Cookie: ismap_session=" + std::string(64, 'f') + "\r\n");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
  auto r = LogIn();
  ASSERT_TRUE(r);
  const std::string cookie = CookieOf(*r);
  const std::string csrf = json::parse(r->body)["csrf_token"];
  auto out = Fetch(port_, "DELETE", "/api/v1/session", "Cookie: " + cookie + "\r\nX-CSRF-Token: " + csrf + "\r\n");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  EXPECT_THAT(out->Header("set-cookie"), HasSubstr("Max-Age=0"));
  auto after = Get("/api/v1/me", "Cookie: " + cookie + "\r\n");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
}

TEST_F(IdentityApiTest, StateChangesNeedTheCsrfTokenAndTheSameOrigin) {
  auto r = LogIn();
  ASSERT_TRUE(r);
  const std::string cookie = "Cookie: " + CookieOf(*r) + "\r\n";
  const std::string csrf = json::parse(r->body)["csrf_token"];
  auto no_token = Fetch(port_, "DELETE", "/api/v1/sessions", cookie);
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 403);
  EXPECT_EQ(json::parse(no_token->body)["error"]["code"], "auth.csrf_invalid");
  auto wrong_token =
      Fetch(port_, "DELETE", "/api/v1/sessions", cookie + "X-CSRF-Token: " + std::string(64, '0') + "\r\n");
  ASSERT_TRUE(wrong_token);
  EXPECT_EQ(wrong_token->status, 403);
  auto cross_site = Fetch(port_, "DELETE", "/api/v1/sessions",
                          cookie + "X-CSRF-Token: " + csrf + "\r\nOrigin: https://evil.example\r\n");
  ASSERT_TRUE(cross_site);
  EXPECT_EQ(cross_site->status, 403);
  // The session survived all three; with token and origin the request goes through.
  auto ok =
      Fetch(port_, "DELETE", "/api/v1/sessions", cookie + "X-CSRF-Token: " + csrf + "\r\nOrigin: http://localhost\r\n");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(json::parse(ok->body)["sessions_ended"], 1);
}

TEST_F(IdentityApiTest, CrossSiteLoginIsRefused) {
  auto r = LogIn("Origin: https://evil.example\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
}

TEST_F(IdentityApiTest, EnrolThenLogInWithTotp) {
  identity_.mfa_required = true;
  services_ = std::make_unique<app::Services>(*db_, clock_, identity_);
  api_ = std::make_unique<http::api::ApiContext>(http::api::ApiContext{*services_, metrics_, kOperatorToken});
  // The router's handlers hold the old context; rebuild the server around the new one.
  server_.reset();
  router_ = http::Router();
  http::api::RegisterSessionRoutes(router_, *api_);
  http::api::RegisterHealthRoutes(router_, *api_);
  core::HttpConfig http;
  http.listen_port = 0;
  http.threads = 1;
  server_ =
      std::make_unique<http::Server>(http, core::WorkerConfig{}, router_, metrics_, access_log_, core::Language::kJa);
  ASSERT_TRUE(server_->Start().has_value());
  port_ = server_->port();

  auto pending = LogIn();
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->status, 200);
  EXPECT_EQ(json::parse(pending->body)["stage"], "password_verified");
  const std::string cookie = "Cookie: " + CookieOf(*pending) + "\r\n";
  const std::string csrf = "X-CSRF-Token: " + json::parse(pending->body)["csrf_token"].get<std::string>() + "\r\n";
  auto denied = Get("/api/v1/me", cookie);
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);  // a pending session is no login

  auto enrolment = Fetch(port_, "POST", "/api/v1/session/mfa/enrolment", cookie + csrf);
  ASSERT_TRUE(enrolment);
  ASSERT_EQ(enrolment->status, 200) << enrolment->body;
  const auto started = json::parse(enrolment->body);
  EXPECT_THAT(started["qr_svg"].get<std::string>(), HasSubstr("<svg"));
  const std::string secret = started["secret"];
  const auto code = core::TotpCode(*core::Base32Decode(secret), core::TotpStep(clock_.Now()));
  auto confirm = Fetch(port_, "POST", "/api/v1/session/mfa/enrolment/confirm",
                       cookie + csrf + "Content-Type: application/json\r\n", json{{"code", code}}.dump());
  ASSERT_TRUE(confirm);
  ASSERT_EQ(confirm->status, 200) << confirm->body;
  const auto confirmed = json::parse(confirm->body);
  EXPECT_EQ(confirmed["stage"], "authenticated");
  EXPECT_EQ(confirmed["recovery_codes"].size(), 10U);
  EXPECT_NE(CookieOf(*confirm), CookieOf(*pending));  // a new token for the new stage
  auto me = Get("/api/v1/me", "Cookie: " + CookieOf(*confirm) + "\r\n");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);

  // Next login: password, then a code (the next step's: this step's code is used up).
  auto again = LogIn();
  ASSERT_TRUE(again);
  const std::string cookie2 = "Cookie: " + CookieOf(*again) + "\r\n";
  const std::string csrf2 = "X-CSRF-Token: " + json::parse(again->body)["csrf_token"].get<std::string>() + "\r\n";
  auto replay = Fetch(port_, "POST", "/api/v1/session/mfa", cookie2 + csrf2 + "Content-Type: application/json\r\n",
                      json{{"code", code}}.dump());
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->status, 401);
  const auto next = core::TotpCode(*core::Base32Decode(secret), core::TotpStep(clock_.Now()) + 1);
  auto second = Fetch(port_, "POST", "/api/v1/session/mfa", cookie2 + csrf2 + "Content-Type: application/json\r\n",
                      json{{"code", next}}.dump());
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200) << second->body;
}

}  // namespace
}  // namespace ismap::testing

namespace ismap::testing {
namespace {

class ApiTokenTest : public IdentityApiTest {
 protected:
  // A session cookie and CSRF header for alice (agency CISO).
  std::string SessionHeaders() {
    auto r = LogIn();
    EXPECT_TRUE(r && r->status == 200);
    return "Cookie: " + CookieOf(*r) + "\r\nX-CSRF-Token: " + json::parse(r->body)["csrf_token"].get<std::string>() +
           "\r\nContent-Type: application/json\r\n";
  }
  std::optional<HttpResponse> Create(const std::string& headers, const json& body) {
    return Fetch(port_, "POST", "/api/v1/tokens", headers, body.dump());
  }
};

TEST_F(ApiTokenTest, TokenActsWithinItsScopesOnly) {
  const std::string session = SessionHeaders();
  auto created =
      Create(session, {{"name", "nightly export"}, {"scopes", {"read_own_account"}}, {"expires_in_days", 30}});
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const auto body = json::parse(created->body);
  const std::string token = body["token"];
  EXPECT_EQ(token.rfind("ismap_", 0), 0U);
  const std::string bearer = "Authorization: Bearer " + token + "\r\n";
  auto me = Get("/api/v1/me", bearer);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200) << me->body;
  // Not in its scopes: refused although alice herself may do it.
  auto sessions = Fetch(port_, "DELETE", "/api/v1/sessions", bearer);
  ASSERT_TRUE(sessions);
  EXPECT_EQ(sessions->status, 403);
  // A token never makes tokens.
  auto nested = Create(bearer + "Content-Type: application/json\r\n",
                       {{"name", "x"}, {"scopes", {"read_own_account"}}, {"expires_in_days", 1}});
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->status, 403);
  // Listed without the secret, revoked, then refused.
  auto list = Get("/api/v1/tokens", session);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  EXPECT_THAT(list->body, Not(HasSubstr(token)));
  const auto id = std::to_string(body["id"].get<int>());
  auto revoked = Fetch(port_, "DELETE", "/api/v1/tokens/" + id, session);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 204);
  auto after = Get("/api/v1/me", bearer);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
  EXPECT_EQ(json::parse(after->body)["error"]["code"], "auth.token_invalid");
}

TEST_F(ApiTokenTest, BadTokenRequestsAreRefused) {
  const std::string session = SessionHeaders();
  struct Case {
    json body;
    std::string code;
  };
  const std::vector<Case> cases = {
      {{{"name", "x"}, {"scopes", {"create_organization"}}, {"expires_in_days", 30}}, "api_token.scope_not_allowed"},
      {{{"name", "x"}, {"scopes", {"no_such_action"}}, {"expires_in_days", 30}}, "api_token.scope_not_allowed"},
      {{{"name", "x"}, {"scopes", {"manage_own_security"}}, {"expires_in_days", 30}}, "api_token.scope_not_allowed"},
      {{{"name", "x"}, {"scopes", json::array()}, {"expires_in_days", 30}}, "api_token.scopes_required"},
      {{{"name", "x"}, {"scopes", {"read_own_account"}}, {"expires_in_days", 0}}, "api_token.lifetime_invalid"},
      {{{"name", "x"}, {"scopes", {"read_own_account"}}, {"expires_in_days", 366}}, "api_token.lifetime_invalid"},
      {{{"name", "tab\there"}, {"scopes", {"read_own_account"}}, {"expires_in_days", 1}}, "api_token.name_invalid"},
      {{{"scopes", {"read_own_account"}}, {"expires_in_days", 1}}, "field_missing"},
      {{{"name", "x"}, {"scopes", "read_own_account"}, {"expires_in_days", 1}}, "field_type"},
  };
  for (const auto& c : cases) {
    auto r = Create(session, c.body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.body.dump() << " -> " << r->body;
    EXPECT_EQ(json::parse(r->body)["error"]["code"], c.code) << c.body.dump();
  }
  auto list = Get("/api/v1/tokens", session);
  ASSERT_TRUE(list);
  EXPECT_EQ(json::parse(list->body)["items"].size(), 0U);  // nothing half-made
  auto forged = Get("/api/v1/me", "Authorization: Bearer ismap_" + std::string(64, '0') + "\r\n");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
}

}  // namespace
}  // namespace ismap::testing
