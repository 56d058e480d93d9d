// The public snapshot (http/public_cache.hpp) through a real server: a kept answer is the
// handler's byte for byte, its gzip copy decodes to the same bytes, ETag and If-None-Match give
// 304 without a body, a publication changes the next answer, signed-in visitors are never served
// from (nor stored in) the cache, and answers with Set-Cookie are not kept. Then the cache alone,
// on a router of test routes: Cache-Control no-store and private, errors, and the bounds.
#include "http/public_cache.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "app/audit_body_demo.hpp"
#include "app/system.hpp"
#include "http/gzip.hpp"
#include "tests/http/server_fixture.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// Every route the snapshot serves, at least once each, in both languages.
const std::vector<std::string> kPublicTargets = {
    "/api/v1/services", "/api/v1/audit-bodies", "/api/v1/audit-bodies?format=csv", "/", "/cloud-services",
    "/audit-bodies",    "/statistics",
};

class PublicCacheTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    ASSERT_TRUE(app::SeedDemoData(*db_, clock_, identity_.hashing).has_value());
  }

  void Publish() {
    auto seeded = app::SeedDemoAuditBodies(*db_, clock_, services_->audit_body_settings(), identity_.hashing);
    ASSERT_TRUE(seeded.has_value());
    ASSERT_GT(*seeded, 0);
  }

  // The first audit body on the public list, for its own page and record (asked of the app, so
  // that no answer is in the cache yet).
  std::string FirstAuditBody() {
    auto list = services_->ListPublicAuditBodies(app::Principal::Public(), services_->TodayInJapan());
    EXPECT_TRUE(list.has_value() && !list->empty());
    return list.has_value() && !list->empty() ? std::to_string(list->front().holder.value()) : "0";
  }
};

TEST_F(PublicCacheTest, AKeptAnswerIsTheHandlersByteForByte) {
  Publish();
  std::vector<std::string> targets = kPublicTargets;
  const std::string org = FirstAuditBody();
  targets.push_back("/api/v1/audit-bodies/" + org);
  targets.push_back("/audit-bodies/" + org);
  for (const auto& target : targets) {
    for (const std::string language : {"ja", "en"}) {
      SCOPED_TRACE(target + " " + language);
      const std::string headers = "Accept-Language: " + language + "\r\n";
      const auto stores = public_cache_->Stats().stores;
      const auto hits = public_cache_->Stats().hits;
      auto first = Get(target, headers);
      ASSERT_TRUE(first);
      ASSERT_EQ(first->status, 200) << first->body;
      EXPECT_EQ(public_cache_->Stats().stores, stores + 1);
      auto second = Get(target, headers);
      ASSERT_TRUE(second);
      EXPECT_EQ(public_cache_->Stats().hits, hits + 1);
      EXPECT_EQ(second->status, 200);
      EXPECT_EQ(second->body, first->body);
      EXPECT_EQ(second->Header("content-type"), first->Header("content-type"));
      EXPECT_EQ(second->Header("etag"), first->Header("etag"));
      EXPECT_EQ(second->Header("content-length"), std::to_string(first->body.size()));
      EXPECT_EQ(second->Header("cache-control"), first->Header("cache-control"));
      EXPECT_THAT(second->Header("vary"), HasSubstr("Accept-Encoding"));
      EXPECT_EQ(second->Header("content-encoding"), "");
    }
  }
  // The two languages are two entries with their own bytes.
  auto ja = Get("/audit-bodies", "Accept-Language: ja\r\n");
  auto en = Get("/audit-bodies", "Accept-Language: en\r\n");
  EXPECT_NE(ja->body, en->body);
}

TEST_F(PublicCacheTest, GzipDecodesToTheSameBytes) {
  Publish();
  for (const std::string target : {"/api/v1/audit-bodies", "/audit-bodies", "/"}) {
    SCOPED_TRACE(target);
    auto plain = Get(target);
    ASSERT_TRUE(plain);
    for (const std::string accept : {"gzip", "br, gzip;q=0.5", "deflate, *"}) {
      auto zipped = Get(target, "Accept-Encoding: " + accept + "\r\n");
      ASSERT_TRUE(zipped);
      EXPECT_EQ(zipped->status, 200);
      EXPECT_EQ(zipped->Header("content-encoding"), "gzip") << accept;
      EXPECT_EQ(zipped->Header("content-length"), std::to_string(zipped->body.size()));
      EXPECT_LT(zipped->body.size(), plain->body.size());
      EXPECT_NE(zipped->Header("etag"), plain->Header("etag"));  // other bytes, other strong tag
      EXPECT_EQ(http::Gunzip(zipped->body), plain->body);
    }
    // Refused or not offered: the bytes as they are.
    for (const std::string accept : {"gzip;q=0", "br", "identity", "gzip; q=0.000"}) {
      auto same = Get(target, "Accept-Encoding: " + accept + "\r\n");
      ASSERT_TRUE(same);
      EXPECT_EQ(same->Header("content-encoding"), "") << accept;
      EXPECT_EQ(same->body, plain->body) << accept;
    }
  }
}

