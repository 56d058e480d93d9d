// Programme statistics through the server (issue 8): GET /api/v1/statistics (JSON) and the page
// /statistics with its charts and tables, in both languages; a parameter is refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/http/server_fixture.hpp"
#include "tests/support/public_portal_seed.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class StatisticsHttpTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    PortalSeeder seed(*db_, clock_);
    const auto provider = seed.Organization(domain::OrganizationKind::kCsp, "統計クラウド", "Stats Cloud");
    const auto body = seed.Organization(domain::OrganizationKind::kAuditBody, "監査法人統計", "Stats Audit");
    today_ = seed.Today();
    seed.RegisteredAuditBody(body, domain::AddDays(today_, 900));
    seed.RegisteredService(provider, body, "統計サービス", domain::Track::kLiu, domain::AddDays(today_, 400));
  }

  domain::Date today_;
};

TEST_F(StatisticsHttpTest, JsonHasTwentyFourMonthEndsAndTheDecisionYears) {
  auto r = Get("/api/v1/statistics");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200) << r->body;
  const json stats = json::parse(r->body);
  EXPECT_EQ(stats["today"], domain::FormatDate(today_));
  ASSERT_EQ(stats["list_sizes"].size(), 24U);
  const json& now = stats["list_sizes"].back();
  EXPECT_EQ(now,
            (json{{"on", domain::FormatDate(today_)}, {"services", {{"ismap", 0}, {"liu", 1}}}, {"audit_bodies", 1}}));
  EXPECT_EQ(stats["list_sizes"].front()["audit_bodies"], 0);
  EXPECT_EQ(stats["decision_times"], (json{{"cloud_services", json::array()}, {"audit_bodies", json::array()}}));
}

TEST_F(StatisticsHttpTest, AnyParameterButLangIsRefused) {
  auto bad = Get("/api/v1/statistics?colour=red&lang=en");
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->status, 400);
  const json error = json::parse(bad->body);
  EXPECT_EQ(error["error"]["code"], "unknown_parameter") << bad->body;
  EXPECT_THAT(bad->body, HasSubstr("/colour"));
  EXPECT_THAT(bad->body, HasSubstr("except lang"));
  auto ja = Get("/api/v1/statistics?on=2026-01-01");
  ASSERT_TRUE(ja.has_value());
  EXPECT_EQ(ja->status, 400);
  EXPECT_THAT(ja->body, HasSubstr("クエリパラメータ"));
  auto en = Get("/api/v1/statistics?lang=en");
  ASSERT_TRUE(en.has_value());
  EXPECT_EQ(en->status, 200);
}

TEST_F(StatisticsHttpTest, PageHasChartsWithTextAndTablesInBothLanguages) {
  auto r = Get("/statistics");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("<h1>制度の統計</h1>"));
  EXPECT_THAT(r->body, HasSubstr("<svg role=\"img\" aria-labelledby=\"lists-chart-title lists-chart-desc\""));
  EXPECT_THAT(r->body, HasSubstr(domain::FormatDate(today_) + ": ISMAP 0, ISMAP-LIU 1, 監査機関 1."));
  EXPECT_THAT(r->body, HasSubstr("<th scope=\"row\">" + domain::FormatDate(today_) +
                                 "</th><td>0</td><td>1</td><td>1</td><td>1</td>"));
  EXPECT_THAT(r->body, HasSubstr("決定された申請はまだありません。"));
  auto en = Get("/statistics?lang=en");
  ASSERT_TRUE(en.has_value());
  ASSERT_EQ(en->status, 200);
  EXPECT_THAT(en->body, HasSubstr("Programme statistics"));
  EXPECT_THAT(en->body, HasSubstr("Days from application to decision"));
}

}  // namespace
}  // namespace ismap::testing
