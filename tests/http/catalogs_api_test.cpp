// /api/v1/catalogs, /api/v1/controls and /api/v1/baselines through a real server, over the shipped
// skeleton and NIST SP 800-53 rev5 catalog loaded the way the operator loads them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/criteria_files.hpp"
#include "tabular/xlsx.hpp"
#include "tests/http/server_fixture.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::string kData = ISMAP_SHARED_DATA_DIR;

class CatalogsApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    const auto op = app::Principal::Operator();
    app::FileImportOptions skeleton;
    skeleton.info.key = "ismap-skeleton";
    ASSERT_TRUE(app::ImportCriteriaFile(*db_, clock_, op, kData + "/ismap/control-criteria-skeleton.json", skeleton));
    app::FileImportOptions nist;
    nist.info.key = "nist-rev5";
    ASSERT_TRUE(app::ImportCriteriaFile(
        *db_, clock_, op, kData + "/oscal/nist-sp800-53-rev5/NIST_SP-800-53_rev5.0.1_catalog.json", nist));
    app::FileImportOptions low;
    low.profile_edition = "nist-rev5";
    low.baseline_key = "nist-low";
    ASSERT_TRUE(app::ImportCriteriaFile(
        *db_, clock_, op, kData + "/oscal/nist-sp800-53-rev5/NIST_SP-800-53_rev5_LOW-baseline_profile.json", low));
    // A revision of the skeleton: one objective reworded, one detailed control added.
    auto base = app::ReadEdition(*db_, op, "ismap-skeleton");
    ASSERT_TRUE(base);
    app::CriteriaImport revision;
    revision.edition = *base;
    revision.edition.info.key = "ismap-rev";
    for (auto& c : revision.edition.controls) {
      if (c.id == "10.1.2") {
        c.title_ja = "鍵の管理（改訂）";
      }
    }
    domain::Control added;
    added.id = "10.1.2.1.P";
    added.parent_id = "10.1.2";
    added.title_ja = "鍵の生成";
    revision.edition.controls.push_back(added);
    domain::ApplyIsmapRules(&revision.edition);
    revision.mappings.push_back(
        {{"ismap-rev", "10.1.2"}, {"nist-rev5", "sc-12"}, domain::MappingRelationship::kEquivalent, "test crosswalk"});
    ASSERT_TRUE(app::ImportEdition(*db_, clock_, op, revision));
  }

  json GetJson(const std::string& target, int expected_status = 200, const std::string& headers = "") {
    auto r = Get(target, headers);
    EXPECT_TRUE(r);
    if (!r) {
      return json();
    }
    EXPECT_EQ(r->status, expected_status) << target << "\n" << r->body.substr(0, 400);
    return json::parse(r->body, nullptr, false);
  }
};

TEST_F(CatalogsApiTest, ListsEditionsForTheAnonymousPublic) {
  json body = GetJson("/api/v1/catalogs");
  ASSERT_TRUE(body["items"].is_array());
  ASSERT_EQ(body["items"].size(), 3u);
  std::map<std::string, json> by_key;
  for (const auto& item : body["items"]) {
    by_key[item["key"]] = item;
  }
  EXPECT_EQ(by_key["ismap-skeleton"]["control_count"], 121);
  EXPECT_EQ(by_key["nist-rev5"]["control_count"], 1189);
  EXPECT_EQ(by_key["nist-rev5"]["scheme"], "nist-sp800-53");
  EXPECT_TRUE(by_key["ismap-skeleton"]["effective_date"].is_null());
  EXPECT_EQ(by_key["ismap-skeleton"]["title_ja"], "ISMAP管理策基準 骨格（非公式）");
}