TEST_F(PublicCacheTest, IfNoneMatchGives304WithoutABodyAndAStaleTagGets200) {
  Publish();
  for (const std::string target : {"/api/v1/audit-bodies", "/audit-bodies", "/api/v1/changes"}) {
    SCOPED_TRACE(target);
    auto plain = Get(target);
    ASSERT_TRUE(plain);
    const std::string etag = plain->Header("etag");
    ASSERT_THAT(etag, ::testing::MatchesRegex("\"[0-9a-f]{32}\""));
    for (const std::string& condition : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
      auto again = Get(target, "If-None-Match: " + condition + "\r\n");
      ASSERT_TRUE(again);
      EXPECT_EQ(again->status, 304) << condition;
      EXPECT_EQ(again->body, "");
      EXPECT_EQ(again->Header("etag"), etag);
      EXPECT_FALSE(again->Header("cache-control").empty());
    }
    auto stale = Get(target, "If-None-Match: \"0123456789abcdef0123456789abcdef\"\r\n");
    ASSERT_TRUE(stale);
    EXPECT_EQ(stale->status, 200);
    EXPECT_EQ(stale->body, plain->body);
  }
  // The gzip copy's tag is matched as well.
  auto zipped = Get("/audit-bodies", "Accept-Encoding: gzip\r\n");
  auto again = Get("/audit-bodies", "Accept-Encoding: gzip\r\nIf-None-Match: " + zipped->Header("etag") + "\r\n");
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
}

TEST_F(PublicCacheTest, APublicationChangesTheNextAnswer) {
  auto before_api = Get("/api/v1/audit-bodies");
  auto before_page = Get("/audit-bodies");
  ASSERT_TRUE(before_api && before_page);
  EXPECT_TRUE(json::parse(before_api->body)["items"].empty());
  ASSERT_EQ(Get("/api/v1/audit-bodies")->body, before_api->body);  // kept
  const auto hits = public_cache_->Stats().hits;

  Publish();  // the committee approves the demo's audit bodies: registrations are published
  auto after_api = Get("/api/v1/audit-bodies");
  auto after_page = Get("/audit-bodies");
  EXPECT_EQ(public_cache_->Stats().hits, hits);  // the snapshot was dropped, not served
  EXPECT_FALSE(json::parse(after_api->body)["items"].empty());
  EXPECT_NE(after_api->Header("etag"), before_api->Header("etag"));
  EXPECT_NE(after_page->body, before_page->body);
  // The old tag no longer matches.
  auto revalidated = Get("/api/v1/audit-bodies", "If-None-Match: " + before_api->Header("etag") + "\r\n");
  EXPECT_EQ(revalidated->status, 200);
}

TEST_F(PublicCacheTest, SignedInRequestsAreNeitherServedFromNorStoredInTheCache) {
  Publish();
  auto grant = services_->DemoLogIn(domain::Role::kSecretariat);
  ASSERT_TRUE(grant.has_value());
  const std::string session = "Cookie: ismap_session=" + grant->token + "\r\n";
  auto anonymous = Get("/audit-bodies");  // stored
  ASSERT_TRUE(anonymous);
  EXPECT_THAT(anonymous->body, Not(HasSubstr("inbox-link")));
  const auto stats = public_cache_->Stats();

  for (const std::string target : {"/audit-bodies", "/", "/cloud-services"}) {
    SCOPED_TRACE(target);
    auto signed_in = Get(target, session);
    ASSERT_TRUE(signed_in);
    EXPECT_EQ(signed_in->status, 200);
    EXPECT_THAT(signed_in->body, HasSubstr("inbox-link"));  // the user's menu
    EXPECT_THAT(signed_in->Header("cache-control"), HasSubstr("no-cache"));
    EXPECT_THAT(signed_in->Header("etag"), ::testing::StartsWith("\""));
    auto again = Get(target, session + "If-None-Match: " + signed_in->Header("etag") + "\r\n");
    EXPECT_EQ(again->status, 304);
  }
  // The operator's bearer token is a signed-in visitor too.
  auto bearer = Get("/api/v1/audit-bodies", std::string("Authorization: Bearer ") + kOperatorToken + "\r\n");
  EXPECT_EQ(bearer->status, 200);
  EXPECT_EQ(public_cache_->Stats().hits, stats.hits);
  EXPECT_EQ(public_cache_->Stats().stores, stats.stores);
  // "/" and "/cloud-services" were asked for signed in only: the public's first request is a miss.
  Get("/");
  EXPECT_EQ(public_cache_->Stats().stores, stats.stores + 1);
  EXPECT_EQ(public_cache_->Stats().hits, stats.hits);
}

