// A cloud service's public record through the server (issue 8): GET /api/v1/services/{id} with its
// controls per chapter and registration history, and the page /cloud-services/{id} with the chart,
// the tables and the audit body's link. Neither ever carries the statement's entries, reasons or
// other restricted text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/http/server_fixture.hpp"
#include "tests/support/public_portal_seed.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;

class PublicServiceDetailHttpTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    PortalSeeder seed(*db_, clock_);
    provider_ = seed.Organization(domain::OrganizationKind::kCsp, "公開クラウド株式会社", "Public Cloud K.K.");
    body_ = seed.Organization(domain::OrganizationKind::kAuditBody, "監査法人公開", "Public Audit");
    today_ = seed.Today();
    valid_until_ = domain::AddDays(today_, 400);
    seeded_ = seed.RegisteredService(provider_, body_, "公開クラウド", domain::Track::kIsmap, valid_until_);
    seed.RecordPrivate(seeded_.registration, "registration.renewal_applied");
  }

  std::string Path() const { return "/cloud-services/" + std::to_string(seeded_.service.value()); }
  std::string ApiPath() const { return "/api/v1/services/" + std::to_string(seeded_.service.value()); }

  static void ExpectNothingRestricted(const std::string& body) {
    EXPECT_THAT(body, ::testing::Not(::testing::HasSubstr(kSecretImplementation)));
    EXPECT_THAT(body, ::testing::Not(::testing::HasSubstr(kSecretReason)));
    EXPECT_THAT(body, ::testing::Not(::testing::HasSubstr(kSecretOverview)));
    EXPECT_THAT(body, ::testing::Not(::testing::HasSubstr("renewal_applied")));
  }

  domain::OrganizationId provider_;
  domain::OrganizationId body_;
  domain::Date today_;
  domain::Date valid_until_;
  SeededService seeded_;
};

TEST_F(PublicServiceDetailHttpTest, ApiRecordHasChaptersAndHistoryAndNoRestrictedText) {
  auto r = Get(ApiPath());
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200) << r->body;
  ExpectNothingRestricted(r->body);
  const json record = json::parse(r->body);
  EXPECT_EQ(record["service_id"], seeded_.service.value());
  EXPECT_EQ(record["name_ja"], "公開クラウド");
  EXPECT_EQ(record["on"], domain::FormatDate(today_));
  const json expected_chapters = json::array(
      {{{"chapter", "3"}, {"title_ja", "管理策 3"}, {"title_en", "Control 3"}, {"implemented", 1}, {"total", 1}},
       {{"chapter", "5"}, {"title_ja", "管理策 5"}, {"title_en", "Control 5"}, {"implemented", 2}, {"total", 4}}});
  EXPECT_EQ(record["controls_by_chapter"], expected_chapters);
  const json expected_history = json::array({{{"on", domain::FormatDate(today_)},
                                              {"event", "published"},
                                              {"valid_until", domain::FormatDate(valid_until_)}}});
  EXPECT_EQ(record["history"], expected_history);
  EXPECT_FALSE(record.contains("entries"));
}

TEST_F(PublicServiceDetailHttpTest, ApiRefusesWhatIsNotOnTheListAndBadDays) {
  auto before = Get(ApiPath() + "?on=" + domain::FormatDate(domain::AddDays(today_, -1)));
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->status, 404);
  EXPECT_EQ(json::parse(before->body)["error"]["code"], "not_found") << before->body;
  auto unknown = Get("/api/v1/services/999999");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(json::parse(unknown->body)["error"]["code"], "not_found") << unknown->body;
  auto bad = Get(ApiPath() + "?on=2026-02-30");
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, ::testing::HasSubstr("/on"));
}

TEST_F(PublicServiceDetailHttpTest, PageShowsEveryPublicFieldChartTablesAndAuditBodyLink) {
  auto r = Get(Path());
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200) << r->body;
  ExpectNothingRestricted(r->body);
  EXPECT_THAT(r->body, ::testing::HasSubstr("公開クラウド株式会社"));
  EXPECT_THAT(r->body, ::testing::HasSubstr("公開クラウド の本番環境"));
  EXPECT_THAT(r->body, ::testing::HasSubstr("<svg role=\"img\""));
  EXPECT_THAT(r->body, ::testing::HasSubstr("5: 2 / 4."));  // the chart's text alternative
  EXPECT_THAT(r->body,
              ::testing::HasSubstr("<th scope=\"row\">5</th><td lang=\"ja\">管理策 5</td><td>2</td><td>4</td>"));
  EXPECT_THAT(r->body, ::testing::HasSubstr("<a href=\"/audit-bodies/" + std::to_string(body_.value()) + "\">"));
  EXPECT_THAT(r->body, ::testing::HasSubstr("<td>" + domain::FormatDate(today_) + "</td><td>登録</td><td>" +
                                            domain::FormatDate(valid_until_) + "</td>"));

  auto en = Get(Path() + "?lang=en");
  ASSERT_TRUE(en.has_value());
  ASSERT_EQ(en->status, 200);
  EXPECT_THAT(en->body, ::testing::HasSubstr("Controls implemented, by chapter"));
  EXPECT_THAT(en->body, ::testing::HasSubstr("<td>Registered</td>"));
  ExpectNothingRestricted(en->body);
}

TEST_F(PublicServiceDetailHttpTest, PageOnAPastDayAndBadInput) {
  const std::string on = domain::FormatDate(today_);
  auto r = Get(Path() + "?on=" + on);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->body, ::testing::HasSubstr("href=\"/audit-bodies/" + std::to_string(body_.value()) + "?on=" + on));
  auto before = Get(Path() + "?on=" + domain::FormatDate(domain::AddDays(today_, -1)));
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->status, 404);
  auto bad = Get(Path() + "?on=yesterday");
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->status, 400);
  auto not_id = Get("/cloud-services/abc");
  ASSERT_TRUE(not_id.has_value());
  EXPECT_EQ(not_id->status, 404);
}

}  // namespace
}  // namespace ismap::testing
