// The JSON API and the pages, through a real server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/http/server_fixture.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::string kAuth = std::string("Authorization: Bearer ") + kOperatorToken + "\r\n";
const std::string kJson = "Content-Type: application/json\r\n";

class ApiTest : public ServerFixture {
 protected:
  std::optional<HttpResponse> Post(const std::string& body, const std::string& headers) {
    return Fetch(port_, "POST", "/api/v1/organizations", headers, body);
  }
  std::string ErrorCode(const HttpResponse& r) {
    const auto body = json::parse(r.body, nullptr, false);
    return body.is_object() ? body["error"].value("code", "") : "";
  }
};

const char kValidCsp[] =
    R"({"kind":"csp","name_ja":"デモクラウド株式会社","name_en":"Demo Cloud","corporate_number":"1010001000006"})";

TEST_F(ApiTest, CreateWithoutCredentialsIs401) {
  auto r = Post(kValidCsp, kJson);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(ErrorCode(*r), "error.unauthenticated");
  EXPECT_EQ(r->Header("www-authenticate"), "Bearer");
}

TEST_F(ApiTest, CreateWithAWrongTokenIs401) {
  auto r = Post(kValidCsp, kJson + "Authorization: Bearer " + std::string(36, 'x') + "\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

TEST_F(ApiTest, OperatorCreatesAndListsAnOrganization) {
  auto created = Post(kValidCsp, kJson + kAuth);
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const auto body = json::parse(created->body);
  EXPECT_EQ(body["name_ja"], "デモクラウド株式会社");
  EXPECT_EQ(body["kind"], "csp");
  EXPECT_EQ(created->Header("location"), "/api/v1/organizations/" + std::to_string(body["id"].get<int>()));

  auto list = Get("/api/v1/organizations", kAuth);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  const auto page = json::parse(list->body);
  EXPECT_EQ(page["total"], 1);
  EXPECT_EQ(page["items"][0]["corporate_number"], "1010001000006");

  auto agency = Post(R"({"kind":"agency","name_ja":"デモ省","name_en":"Ministry"})", kJson + kAuth);
  ASSERT_TRUE(agency);
  ASSERT_EQ(agency->status, 201);
  EXPECT_TRUE(json::parse(agency->body)["corporate_number"].is_null());  // explicit null, not absent
}

TEST_F(ApiTest, OneOrganizationByIdNeedsTheOperator) {
  auto created = Post(kValidCsp, kJson + kAuth);
  ASSERT_TRUE(created);
  const std::string location = created->Header("location");
  auto anonymous = Get(location);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  auto read = Get(location, kAuth);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 200);
  EXPECT_EQ(json::parse(read->body)["corporate_number"], "1010001000006");
  for (const char* bad : {"/api/v1/organizations/999999", "/api/v1/organizations/abc", "/api/v1/organizations/-1"}) {
    auto missing = Get(bad, kAuth);
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404) << bad;
  }
}