TEST_F(PublicCacheTest, AnswersWithSetCookieAreNotKept) {
  // ?lang= remembers the language in a cookie.
  const auto stats = public_cache_->Stats();
  auto first = Get("/audit-bodies?lang=en");
  auto second = Get("/audit-bodies?lang=en");
  ASSERT_TRUE(first && second);
  EXPECT_THAT(first->Header("set-cookie"), HasSubstr("lang=en"));
  EXPECT_THAT(second->Header("set-cookie"), HasSubstr("lang=en"));
  EXPECT_EQ(public_cache_->Stats().stores, stats.stores);
  EXPECT_EQ(public_cache_->Stats().hits, stats.hits);
  EXPECT_EQ(second->body, first->body);
  EXPECT_FALSE(second->Header("etag").empty());
}

TEST_F(PublicCacheTest, ErrorsAreNotKept) {
  const auto stats = public_cache_->Stats();
  for (const std::string target :
       {"/api/v1/audit-bodies?on=2026-13-01", "/api/v1/services/999999", "/audit-bodies/999999"}) {
    auto first = Get(target);
    auto second = Get(target);
    ASSERT_TRUE(first && second);
    EXPECT_GE(first->status, 400) << target;
    EXPECT_EQ(second->status, first->status) << target;
  }
  EXPECT_EQ(public_cache_->Stats().stores, stats.stores);
  EXPECT_EQ(public_cache_->Stats().hits, stats.hits);
}

// A long check interval: a change made outside this process's requests waits for it, but a
// write through this process's HTTP API makes the next read check at once.
class PublicCacheIntervalTest : public PublicCacheTest {
 protected:
  void SetUp() override {
    PublicCacheTest::SetUp();
    interval_version_ = std::make_unique<app::PublicVersion>(*db_, clock_, std::chrono::hours(1));
    interval_cache_ = std::make_unique<http::PublicCache>(*interval_version_, http::PublicCacheLimits{});
    // Wrapped again over the fixture's cache: the outer one answers first.
    ASSERT_TRUE(interval_cache_->AttachPublicRoutes(router_).has_value());
  }
  std::unique_ptr<app::PublicVersion> interval_version_;
  std::unique_ptr<http::PublicCache> interval_cache_;
};

TEST_F(PublicCacheIntervalTest, ALocalWriteIsSeenAtOnceAndAnotherInstancesAfterTheInterval) {
  auto before = Get("/api/v1/audit-bodies");
  ASSERT_TRUE(before);
  Publish();  // straight into the database, as another instance would
  auto cached = Get("/api/v1/audit-bodies");
  EXPECT_EQ(cached->body, before->body);  // the hour has not passed

  auto created =
      Fetch(port_, "POST", "/api/v1/organizations",
            std::string("Authorization: Bearer ") + kOperatorToken + "\r\nContent-Type: application/json\r\n",
            R"({"kind":"agency","name_ja":"テスト庁","name_en":"Test Agency"})");
  ASSERT_TRUE(created);
  ASSERT_LT(created->status, 400) << created->body;
  auto after = Get("/api/v1/audit-bodies");
  EXPECT_NE(after->body, before->body);
  EXPECT_FALSE(json::parse(after->body)["items"].empty());
}

