// The public portal's chrome over HTTP (issue 8): the design tokens served and linked before app.css,
// the header navigation with every public destination and aria-current, the skip link's target,
// and the home page's links to the lists, statistics and API document in both languages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/http/server_fixture.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PortalPagesTest : public ServerFixture {};

TEST_F(PortalPagesTest, DesignTokensAreServedFromTheNpmPackage) {
  auto r = Get("/static/design-tokens.css");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-type"), "text/css; charset=utf-8");
  EXPECT_THAT(r->body, HasSubstr("--color-primitive-blue-900: #0017c1;"));
  EXPECT_THAT(r->body, HasSubstr("--font-family-sans:"));
  EXPECT_FALSE(r->Header("etag").empty());
  auto again = Get("/static/design-tokens.css", "If-None-Match: " + r->Header("etag") + "\r\n");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
}

TEST_F(PortalPagesTest, AppCssReadsTheTokensInsteadOfLiterals) {
  auto r = Get("/static/app.css");
  ASSERT_TRUE(r);
  EXPECT_THAT(r->body, HasSubstr("--accent: var(--color-primitive-blue-900);"));
  EXPECT_THAT(r->body, HasSubstr("font-family: var(--font-family-sans);"));
  EXPECT_THAT(r->body, HasSubstr("@media print"));
}

TEST_F(PortalPagesTest, LayoutLinksTheTokensFirstAndNamesEveryPublicDestination) {
  auto r = Get("/");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto tokens = r->body.find("href=\"/static/design-tokens.css\"");
  const auto app = r->body.find("href=\"/static/app.css\"");
  ASSERT_NE(tokens, std::string::npos);
  ASSERT_NE(app, std::string::npos);
  EXPECT_LT(tokens, app);
  EXPECT_THAT(r->body, HasSubstr("<a href=\"/\" aria-current=\"page\">ホーム</a>"));
  EXPECT_THAT(r->body, HasSubstr("<a href=\"/cloud-services\">"));
  EXPECT_THAT(r->body, HasSubstr("<a href=\"/audit-bodies\">監査機関リスト</a>"));
  EXPECT_THAT(r->body, HasSubstr("<a href=\"/statistics\">制度の統計</a>"));
  EXPECT_THAT(r->body, HasSubstr("<a class=\"skip-link\" href=\"#main\">"));
  EXPECT_THAT(r->body, HasSubstr("<main id=\"main\" class=\"container\" tabindex=\"-1\">"));
}

TEST_F(PortalPagesTest, NavigationMarksTheSectionShown) {
  auto list = Get("/cloud-services");
  ASSERT_TRUE(list);
  EXPECT_THAT(list->body, HasSubstr("<a href=\"/cloud-services\" aria-current=\"page\">"));
  EXPECT_THAT(list->body, HasSubstr("<a href=\"/\">"));
  auto bodies = Get("/audit-bodies?lang=en");
  ASSERT_TRUE(bodies);
  EXPECT_THAT(bodies->body, HasSubstr("<a href=\"/audit-bodies\" aria-current=\"page\">Audit bodies</a>"));
  EXPECT_THAT(bodies->body, HasSubstr("<a href=\"/\">Home</a>"));
  EXPECT_THAT(bodies->body, Not(HasSubstr("<a href=\"/\" aria-current")));
}

TEST_F(PortalPagesTest, HomeLinksTheListsStatisticsAndApiInBothLanguages) {
  auto ja = Get("/");
  auto en = Get("/?lang=en");
  ASSERT_TRUE(ja && en);
  for (const auto* r : {&*ja, &*en}) {
    EXPECT_THAT(r->body, HasSubstr("href=\"/cloud-services?track=ismap\""));
    EXPECT_THAT(r->body, HasSubstr("href=\"/cloud-services?track=liu\""));
    EXPECT_THAT(r->body, HasSubstr("href=\"/api/v1/openapi.json\""));
  }
  EXPECT_THAT(ja->body, HasSubstr("ISMAP-LIU クラウドサービスリスト"));
  EXPECT_THAT(ja->body, HasSubstr("絶対的な安全やリスクゼロを保証するものではなく"));
  EXPECT_THAT(en->body, HasSubstr("ISMAP-LIU cloud service list"));
  EXPECT_THAT(en->body, HasSubstr("does not guarantee the absolute safety of the service itself or zero risk"));
}

}  // namespace
}  // namespace ismap::testing
