// The catalog pages over HTTP: the editions, an edition's tree, one control, search and the diff,
// in Japanese and English, with their 404s and 400s and HTML escaping. Two small editions that
// differ by known controls are built here; the ISMAP skeleton comes from ../shared/data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/criteria.hpp"
#include "app/criteria_files.hpp"
#include "tests/http/server_fixture.hpp"
#include "web/form.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kJa[] = "Accept-Language: ja\r\n";
constexpr char kEn[] = "Accept-Language: en\r\n";

domain::Control Item(std::string id, std::optional<std::string> parent, std::string title_ja, std::string title_en,
                     domain::MandatoryRule rule = domain::MandatoryRule::kSelectable) {
  domain::Control c;
  c.id = std::move(id);
  c.parent_id = std::move(parent);
  c.rule = rule;
  c.title_ja = std::move(title_ja);
  c.title_en = std::move(title_en);
  return c;
}

domain::Control Group(std::string id, std::string title_ja, std::string title_en) {
  domain::Control c =
      Item(std::move(id), std::nullopt, std::move(title_ja), std::move(title_en), domain::MandatoryRule::kNone);
  c.is_group = true;
  c.level = domain::ControlLevel::kChapter;
  return c;
}

// test-a and test-b: test-b adds c4, removes c3 and retitles c1 in English.
domain::EditionContent Edition(const std::string& key) {
  const bool b = key == "test-b";
  domain::EditionContent e;
  e.info.key = key;
  e.info.scheme = "test";
  e.info.version = b ? "2.0" : "1.0";
  e.info.effective_date = b ? "2025-04-01" : "2024-04-01";
  e.info.source = "catalog_pages_test";
  e.info.title_ja = b ? "試験用基準 B" : "試験用基準 A";
  e.info.title_en = b ? "Test criteria B" : "Test criteria A";
  e.controls.push_back(Group("g1", "アクセス制御", "Access control"));
  domain::Control c1 = Item("c1", "g1", "利用者の登録", b ? "User registration and removal" : "User registration",
                            domain::MandatoryRule::kMandatory);
  c1.text_ja = "利用者を登録すること。";
  c1.text_en = "Register the users.";
  e.controls.push_back(c1);
  e.controls.push_back(Item("c2", "g1", "<script>alert(1)</script> 危険な名称", "<script>alert(1)</script> Risky"));
  if (!b) {
    e.controls.push_back(Item("c3", "g1", "古い管理策", "Old control", domain::MandatoryRule::kUnlessExcluded));
  }
  e.controls.push_back(Item("c5", "c1", "", "English only"));
  if (b) {
    e.controls.push_back(Item("c4", "g1", "暗号鍵の管理", "Key management"));
  }
  return e;
}

class CatalogPagesTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    const auto op = app::Principal::Operator();
    app::CriteriaImport b{Edition("test-b"), {}, {}};
    ASSERT_TRUE(app::ImportEdition(*db_, clock_, op, b).has_value());
    app::CriteriaImport a{Edition("test-a"), {}, {}};
    domain::BaselineContent baseline;
    baseline.info = {"test-a-base", "test-a", domain::BaselineKind::kStandard, "試験用ベースライン", "Test baseline",
                     std::nullopt,  ""};
    baseline.entries = {{"c1", true}};
    a.baselines.push_back(baseline);
    a.mappings.push_back({{"test-a", "c1"}, {"test-b", "c1"}, domain::MappingRelationship::kEquivalent, "crosswalk"});
    a.mappings.push_back({{"test-a", "c1"}, {"iso-27001", "A.5.16"}, domain::MappingRelationship::kSubset, "iso map"});
    auto imported = app::ImportEdition(*db_, clock_, op, a);
    ASSERT_TRUE(imported.has_value()) << imported.error().message;
    auto skeleton =
        app::ImportCriteriaFile(*db_, clock_, op, ISMAP_SHARED_DATA_DIR "/ismap/control-criteria-skeleton.json", {});
    ASSERT_TRUE(skeleton.has_value()) << skeleton.error().message;
  }

  HttpResponse Page(const std::string& target, const char* language, int status = 200) {
    auto r = Get(target, language);
    EXPECT_TRUE(r) << target;
    if (!r) {
      return {};
    }
    EXPECT_EQ(r->status, status) << target << "\n" << r->body.substr(0, 2000);
    return *r;
  }
};