// The cache alone, on test routes.
class PublicCacheUnitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(app::InitializeSystem(*db_, clock_).has_value());
  }

  // A GET route answering `make()` for every request, behind a cache with `limits`.
  const http::Route& Route(http::PublicCache& cache, std::function<http::Response()> make) {
    router_.Add(http::Method::kGet, "/t", app::Action::kReadPublic,
                [make = std::move(make), this](const http::Request&) {
                  ++calls_;
                  return make();
                });
    EXPECT_TRUE(cache.Cache(router_, "/t").has_value());
    return router_.Routes().back();
  }

  static http::Request Anonymous(std::string target) {
    http::Request request;
    request.target = std::move(target);
    request.path = "/t";
    return request;
  }

  TempDir dir_;
  core::SystemClock clock_;
  std::unique_ptr<storage::Database> db_;
  http::Router router_;
  int calls_ = 0;
};

TEST_F(PublicCacheUnitTest, NoStoreAndPrivateAnswersAreNotKeptAndOthersGetNoCache) {
  app::PublicVersion version(*db_, clock_, std::chrono::milliseconds(0));
  http::PublicCache cache(version, {});
  int n = 0;
  const auto& route = Route(cache, [&n] {
    auto response = http::Response::Text(200, "body " + std::to_string(n / 2));
    response.headers.emplace_back("Cache-Control", n % 2 == 0 ? "no-store" : "Private, max-age=5");
    ++n;
    return response;
  });
  for (int i = 0; i < 4; ++i) {
    route.handler(Anonymous("/t"));
  }
  EXPECT_EQ(calls_, 4);
  EXPECT_EQ(cache.Stats().stores, 0U);

  http::Router other;
  other.Add(http::Method::kGet, "/t", app::Action::kReadPublic,
            [](const http::Request&) { return http::Response::Text(200, "plain"); });
  ASSERT_TRUE(cache.Cache(other, "/t").has_value());
  const auto answer = other.Routes().back().handler(Anonymous("/t"));
  EXPECT_EQ(cache.Stats().stores, 1U);
  bool no_cache = false;
  for (const auto& [name, value] : answer.headers) {
    no_cache = no_cache || (name == "Cache-Control" && value == "no-cache");
  }
  EXPECT_TRUE(no_cache);
}

TEST_F(PublicCacheUnitTest, BoundedByEntriesAndBytes) {
  app::PublicVersion version(*db_, clock_, std::chrono::milliseconds(0));
  http::PublicCache by_entries(version, {3, 1 << 20});
  const auto& route = Route(by_entries, [] { return http::Response::Text(200, std::string(100, 'x')); });
  for (int i = 0; i < 10; ++i) {
    route.handler(Anonymous("/t?i=" + std::to_string(i)));
  }
  EXPECT_EQ(by_entries.Stats().entries, 3U);
  EXPECT_EQ(by_entries.Stats().stores, 10U);
  // The newest are kept: asking again for the last is a hit, for the first a miss.
  const int calls = calls_;
  route.handler(Anonymous("/t?i=9"));
  EXPECT_EQ(calls_, calls);
  route.handler(Anonymous("/t?i=0"));
  EXPECT_EQ(calls_, calls + 1);

  http::Router router;
  router_ = std::move(router);
  http::PublicCache by_bytes(version, {1000, 2048});
  const auto& big = Route(by_bytes, [] { return http::Response::Text(200, std::string(200, 'y')); });
  for (int i = 0; i < 40; ++i) {
    big.handler(Anonymous("/t?i=" + std::to_string(i)));
  }
  EXPECT_LE(by_bytes.Stats().bytes, 2048U);
  EXPECT_GT(by_bytes.Stats().entries, 0U);
  EXPECT_LT(by_bytes.Stats().entries, 40U);
  // A body above an eighth of the budget is served, never kept.
  http::Router huge_router;
  router_ = std::move(huge_router);
  http::PublicCache small(version, {1000, 1024});
  const auto& huge = Route(small, [] { return http::Response::Text(200, std::string(200, 'z')); });
  EXPECT_EQ(huge.handler(Anonymous("/t")).Body().size(), 200U);
  EXPECT_EQ(small.Stats().stores, 0U);
}

TEST_F(PublicCacheUnitTest, AMissingRouteIsAnError) {
  app::PublicVersion version(*db_, clock_, std::chrono::milliseconds(0));
  http::PublicCache cache(version, {});
  auto missing = cache.Cache(router_, "/nowhere");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().reason, "route.not_found");
  EXPECT_THAT(missing.error().message, HasSubstr("/nowhere"));
}

}  // namespace
}  // namespace ismap::testing