TEST_F(ApiTest, ListingWithoutCredentialsIs401) {
  auto r = Get("/api/v1/organizations");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

TEST_F(ApiTest, BadPagingIs400) {
  for (const char* query : {"?limit=0", "?limit=501", "?limit=abc", "?offset=-1"}) {
    auto r = Get(std::string("/api/v1/organizations") + query, kAuth);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << query;
    EXPECT_EQ(ErrorCode(*r), "invalid_pagination");
  }
}

TEST_F(ApiTest, BadBodiesAreRefusedWithCodeAndPointer) {
  struct Case {
    std::string body;
    std::string headers;
    int status;
    std::string code;
    std::string pointer;
  };
  const std::vector<Case> cases = {
      {"{not json", kJson + kAuth, 400, "invalid_json", ""},
      {kValidCsp, "Content-Type: text/plain\r\n" + kAuth, 415, "unsupported_media_type", ""},
      {std::string(40, '[') + std::string(40, ']'), kJson + kAuth, 400, "json_too_deep", ""},
      {"[]", kJson + kAuth, 400, "field_type", ""},
      {R"({"kind":"csp","name_ja":"a","name_en":"b","corporate_number":"1010001000006","extra":1})", kJson + kAuth, 400,
       "field_unknown", "/extra"},
      {R"({"kind":"csp","name_en":"b"})", kJson + kAuth, 400, "field_missing", "/name_ja"},
      {R"({"kind":"csp","name_ja":5,"name_en":"b"})", kJson + kAuth, 400, "field_type", "/name_ja"},
      {R"({"kind":"bank","name_ja":"a","name_en":"b"})", kJson + kAuth, 400, "organization.invalid_kind", "/kind"},
      {R"({"kind":"csp","name_ja":"a","name_en":"b","corporate_number":"1010001000007"})", kJson + kAuth, 400,
       "organization.corporate_number_check_digit", ""},
      {R"({"kind":"csp","name_ja":"a","name_en":"b"})", kJson + kAuth, 400, "organization.corporate_number_required",
       ""},
  };
  for (const auto& c : cases) {
    auto r = Post(c.body, c.headers);
    ASSERT_TRUE(r) << c.body;
    EXPECT_EQ(r->status, c.status) << c.body << " -> " << r->body;
    EXPECT_EQ(ErrorCode(*r), c.code) << c.body << " -> " << r->body;
    if (!c.pointer.empty()) {
      EXPECT_EQ(json::parse(r->body)["error"]["pointer"], c.pointer) << r->body;
    }
  }
  // Nothing was stored by any of them.
  auto list = Get("/api/v1/organizations", kAuth);
  ASSERT_TRUE(list);
  EXPECT_EQ(json::parse(list->body)["total"], 0);
}

TEST_F(ApiTest, DuplicateCorporateNumberIs409InTheUsersLanguage) {
  ASSERT_EQ(Post(kValidCsp, kJson + kAuth)->status, 201);
  auto ja = Post(kValidCsp, kJson + kAuth);
  auto en = Post(kValidCsp, kJson + kAuth + "Accept-Language: en\r\n");
  ASSERT_TRUE(ja && en);
  EXPECT_EQ(ja->status, 409);
  EXPECT_EQ(ErrorCode(*ja), "organization.duplicate_corporate_number");
  EXPECT_THAT(ja->body, HasSubstr("既に登録されています"));
  EXPECT_THAT(en->body, HasSubstr("already exists"));
}

TEST_F(ApiTest, HomePageIsJapaneseByDefault) {
  auto r = Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-type"), "text/html; charset=utf-8");
  EXPECT_THAT(r->body, HasSubstr("<html lang=\"ja\">"));
  EXPECT_THAT(r->body, HasSubstr("政府情報システムのためのセキュリティ評価制度"));
  EXPECT_THAT(r->body, HasSubstr("絶対的なセキュリティを保証するものではありません"));
  EXPECT_THAT(r->body, HasSubstr("href=\"/?lang=en\""));
  EXPECT_THAT(r->Header("content-security-policy"), HasSubstr("default-src 'self'"));
}

TEST_F(ApiTest, EnglishIsOneClickAwayAndRemembered) {
  auto r = Get("/?lang=en");
  ASSERT_TRUE(r);
  EXPECT_THAT(r->body, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(r->body, HasSubstr("not a guarantee of the absolute security"));
  EXPECT_THAT(r->Header("set-cookie"), HasSubstr("lang=en"));
  auto by_cookie = Get("/", "Cookie: lang=en\r\n");
  ASSERT_TRUE(by_cookie);
  EXPECT_THAT(by_cookie->body, HasSubstr("<html lang=\"en\">"));
  auto by_header = Get("/", "Accept-Language: en-GB,en;q=0.8\r\n");
  ASSERT_TRUE(by_header);
  EXPECT_THAT(by_header->body, HasSubstr("<html lang=\"en\">"));
}

TEST_F(ApiTest, HomePageEscapesWhatItShows) {
  // The path is echoed into the language link; it must come out escaped.
  auto r = Get("/?lang=en&x=%3Cscript%3E");
  ASSERT_TRUE(r);
  EXPECT_THAT(r->body, ::testing::Not(HasSubstr("<script>")));
}

TEST_F(ApiTest, StylesheetIsServed) {
  auto r = Get("/static/app.css");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-type"), "text/css; charset=utf-8");
  EXPECT_THAT(r->body, HasSubstr(".skip-link"));
}

}  // namespace
}  // namespace ismap::testing
