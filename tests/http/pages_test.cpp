// The identity pages over HTTP: CSRF on their forms, redirects, and demo mode staying off.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/http/server_fixture.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kPassword[] = "correct horse battery staple";
const std::string kForm = "Content-Type: application/x-www-form-urlencoded\r\n";

class PagesTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    auto org = services_->CreateOrganization(app::Principal::Operator(),
                                             {domain::OrganizationKind::kSystem, "運用", "Ops", std::nullopt});
    ASSERT_TRUE(org.has_value());
    ASSERT_TRUE(services_
                    ->CreateUser(app::Principal::Operator(),
                                 {org->id, "root@example.go.jp", "管理者", {domain::Role::kAdmin}}, kPassword)
                    .has_value());
  }
  static std::string CookieOf(const HttpResponse& r) {
    const std::string header = r.Header("set-cookie");
    return header.substr(0, header.find(';'));
  }
};

TEST_F(PagesTest, AnonymousAccountVisitGoesToLogin) {
  auto r = Get("/account");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_THAT(r->Header("location"), StartsWith("/login"));
}

TEST_F(PagesTest, LoginFormSignsInAndRedirectsOnlyToLocalPaths) {
  auto r = Fetch(port_, "POST", "/login?next=%2F%2Fevil.example%2F", kForm,
                 "email=root%40example.go.jp&password=correct+horse+battery+staple");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_THAT(r->Header("location"), Not(HasSubstr("evil")));
  EXPECT_THAT(r->Header("set-cookie"), HasSubstr("HttpOnly"));
  auto account = Get("/account", "Cookie: " + CookieOf(*r) + "\r\n");
  ASSERT_TRUE(account);
  EXPECT_EQ(account->status, 200);
  EXPECT_THAT(account->body, HasSubstr("root@example.go.jp"));
}

TEST_F(PagesTest, WrongPasswordShowsTheMessageWithoutACookie) {
  auto r =
      Fetch(port_, "POST", "/login", kForm + "Accept-Language: ja\r\n", "email=root%40example.go.jp&password=nope");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_THAT(r->body, HasSubstr("パスワードが正しくありません"));
  EXPECT_TRUE(r->Header("set-cookie").empty());
}

TEST_F(PagesTest, FormsRefuseMissingCsrfTokensAndOtherSites) {
  auto login =
      Fetch(port_, "POST", "/login", kForm, "email=root%40example.go.jp&password=correct+horse+battery+staple");
  ASSERT_TRUE(login);
  const std::string cookie = "Cookie: " + CookieOf(*login) + "\r\n";
  auto no_token = Fetch(port_, "POST", "/logout/everywhere", cookie + kForm, "");
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 403);
  auto cross_site = Fetch(port_, "POST", "/login", kForm + "Origin: https://evil.example\r\n",
                          "email=root%40example.go.jp&password=correct+horse+battery+staple");
  ASSERT_TRUE(cross_site);
  EXPECT_EQ(cross_site->status, 403);
  // The session is still there: the refused requests changed nothing.
  auto account = Get("/account", cookie);
  ASSERT_TRUE(account);
  EXPECT_EQ(account->status, 200);
}

TEST_F(PagesTest, MalformedFormBodiesAreRefused) {
  auto r = Fetch(port_, "POST", "/login", kForm, "email=%zz&password=x");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST_F(PagesTest, DemoLoginDoesNotExistOutsideDemoMode) {
  auto r = Fetch(port_, "POST", "/demo/login", kForm, "role=admin");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  auto page = Get("/login");
  ASSERT_TRUE(page);
  EXPECT_THAT(page->body, Not(HasSubstr("demo.ismap.example")));
}

}  // namespace
}  // namespace ismap::testing