TEST_F(CatalogsApiTest, EditionHasItsChapterTreeAndBaselines) {
  json body = GetJson("/api/v1/catalogs/ismap-skeleton");
  ASSERT_TRUE(body["tree"].is_array());
  ASSERT_EQ(body["tree"].size(), 14u);  // chapters 5-18
  const json& chapter10 = body["tree"][5];
  EXPECT_EQ(chapter10["id"], "10");
  EXPECT_EQ(chapter10["title_ja"], "暗号");
  EXPECT_EQ(chapter10["children"][0]["id"], "10.1");
  EXPECT_EQ(chapter10["children"][0]["children"][1]["id"], "10.1.2");
  EXPECT_EQ(chapter10["children"][0]["children"][1]["rule"], "unless_excluded");
  ASSERT_EQ(body["baselines"].size(), 1u);
  EXPECT_EQ(body["baselines"][0]["key"], "ismap-skeleton-standard");
  EXPECT_EQ(body["baselines"][0]["entry_count"], 121);
}

TEST_F(CatalogsApiTest, ControlPageHasAncestorsChildrenAndMappingsFromEitherSide) {
  json control = GetJson("/api/v1/catalogs/ismap-rev/controls/10.1.2");
  EXPECT_EQ(control["title_ja"], "鍵の管理（改訂）");
  ASSERT_EQ(control["ancestors"].size(), 2u);
  EXPECT_EQ(control["ancestors"][0]["id"], "10");
  EXPECT_EQ(control["children"][0]["id"], "10.1.2.1.P");
  ASSERT_EQ(control["mappings"].size(), 1u);
  EXPECT_EQ(control["mappings"][0]["to"]["control_id"], "sc-12");
  EXPECT_EQ(control["mappings"][0]["relationship"], "equivalent");

  json nist = GetJson("/api/v1/catalogs/nist-rev5/controls/sc-12");
  ASSERT_EQ(nist["mappings"].size(), 1u);
  EXPECT_EQ(nist["mappings"][0]["from"]["edition"], "ismap-rev");
  EXPECT_THAT(nist["text_en"].get<std::string>(), HasSubstr("cryptographic keys"));
  json enhancement = GetJson("/api/v1/catalogs/nist-rev5/controls/ac-2.1");
  EXPECT_EQ(enhancement["level"], "detailed");
  EXPECT_EQ(enhancement["parent_id"], "ac-2");
}

TEST_F(CatalogsApiTest, SearchFindsJapaneseSubstringsAndLatinWordsInAnyCase) {
  json hits = GetJson("/api/v1/controls?q=%E6%9A%97%E5%8F%B7&edition=ismap-skeleton");  // 暗号
  ASSERT_GE(hits["items"].size(), 3u);
  for (const auto& item : hits["items"]) {
    EXPECT_EQ(item["edition"], "ismap-skeleton");
    EXPECT_THAT(item["title_ja"].get<std::string>(), HasSubstr("暗号"));
  }
  json latin = GetJson("/api/v1/controls?q=CRYPTOGRAPHIC%20KEY");
  std::set<std::string> editions;
  for (const auto& item : latin["items"]) {
    editions.insert(item["edition"]);
  }
  EXPECT_TRUE(editions.count("nist-rev5"));
  json page = GetJson("/api/v1/controls?q=access&limit=2&offset=2");
  EXPECT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["offset"], 2);
}

TEST_F(CatalogsApiTest, DiffNamesAddedAndRewordedControls) {
  json diff = GetJson("/api/v1/catalogs/ismap-skeleton/diff/ismap-rev");
  ASSERT_EQ(diff["added"].size(), 1u);
  EXPECT_EQ(diff["added"][0]["id"], "10.1.2.1.P");
  EXPECT_TRUE(diff["removed"].empty());
  ASSERT_EQ(diff["changed"].size(), 1u);
  EXPECT_EQ(diff["changed"][0]["after"]["id"], "10.1.2");
  EXPECT_EQ(diff["changed"][0]["fields"], json::array({"title_ja"}));
}