std::string::size_type At(const std::string& body, const std::string& text) {
  const auto at = body.find(text);
  EXPECT_NE(at, std::string::npos) << text;
  return at;
}

TEST_F(CatalogPagesTest, IndexListsEditionsBaselinesAndDownloadsInBothLanguages) {
  const auto ja = Page("/catalogs", kJa);
  EXPECT_THAT(ja.body, HasSubstr("<html lang=\"ja\">"));
  EXPECT_THAT(ja.body, HasSubstr("<a href=\"/catalogs\" aria-current=\"page\">管理基準</a>"));
  EXPECT_THAT(ja.body, HasSubstr("<a href=\"/catalogs/test-a\">試験用基準 A</a>"));
  EXPECT_THAT(ja.body, HasSubstr("ISMAP管理策基準 骨格（非公式）"));
  EXPECT_THAT(ja.body, HasSubstr("2024-04-01"));
  EXPECT_THAT(ja.body, HasSubstr("試験用ベースライン"));
  EXPECT_THAT(ja.body, HasSubstr("/api/v1/catalogs/test-a/export?format=oscal&amp;lang=ja"));
  EXPECT_THAT(ja.body, HasSubstr("/api/v1/catalogs/test-a/export?format=xlsx"));
  EXPECT_THAT(ja.body, HasSubstr("/api/v1/baselines/test-a-base/export?lang=en"));
  EXPECT_THAT(ja.body, HasSubstr("action=\"/catalogs/search\""));
  EXPECT_THAT(ja.body, HasSubstr("action=\"/catalogs/diff\""));

  const auto en = Page("/catalogs", kEn);
  EXPECT_THAT(en.body, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(en.body, HasSubstr("<a href=\"/catalogs/test-a\">Test criteria A</a>"));
  EXPECT_THAT(en.body, HasSubstr("Test baseline"));
  EXPECT_THAT(en.body, HasSubstr(">Criteria</a>"));
}

TEST_F(CatalogPagesTest, EditionPageShowsTheTreeWithBadges) {
  const auto ja = Page("/catalogs/test-a", kJa);
  EXPECT_THAT(ja.body, HasSubstr("<title>試験用基準 A | ISMAP</title>"));
  EXPECT_THAT(ja.body, HasSubstr("<details><summary>"));
  EXPECT_THAT(ja.body, HasSubstr("<a href=\"/catalogs/test-a/controls/c1\">c1</a> 利用者の登録 "
                                 "<span class=\"badge badge-mandatory\">必須</span>"));
  EXPECT_THAT(ja.body, HasSubstr("<span class=\"badge badge-unless_excluded\">除外には理由が必要</span>"));
  EXPECT_THAT(ja.body, HasSubstr("<span class=\"badge badge-selectable\">選択</span>"));
  // c5 sits under c1; its title exists only in English, marked as such on the Japanese page.
  EXPECT_THAT(ja.body, HasSubstr("<ul><li><a href=\"/catalogs/test-a/controls/c5\">c5</a> <span lang=\"en\">English "
                                 "only</span>"));
  EXPECT_THAT(ja.body, HasSubstr("(4項目)"));
  EXPECT_THAT(ja.body, HasSubstr("/api/v1/catalogs/test-a/export?format=csv"));

  const auto en = Page("/catalogs/test-a", kEn);
  EXPECT_THAT(en.body, HasSubstr("User registration <span class=\"badge badge-mandatory\">Mandatory</span>"));
  EXPECT_THAT(en.body, HasSubstr("(4 items)"));

  const auto skeleton = Page("/catalogs/ismap-skeleton", kJa);
  EXPECT_THAT(skeleton.body, HasSubstr("<a href=\"/catalogs/ismap-skeleton/controls/10.1.1\">10.1.1</a>"));
}

TEST_F(CatalogPagesTest, ControlPageShowsAncestorsTitlesTextChildrenAndMappings) {
  const auto ja = Page("/catalogs/test-a/controls/c1", kJa);
  EXPECT_THAT(ja.body, HasSubstr("<title>c1 利用者の登録 | ISMAP</title>"));
  EXPECT_THAT(ja.body, HasSubstr("<a href=\"/catalogs/test-a/controls/g1\">g1</a> アクセス制御"));
  EXPECT_THAT(ja.body, HasSubstr("<li aria-current=\"page\">c1</li>"));
  // Both titles, the page's language first.
  EXPECT_LT(At(ja.body, "<dd lang=\"ja\">利用者の登録</dd>"), At(ja.body, "<dd lang=\"en\">User registration</dd>"));
  EXPECT_THAT(ja.body, HasSubstr("利用者を登録すること。"));
  EXPECT_THAT(ja.body, HasSubstr("<a href=\"/catalogs/test-a/controls/c5\">c5</a>"));
  // Mappings: the loaded edition is linked, the other one is named as not loaded.
  EXPECT_THAT(ja.body, HasSubstr("<td>同等</td>"));
  EXPECT_THAT(ja.body, HasSubstr("<a href=\"/catalogs/test-b/controls/c1\">c1</a>"));
  EXPECT_THAT(ja.body, HasSubstr("<td>対応先の一部</td>"));
  EXPECT_THAT(ja.body, HasSubstr("<code>iso-27001</code> （未読み込み）"));
  EXPECT_THAT(ja.body, HasSubstr("<td>A.5.16</td>"));
  EXPECT_THAT(ja.body, HasSubstr("<td>crosswalk</td>"));

  const auto en = Page("/catalogs/test-a/controls/c1", kEn);
  EXPECT_LT(At(en.body, "<dd lang=\"en\">User registration</dd>"), At(en.body, "<dd lang=\"ja\">利用者の登録</dd>"));
  EXPECT_THAT(en.body, HasSubstr("<td>Part of the mapped item</td>"));
  EXPECT_THAT(en.body, HasSubstr("Mandatory"));

  // Seen from the other side, the mapping points back.
  const auto back = Page("/catalogs/test-b/controls/c1", kJa);
  EXPECT_THAT(back.body, HasSubstr("<a href=\"/catalogs/test-a/controls/c1\">c1</a>"));
}

TEST_F(CatalogPagesTest, UnknownEditionsAndControlsAreTheSite404InTheRightLanguage) {
  for (const std::string target : {"/catalogs/nope", "/catalogs/test-a/controls/nope", "/catalogs/nope/controls/c1",
                                   "/catalogs/test-a/diff/nope", "/catalogs/search?q=x&edition=nope"}) {
    const auto ja = Page(target, kJa, 404);
    EXPECT_THAT(ja.body, HasSubstr("<html lang=\"ja\">")) << target;
    EXPECT_THAT(ja.body, HasSubstr("class=\"error-summary\"")) << target;
    const auto en = Page(target, kEn, 404);
    EXPECT_THAT(en.body, HasSubstr("<html lang=\"en\">")) << target;
  }
  EXPECT_THAT(Page("/catalogs/nope", kJa, 404).body, HasSubstr("指定された管理基準の版は見つかりません。"));
  EXPECT_THAT(Page("/catalogs/test-a/controls/nope", kJa, 404).body,
              HasSubstr("この版に指定された管理策はありません。"));
}

TEST_F(CatalogPagesTest, SearchFindsJapaneseSubstrings) {
  const auto r = Page("/catalogs/search?q=" + web::QueryEscape("暗号"), kJa);
  EXPECT_THAT(r.body, HasSubstr("value=\"暗号\""));
  EXPECT_THAT(r.body, HasSubstr("<a href=\"/catalogs/ismap-skeleton/controls/10.1.1\">10.1.1</a>"));
  EXPECT_THAT(r.body, HasSubstr("暗号による管理策の利用方針"));
  EXPECT_THAT(r.body, HasSubstr("<a href=\"/catalogs/test-b/controls/c4\">c4</a>"));
  EXPECT_THAT(r.body, HasSubstr("「暗号」の検索結果：1〜"));

  // Limited to one edition.
  const auto one = Page("/catalogs/search?q=" + web::QueryEscape("暗号") + "&edition=test-b", kJa);
  EXPECT_THAT(one.body, HasSubstr("/catalogs/test-b/controls/c4"));
  EXPECT_THAT(one.body, Not(HasSubstr("/catalogs/ismap-skeleton/controls/10.1.1")));
  EXPECT_THAT(one.body, HasSubstr("<option value=\"test-b\" selected>"));
}

TEST_F(CatalogPagesTest, SearchFindsLatinWordsAndSaysWhenNothingMatches) {
  const auto r = Page("/catalogs/search?q=registration", kEn);
  EXPECT_THAT(r.body, HasSubstr("<a href=\"/catalogs/test-a/controls/c1\">c1</a>"));
  EXPECT_THAT(r.body, HasSubstr("value=\"registration\""));
  EXPECT_THAT(r.body, HasSubstr("Results for “registration”: 1 to"));

  const auto none = Page("/catalogs/search?q=zzqqxx", kJa);
  EXPECT_THAT(none.body, HasSubstr("「zzqqxx」に一致する項目はありません。"));
  EXPECT_THAT(none.body, Not(HasSubstr("<table")));
  const auto none_en = Page("/catalogs/search?q=zzqqxx", kEn);
  EXPECT_THAT(none_en.body, HasSubstr("Nothing matches “zzqqxx”."));
}

TEST_F(CatalogPagesTest, SearchWithoutTextIsJustTheForm) {
  const auto r = Page("/catalogs/search", kJa);
  EXPECT_THAT(r.body, HasSubstr("<input id=\"q\" name=\"q\" type=\"search\" value=\"\""));
  EXPECT_THAT(r.body, Not(HasSubstr("results-heading")));
  EXPECT_THAT(Page("/catalogs/search?q=+", kJa).body, Not(HasSubstr("results-heading")));
}

TEST_F(CatalogPagesTest, SearchTextOver200CharactersIs400WithTheMessage) {
  std::string long_text;
  for (int i = 0; i < 201; ++i) {
    long_text += "暗";
  }
  const auto ja = Page("/catalogs/search?q=" + web::QueryEscape(long_text), kJa, 400);
  EXPECT_THAT(ja.body, HasSubstr("検索語は1〜200文字で入力してください。"));
  EXPECT_THAT(ja.body, HasSubstr("aria-invalid=\"true\""));
  EXPECT_THAT(ja.body, HasSubstr("<a href=\"#q\">"));
  const auto en = Page("/catalogs/search?q=" + std::string(201, 'a'), kEn, 400);
  EXPECT_THAT(en.body, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(en.body, HasSubstr("class=\"error-summary\""));
  // 200 characters are fine.
  Page("/catalogs/search?q=" + web::QueryEscape(long_text.substr(3)), kJa, 200);
}

TEST_F(CatalogPagesTest, SearchPagesThroughFiftyAtATime) {
  // "の" is in the Japanese titles of more than 50 skeleton items.
  const std::string q = web::QueryEscape("の");
  const auto first = Page("/catalogs/search?q=" + q, kJa);
  EXPECT_THAT(first.body, HasSubstr("1〜50件目"));
  EXPECT_THAT(first.body, HasSubstr("/catalogs/search?q=" + q + "&amp;offset=50"));
  const auto second = Page("/catalogs/search?q=" + q + "&offset=50", kJa);
  EXPECT_THAT(second.body, HasSubstr("51〜"));
  EXPECT_THAT(second.body, HasSubstr("前の50件"));
}

TEST_F(CatalogPagesTest, DiffNamesAddedRemovedAndChangedControls) {
  const auto ja = Page("/catalogs/test-a/diff/test-b", kJa);
  EXPECT_THAT(ja.body, HasSubstr("追加された項目（1件）"));
  EXPECT_THAT(ja.body, HasSubstr("削除された項目（1件）"));
  EXPECT_THAT(ja.body, HasSubstr("変更された項目（1件）"));
  EXPECT_THAT(ja.body, HasSubstr("<a href=\"/catalogs/test-b/controls/c4\">c4</a> 暗号鍵の管理"));
  EXPECT_THAT(ja.body, HasSubstr("<a href=\"/catalogs/test-a/controls/c3\">c3</a> 古い管理策"));
  EXPECT_THAT(ja.body, HasSubstr("<th scope=\"row\"><a href=\"/catalogs/test-b/controls/c1\">c1</a></th>"));
  EXPECT_THAT(ja.body, HasSubstr("<td>名称（英語）</td>"));
  // The chart and its text alternative.
  EXPECT_THAT(ja.body, HasSubstr("role=\"img\" aria-labelledby=\"chart-title\""));
  EXPECT_THAT(ja.body, HasSubstr("<title id=\"chart-title\">追加 1件、削除 1件、変更 1件</title>"));

  const auto en = Page("/catalogs/test-a/diff/test-b", kEn);
  EXPECT_THAT(en.body, HasSubstr("<td>Title (English)</td>"));
  EXPECT_THAT(en.body, HasSubstr("<td>User registration</td>"));
  EXPECT_THAT(en.body, HasSubstr("<td>User registration and removal</td>"));
  EXPECT_THAT(en.body, HasSubstr("Added 1, removed 1, changed 1"));

  const auto same = Page("/catalogs/test-a/diff/test-a", kJa);
  EXPECT_THAT(same.body, HasSubstr("追加 0件、削除 0件、変更 0件"));
}

TEST_F(CatalogPagesTest, CompareFormRedirectsToTheDiff) {
  auto r = Get("/catalogs/diff?from=test-a&to=test-b", kJa);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->Header("location"), "/catalogs/test-a/diff/test-b");
  EXPECT_THAT(Page("/catalogs/diff?from=test-a", kJa, 400).body, HasSubstr("比較する版を2つ選んでください。"));
  EXPECT_THAT(Page("/catalogs/diff?from=test-a", kEn, 400).body, HasSubstr("Choose two editions to compare."));
  Page("/catalogs/diff?from=test-a&to=%2F%2Fevil.example", kJa, 404);
}

TEST_F(CatalogPagesTest, TitlesAreEscapedEverywhere) {
  const std::string escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
  for (const std::string target : {"/catalogs/test-a", "/catalogs/test-a/controls/c2", "/catalogs/search?q=script"}) {
    const auto r = Page(target, kJa);
    EXPECT_THAT(r.body, Not(HasSubstr("<script>alert(1)"))) << target;
    EXPECT_THAT(r.body, HasSubstr(escaped)) << target;
  }
  EXPECT_THAT(Page("/catalogs/test-a/controls/c2", kEn).body,
              HasSubstr("<title>c2 " + escaped + " Risky | ISMAP</title>"));
}

TEST(CatalogLabelsTest, EveryCriteriaValueHasALabelInBothLanguages) {
  std::vector<std::string> keys;
  using R = domain::MandatoryRule;
  for (const auto rule : {R::kMandatory, R::kUnlessExcluded, R::kSelectable}) {
    keys.push_back("catalog_pages.rule_" + std::string(domain::ToString(rule)));
  }
  using T = domain::CriteriaTier;
  for (const auto tier : {T::kGovernance, T::kManagement, T::kControlMeasure}) {
    keys.push_back("catalog_pages.tier_" + std::string(domain::ToString(tier)));
  }
  using L = domain::ControlLevel;
  for (const auto level : {L::kChapter, L::kCategory, L::kObjective, L::kDetailed}) {
    keys.push_back("catalog_pages.level_" + std::string(domain::ToString(level)));
  }
  using K = domain::BaselineKind;
  for (const auto kind : {K::kStandard, K::kLowImpact, K::kAgency, K::kImported}) {
    keys.push_back("catalog_pages.kind_" + std::string(domain::ToString(kind)));
  }
  using M = domain::MappingRelationship;
  for (const auto relationship : {M::kEquivalent, M::kSubset, M::kSuperset, M::kIntersects}) {
    keys.push_back("catalog_pages.relationship_" + std::string(domain::ToString(relationship)));
  }
  // The field names domain::DiffEditions reports.
  for (const char* field : {"id", "title_ja", "title_en", "text_ja", "text_en", "rule", "parent", "withdrawn"}) {
    keys.push_back(std::string("catalog_pages.change_") + field);
  }
  for (const auto& key : keys) {
    EXPECT_TRUE(core::Messages::Get().Has(core::Language::kJa, key)) << key;
    EXPECT_TRUE(core::Messages::Get().Has(core::Language::kEn, key)) << key;
  }
}

}  // namespace
}  // namespace ismap::testing
