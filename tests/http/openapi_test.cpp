// The public API against its OpenAPI document (issue 8), through a real server holding the demo's
// registered services and audit bodies. The document drives the tests: every public route is in
// it and everything in it is a route; every documented operation answers with a body its schema
// accepts; every bad value its parameter schemas rule out is a documented 400 with the error body;
// every value its enums, bounds and defaults allow is 200; and where it promises an ETag, the
// server sends one and honours If-None-Match.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/audit_body_demo.hpp"
#include "app/cloud_service_demo.hpp"
#include "app/criteria_demo.hpp"
#include "app/system.hpp"
#include "domain/date.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/openapi_document.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;

constexpr char kOpenApiPath[] = "/api/v1/openapi.json";
// Unknown query parameters are refused (not ignored) by these operations.
const std::set<std::string> kStrictParameters = {"/api/v1/services", "/api/v1/changes", "/api/v1/statistics"};

std::string MediaType(const HttpResponse& response) {
  const std::string type = response.Header("content-type");
  const auto semicolon = type.find(';');
  return semicolon == std::string::npos ? type : type.substr(0, semicolon);
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    out += line + "\n";
  }
  return out;
}

// Query values the parameter's schema rules out.
std::vector<std::string> BadValues(const json& schema, const OpenApiDocument& doc) {
  std::vector<std::string> out;
  const json s = schema.contains("$ref") ? doc.At(schema["$ref"]) : schema;
  const std::string type = s.value("type", "");
  if (s.contains("enum")) {
    out.push_back("bogus");
  }
  if (type == "array") {
    const json items = s["items"].contains("$ref") ? doc.At(s["items"]["$ref"]) : s["items"];
    if (items.contains("enum")) {
      out.insert(out.end(), {items["enum"][0].get<std::string>() + ",bogus", "bogus"});
    }
  }
  if (type == "integer") {
    out.insert(out.end(), {"abc", "1.5", "99999999999999999999"});
    if (s.contains("minimum")) {
      out.push_back(std::to_string(s["minimum"].get<std::int64_t>() - 1));
    }
    if (s.contains("maximum")) {
      out.push_back(std::to_string(s["maximum"].get<std::int64_t>() + 1));
    }
  }
  if (type == "string" && s.value("format", "") == "date") {
    out.insert(out.end(), {"2026-02-30", "2026-1-1", "20261126", "yesterday"});
  }
  if (type == "string" && s.contains("maxLength")) {
    std::string text;
    for (std::int64_t i = 0; i <= s["maxLength"].get<std::int64_t>(); ++i) {
      text += "あ";  // characters, not bytes: 101 of them is too long, 100 is not
    }
    out.push_back(text);
  }
  return out;
}

// Query values the parameter's schema allows that the server must take: every enum value (alone,
// and all of a list's together), the bounds and the default; days from `days`.
std::vector<std::string> GoodValues(const json& parameter, const OpenApiDocument& doc,
                                    const std::vector<std::string>& days) {
  std::vector<std::string> out;
  const json& raw = parameter["schema"];
  const json s = raw.contains("$ref") ? doc.At(raw["$ref"]) : raw;
  const std::string type = s.value("type", "");
  for (const auto& value : s.value("enum", json::array())) {
    out.push_back(value.get<std::string>());
  }
  if (type == "array") {
    const json items = s["items"].contains("$ref") ? doc.At(s["items"]["$ref"]) : s["items"];
    std::string all;
    for (const auto& value : items.value("enum", json::array())) {
      out.push_back(value.get<std::string>());
      all += (all.empty() ? "" : ",") + value.get<std::string>();
    }
    out.push_back(all);
  }
  for (const char* bound : {"minimum", "maximum", "default"}) {
    if (s.contains(bound) && s[bound].is_number_integer()) {
      out.push_back(std::to_string(s[bound].get<std::int64_t>()));
    }
  }
  if (type == "string" && s.value("format", "") == "date") {
    out.insert(out.end(), days.begin(), days.end());
  }
  if (type == "string" && s.contains("maxLength")) {
    std::string text;
    for (std::int64_t i = 0; i < s["maxLength"].get<std::int64_t>(); ++i) {
      text += "ク";
    }
    out.insert(out.end(), {"クラウド", "CLOUD", text});
  }
  return out;
}

class OpenApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    SeedDemo();
    if (HasFatalFailure()) {
      return;
    }

    auto served = Get(kOpenApiPath);
    ASSERT_TRUE(served);
    ASSERT_EQ(served->status, 200);
    auto doc = OpenApiDocument::Parse(served->body);
    ASSERT_TRUE(doc.has_value()) << "not a JSON object";
    doc_.emplace(std::move(*doc));

    // Ids the documented paths' parameters take: the first line of each list.
    const json services_list = GetJson("/api/v1/services");
    ASSERT_FALSE(services_list["items"].empty());
    ids_["/api/v1/services/{id}"] = std::to_string(services_list["items"][0]["service_id"].get<std::int64_t>());
    const json bodies = GetJson("/api/v1/audit-bodies");
    ASSERT_FALSE(bodies["items"].empty());
    ids_["/api/v1/audit-bodies/{id}"] = std::to_string(bodies["items"][0]["organization_id"].get<std::int64_t>());
  }

  json GetJson(const std::string& target) {
    auto r = Get(target);
    EXPECT_TRUE(r && r->status == 200) << target << (r ? " -> " + r->body.substr(0, 300) : "");
    return r ? json::parse(r->body, nullptr, false) : json();
  }

  // `path` with its {id} replaced by a real one (or by `id` when given).
  std::string Concrete(const std::string& path, const std::string& id = "") {
    const auto open = path.find('{');
    if (open == std::string::npos) {
      return path;
    }
    EXPECT_TRUE(ids_.count(path) == 1) << "no sample id for " << path;
    return path.substr(0, open) + (id.empty() ? ids_[path] : id) + path.substr(path.find('}') + 1);
  }

  // GET `target` (an instance of the documented `path`): the status is `status`, which the
  // document lists for the path; the media type is one it documents for that status; and a JSON
  // body is what its schema describes.
  std::optional<HttpResponse> Check(const std::string& path, const std::string& target, int status,
                                    const std::string& headers = "") {
    SCOPED_TRACE("GET " + target);
    auto r = Get(target, headers);
    EXPECT_TRUE(r);
    if (!r) {
      return r;
    }
    EXPECT_EQ(r->status, status) << r->body.substr(0, 600);
    EXPECT_TRUE(doc_->Response(path, "get", r->status).is_object())
        << "status " << r->status << " is not documented for " << path;
    if (r->status == 304) {
      EXPECT_TRUE(r->body.empty());
      return r;
    }
    const auto schema = doc_->SchemaPointer(path, "get", r->status, MediaType(*r));
    EXPECT_TRUE(schema.has_value()) << "media type " << MediaType(*r) << " is not documented for " << r->status;
    if (schema && MediaType(*r) == "application/json") {
      const auto problems = doc_->Validate(*schema, r->body);
      EXPECT_TRUE(problems.empty()) << *schema << "\n" << Join(problems) << r->body.substr(0, 1500);
    } else if (MediaType(*r) == "text/csv") {
      EXPECT_THAT(r->body, ::testing::StartsWith("\xEF\xBB\xBF"));  // the BOM the document promises
    } else if (schema) {
      EXPECT_THAT(r->body, ::testing::StartsWith("PK\x03\x04"));  // XLSX is a zip
    }
    return r;
  }

  std::optional<OpenApiDocument> doc_;
  std::map<std::string, std::string> ids_;
};

TEST_F(OpenApiTest, ServesAnOpenApi31DocumentCachedWithAnETag) {
  auto r = Get(kOpenApiPath);
  ASSERT_TRUE(r);
  EXPECT_EQ(MediaType(*r), "application/json");
  EXPECT_EQ(r->Header("cache-control"), "public, max-age=3600");
  const std::string etag = r->Header("etag");
  ASSERT_THAT(etag, ::testing::MatchesRegex("\"[0-9a-f]+\""));
  EXPECT_THAT(doc_->root()["openapi"].get<std::string>(), ::testing::StartsWith("3.1."));
  EXPECT_TRUE(doc_->root()["info"]["title"].is_string());
  EXPECT_TRUE(doc_->DanglingRefs().empty()) << Join(doc_->DanglingRefs());
  // Every component schema compiles (an empty list would validate anything).
  for (const auto& [name, schema] : doc_->root()["components"]["schemas"].items()) {
    const auto problems = doc_->Validate("#/components/schemas/" + name, "null");
    for (const auto& problem : problems) {
      EXPECT_THAT(problem, ::testing::Not(::testing::HasSubstr("does not compile"))) << name;
    }
  }

  for (const std::string& match : {etag, "\"other\", " + etag, "W/" + etag, std::string("*")}) {
    auto again = Get(kOpenApiPath, "If-None-Match: " + match + "\r\n");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304) << match;
    EXPECT_TRUE(again->body.empty());
    EXPECT_EQ(again->Header("etag"), etag);
  }
  auto changed = Get(kOpenApiPath, "If-None-Match: \"0123\"\r\n");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200);
  EXPECT_EQ(changed->body, r->body);
}

TEST_F(OpenApiTest, DocumentsEveryPublicApiRouteAndNothingElse) {
  std::set<std::string> public_routes;
  for (const auto& route : router_.Routes()) {
    if (route.method == http::Method::kGet && route.action == app::Action::kReadPublic &&
        route.pattern.rfind("/api/v1/", 0) == 0) {
      public_routes.insert(route.pattern);
    }
  }
  ASSERT_FALSE(public_routes.empty());
  for (const auto& pattern : public_routes) {
    EXPECT_THAT(doc_->Methods(pattern), ::testing::Contains("get")) << pattern << " is public but not documented";
  }
  for (const auto& [path, item] : doc_->root()["paths"].items()) {
    for (const auto& method : doc_->Methods(path)) {
      EXPECT_EQ(method, "get") << path << ": the public API is read-only";
      EXPECT_TRUE(public_routes.count(path) == 1) << path << " is documented but is no public GET route";
    }
  }
}