TEST_F(CatalogsApiTest, ExportsEveryFormatAsADownload) {
  auto oscal = Get("/api/v1/catalogs/ismap-skeleton/export?format=oscal&lang=en");
  ASSERT_TRUE(oscal);
  EXPECT_EQ(oscal->status, 200);
  EXPECT_THAT(oscal->Header("content-disposition"), HasSubstr("ismap-skeleton.en.json"));
  json catalog = json::parse(oscal->body);
  EXPECT_EQ(catalog["catalog"]["groups"][0]["title"], "Information security policies");

  auto csv = Get("/api/v1/catalogs/ismap-skeleton/export?format=csv");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->body.substr(0, 3), "\xEF\xBB\xBF");  // UTF-8 BOM for Excel
  EXPECT_THAT(csv->body, HasSubstr("10.1.2,10.1,鍵管理,Key management"));

  auto xlsx = Get("/api/v1/catalogs/ismap-skeleton/export?format=xlsx");
  ASSERT_TRUE(xlsx);
  auto sheets = tabular::ReadXlsx(xlsx->body);
  ASSERT_TRUE(sheets);
  ASSERT_EQ(sheets->size(), 2u);
  EXPECT_EQ((*sheets)[1].rows.size(), 1u + 14u + 37u + 121u);  // header, chapters, categories, objectives

  auto profile = Get("/api/v1/baselines/nist-low/export?lang=en");
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->status, 200);
  EXPECT_THAT(profile->body, HasSubstr("\"ac-1\""));
}

TEST_F(CatalogsApiTest, BaselinesListAndEntries) {
  json list = GetJson("/api/v1/baselines?edition=nist-rev5");
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["kind"], "imported");
  json low = GetJson("/api/v1/baselines/nist-low");
  ASSERT_EQ(low["entries"].size(), 149u);
  EXPECT_EQ(low["entries"][0]["control_id"], "ac-1");
}

TEST_F(CatalogsApiTest, BadInputGets4xxWithACodeInTheUsersLanguage) {
  json missing = GetJson("/api/v1/catalogs/no-such-edition", 404);
  EXPECT_EQ(missing["error"]["code"], "catalog.edition_not_found");
  EXPECT_EQ(missing["error"]["message"], "指定された管理基準の版は見つかりません。");
  json missing_en = GetJson("/api/v1/catalogs/no-such-edition", 404, "Accept-Language: en\r\n");
  EXPECT_EQ(missing_en["error"]["message"], "The catalog edition was not found.");
  EXPECT_EQ(GetJson("/api/v1/catalogs/ismap-skeleton/controls/99.9", 404)["error"]["code"],
            "catalog.control_not_found");
  EXPECT_EQ(GetJson("/api/v1/controls?q=", 400)["error"]["code"], "catalog.search_text");
  std::string long_query;
  for (int i = 0; i < 201; ++i) {
    long_query += "%E3%81%82";  // あ
  }
  EXPECT_EQ(GetJson("/api/v1/controls?q=" + long_query, 400)["error"]["code"], "catalog.search_text");
  EXPECT_EQ(GetJson("/api/v1/controls?q=a&limit=501", 400)["error"]["pointer"], "/limit");
  EXPECT_EQ(GetJson("/api/v1/controls?q=a&limit=x", 400)["error"]["code"], "invalid_parameter");
  EXPECT_EQ(GetJson("/api/v1/catalogs/ismap-skeleton/export?format=pdf", 400)["error"]["pointer"], "/format");
  EXPECT_EQ(GetJson("/api/v1/catalogs/ismap-skeleton/export?lang=fr", 400)["error"]["pointer"], "/lang");
  EXPECT_EQ(GetJson("/api/v1/catalogs/ismap-skeleton/diff/nope", 404)["error"]["code"], "catalog.edition_not_found");
  EXPECT_EQ(GetJson("/api/v1/baselines/nope", 404)["error"]["code"], "catalog.baseline_not_found");
  // Reads only: writing to a catalog is 405, not a way in.
  auto post = Fetch(port_, "POST", "/api/v1/catalogs", "Content-Type: application/json\r\n", "{}");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
}

TEST_F(CatalogsApiTest, SearchMatchesPercentAndUnderscoreLiterally) {
  json hits = GetJson("/api/v1/controls?q=%25");  // "%": no control title contains a percent sign
  EXPECT_TRUE(hits["items"].empty());
  json underscore = GetJson("/api/v1/controls?q=_&edition=ismap-skeleton");
  EXPECT_TRUE(underscore["items"].empty());
}

}  // namespace
}  // namespace ismap::testing