TEST_F(OpenApiTest, EveryOperationAnswersWithItsDocumentedSchema) {
  for (const auto& [path, item] : doc_->root()["paths"].items()) {
    auto ok = Check(path, Concrete(path), 200);
    if (path.find('{') != std::string::npos) {
      Check(path, Concrete(path, "999999999"), 404);
      Check(path, Concrete(path, "abc"), 404);
    }
    if (ok && path == "/api/v1/services") {
      EXPECT_FALSE(json::parse(ok->body)["items"].empty());
    }
  }
  // Past days, pages and the change feed's later pages are the same shapes.
  Check("/api/v1/services", "/api/v1/services?on=2000-01-01", 200);
  Check("/api/v1/services", "/api/v1/services?per_page=1&page=2&sort=-name", 200);
  Check("/api/v1/audit-bodies", "/api/v1/audit-bodies?on=2000-01-01", 200);
  Check("/api/v1/services/{id}", Concrete("/api/v1/services/{id}", "") + "?on=2000-01-01", 404);
  auto first = Check("/api/v1/changes", "/api/v1/changes?limit=1", 200);
  ASSERT_TRUE(first);
  const std::string cursor = json::parse(first->body)["next_cursor"];
  Check("/api/v1/changes", "/api/v1/changes?limit=1000&since=" + UrlEncode(cursor), 200);
}

TEST_F(OpenApiTest, BadValuesOfEveryDocumentedParameterAreDocumented400s) {
  for (const auto& [path, item] : doc_->root()["paths"].items()) {
    for (const auto& parameter : doc_->Parameters(path, "get")) {
      if (parameter["in"] != "query") {
        continue;
      }
      const std::string name = parameter["name"];
      for (const auto& value : BadValues(parameter["schema"], *doc_)) {
        const std::string target = Concrete(path) + "?" + name + "=" + UrlEncode(value);
        auto r = Check(path, target, 400, "Accept-Language: en\r\n");
        if (r && r->status == 400) {
          const json error = json::parse(r->body)["error"];
          EXPECT_EQ(error.value("pointer", ""), "/" + name) << target;
          EXPECT_FALSE(error["message"].get<std::string>().empty());
        }
      }
    }
    if (kStrictParameters.count(path) == 1) {
      auto r = Check(path, Concrete(path) + "?colour=red", 400);
      if (r && r->status == 400) {
        EXPECT_EQ(json::parse(r->body)["error"].value("pointer", ""), "/colour");
      }
    }
  }
  // The server's own code for an unknown parameter of the list (the change feed has its own).
  auto r = Get("/api/v1/services?colour=red");
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "unknown_parameter");
}

TEST_F(OpenApiTest, EveryValueTheDocumentAllowsIsAccepted) {
  for (const auto& [path, item] : doc_->root()["paths"].items()) {
    for (const auto& parameter : doc_->Parameters(path, "get")) {
      if (parameter["in"] != "query") {
        continue;
      }
      const std::string name = parameter["name"];
      // One service or audit body is there today; the lists are there on any day.
      const std::string today = domain::FormatDate(services_->TodayInJapan());
      const bool one = path.find('{') != std::string::npos;
      const auto days = one ? std::vector<std::string>{today} : std::vector<std::string>{today, "2000-02-29"};
      for (const auto& value : GoodValues(parameter, *doc_, days)) {
        Check(path, Concrete(path) + "?" + name + "=" + UrlEncode(value), 200);
      }
    }
  }
  // Every filter at once, as the list page's URL carries them.
  Check("/api/v1/services",
        "/api/v1/services?q=" + UrlEncode("クラウド") + "&track=ismap&model=iaas,saas&status=active&provider=1" +
            "&audit_body=1&region=" + UrlEncode("東京") + "&registered_since=2020-01-01&sort=-valid_until" +
            "&page=1&per_page=10",
        200);
}

// The caching headers are exactly the documented ones (sent where documented, documented where
// sent), and an ETag sent back in If-None-Match is a documented 304.
TEST_F(OpenApiTest, CachingHeadersAndConditionalGetsAreAsDocumented) {
  for (const auto& [path, item] : doc_->root()["paths"].items()) {
    const json headers = doc_->Response(path, "get", 200).value("headers", json::object());
    auto r = Check(path, Concrete(path), 200);
    ASSERT_TRUE(r);
    for (const auto& [name, field] : {std::pair{"ETag", "etag"}, std::pair{"Cache-Control", "cache-control"}}) {
      EXPECT_EQ(headers.contains(name), !r->Header(field).empty())
          << path << ": " << name
          << (headers.contains(name) ? " is documented but not sent"
                                     : " is sent (" + r->Header(field) + ") but not documented");
    }
    if (!r->Header("etag").empty()) {
      Check(path, Concrete(path), 304, "If-None-Match: " + r->Header("etag") + "\r\n");
    }
  }
}

}  // namespace
}  // namespace ismap::testing
