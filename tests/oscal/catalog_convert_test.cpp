// OSCAL catalogs and profiles to the criteria model and back: every shipped catalog and profile
// survives import -> export -> import unchanged, and an ISMAP edition exported per language is a
// valid OSCAL catalog that imports back to the same edition.
#include "oscal/catalog_convert.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "oscal/json_document.hpp"
#include "oscal/json_util.hpp"
#include "oscal/oscal_validator.hpp"

namespace ismap::oscal {
namespace {

namespace fs = std::filesystem;

const std::string kData = ISMAP_SHARED_DATA_DIR "/oscal";
const core::TimePoint kWhen{std::chrono::microseconds{1'764'000'000'000'000}};

// Every JSON document of a model under the shipped data.
std::vector<std::string> ShippedDocuments(const char* model) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(kData)) {
    if (entry.path().extension() != ".json" || entry.path().string().find("/schema/") != std::string::npos) {
      continue;
    }
    auto doc = JsonDocument::ParseFile(entry.path().string());
    if (doc && doc->root().IsObject() && doc->root().HasMember(model)) {
      out.push_back(entry.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

CatalogImportOptions Options(std::string key, std::string source, std::string language = "en") {
  CatalogImportOptions options;
  options.key = std::move(key);
  options.scheme = "nist-sp800-53";
  options.source = std::move(source);
  options.language = std::move(language);
  return options;
}

bool SameControls(const domain::EditionContent& a, const domain::EditionContent& b, std::string* why) {
  if (a.controls.size() != b.controls.size()) {
    *why = "sizes differ";
    return false;
  }
  for (std::size_t i = 0; i < a.controls.size(); ++i) {
    const auto& x = a.controls[i];
    const auto& y = b.controls[i];
    if (x.id != y.id || x.parent_id != y.parent_id || x.title_en != y.title_en || x.title_ja != y.title_ja ||
        x.text_en != y.text_en || x.level != y.level || x.rule != y.rule || x.is_group != y.is_group ||
        x.withdrawn != y.withdrawn || x.suffix != y.suffix) {
      *why = "control " + std::to_string(i) + " (" + x.id + " / " + y.id + ") differs";
      return false;
    }
  }
  return true;
}

TEST(CatalogConvertTest, EveryShippedCatalogRoundTripsLosslessly) {
  const auto files = ShippedDocuments("catalog");
  ASSERT_GE(files.size(), 8u);  // NIST 5.0.1 (two), NIST resolved (four), FedRAMP resolved (two), example
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    auto original = JsonDocument::ParseFile(file);
    ASSERT_TRUE(original);
    auto first = EditionFromCatalog(original->root(), Options("imported", file));
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_THAT(domain::ValidateEdition(*first),
                testing::Truly([](const core::Result<void>& r) { return r.has_value(); }));
    const std::string exported = CatalogFromEdition(*first, "en", kWhen);
    auto reread = JsonDocument::Parse(exported);
    ASSERT_TRUE(reread);
    EXPECT_TRUE(json::Equals(original->root(), reread->root())) << "export differs from the file";
    auto second = EditionFromCatalog(reread->root(), Options("imported", file));
    ASSERT_TRUE(second);
    std::string why;
    EXPECT_TRUE(SameControls(*first, *second, &why)) << why;
    EXPECT_EQ(first->info.source_json, second->info.source_json);
  }
}

TEST(CatalogConvertTest, ReadsTheNistCatalogStructure) {
  auto doc = JsonDocument::ParseFile(kData + "/nist-sp800-53-rev5/NIST_SP-800-53_rev5.0.1_catalog.json");
  ASSERT_TRUE(doc);
  auto edition = EditionFromCatalog(doc->root(), Options("nist-800-53-rev5", "test"));
  ASSERT_TRUE(edition);
  std::size_t groups = 0, controls = 0, enhancements = 0, withdrawn = 0;
  for (const auto& c : edition->controls) {
    groups += c.is_group ? 1 : 0;
    controls += !c.is_group && c.level == domain::ControlLevel::kObjective ? 1 : 0;
    enhancements += c.level == domain::ControlLevel::kDetailed ? 1 : 0;
    withdrawn += c.withdrawn ? 1 : 0;
  }
  EXPECT_EQ(groups, 20u);
  EXPECT_EQ(controls + enhancements, 1189u);
  EXPECT_GT(withdrawn, 0u);
  EXPECT_EQ(edition->info.version, "5.0.1");
  const auto& ac2_1 =
      *std::find_if(edition->controls.begin(), edition->controls.end(), [](const auto& c) { return c.id == "ac-2.1"; });
  EXPECT_EQ(ac2_1.parent_id, "ac-2");
  EXPECT_EQ(ac2_1.title_en, "Automated System Account Management");
  EXPECT_NE(ac2_1.text_en.find("Support the management of system accounts using"), std::string::npos) << ac2_1.text_en;
}

TEST(CatalogConvertTest, RefusesOtherModels) {
  auto doc = JsonDocument::Parse(R"({"profile": {}})");
  ASSERT_TRUE(doc);
  auto result = EditionFromCatalog(doc->root(), Options("x", "z"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().reason, "oscal.not_a_catalog");
  EXPECT_EQ(BaselineFromProfile(JsonDocument::Parse("[]")->root(), "k", "e", {}).error().reason, "oscal.not_a_profile");
}

TEST(CatalogConvertTest, EveryShippedProfileRoundTripsLosslessly) {
  const auto files = ShippedDocuments("profile");
  ASSERT_GE(files.size(), 6u);  // NIST LOW, MODERATE, HIGH; FedRAMP LOW, MODERATE, HIGH, LI-SaaS
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    auto original = JsonDocument::ParseFile(file);
    ASSERT_TRUE(original);
    auto baseline = BaselineFromProfile(original->root(), "p", "e", {"ac-1"});
    ASSERT_TRUE(baseline);
    auto reread = JsonDocument::Parse(ProfileFromBaseline(*baseline, false, "#ignored", "en", kWhen));
    ASSERT_TRUE(reread);
    EXPECT_TRUE(json::Equals(original->root(), reread->root()));
    auto again = BaselineFromProfile(reread->root(), "p", "e", {"ac-1"});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->info.source_json, baseline->info.source_json);
  }
}

domain::EditionContent IsmapEdition() {
  domain::EditionContent e;
  e.info = {"ismap-test",
            "ismap",
            "2024.07",
            std::string("2024-07-01"),
            "test",
            domain::SourceFormat::kCsv,
            "ISMAP管理基準（テスト）",
            "ISMAP criteria (test)",
            ""};
  auto item = [](std::string id, std::optional<std::string> parent, std::string ja, std::string en,
                 std::string text_ja = "", std::string text_en = "") {
    domain::Control c;
    c.id = std::move(id);
    c.parent_id = std::move(parent);
    c.title_ja = std::move(ja);
    c.title_en = std::move(en);
    c.text_ja = std::move(text_ja);
    c.text_en = std::move(text_en);
    return c;
  };
  e.controls = {item("10", std::nullopt, "暗号", "Cryptography"),
                item("10.1", "10", "暗号による管理策", "Cryptographic controls"),
                item("10.1.1", "10.1", "暗号による管理策の利用方針", "Policy on the use of cryptographic controls",
                     "暗号による管理策の利用方針を策定し実施する。", "A policy shall be developed."),
                item("10.1.1.1.PB", "10.1.1", "鍵の管理", "Key management", "鍵を管理する。", "")};
  domain::ApplyIsmapRules(&e);
  e.controls[3].rule = domain::MandatoryRule::kMandatory;
  // Columns the program does not know travel as props (names made tokens, values trimmed).
  e.controls[2].source_json = R"({"cloud_specific":true,"備考 メモ":" 注記 ","空":""})";
  return e;
}

TEST(CatalogConvertTest, IsmapEditionExportsAValidCatalogPerLanguageThatImportsBack) {
  const domain::EditionContent edition = IsmapEdition();
  for (const char* language : {"ja", "en"}) {
    SCOPED_TRACE(language);
    const std::string text = CatalogFromEdition(edition, language, kWhen);
    auto findings = ValidateOscalText(text, OscalVersion::k1_1_3);
    ASSERT_TRUE(findings);
    EXPECT_TRUE(findings->empty()) << findings->front().message << " at " << findings->front().pointer << "\n" << text;
    auto doc = JsonDocument::Parse(text);
    ASSERT_TRUE(doc);
    auto back = EditionFromCatalog(doc->root(), Options("ismap-test", "test", language));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->info.scheme, "ismap");
    EXPECT_EQ(back->info.effective_date, "2024-07-01");
    ASSERT_EQ(back->controls.size(), 4u);
    const auto& key = back->controls[3];
    EXPECT_EQ(key.id, "10.1.1.1.PB");
    EXPECT_EQ(key.parent_id, "10.1.1");
    EXPECT_EQ(key.suffix, "PB");
    EXPECT_EQ(key.rule, domain::MandatoryRule::kMandatory);
    EXPECT_EQ(key.level, domain::ControlLevel::kDetailed);
    EXPECT_EQ(back->controls[1].level, domain::ControlLevel::kCategory);
    EXPECT_TRUE(back->controls[1].is_group);
    EXPECT_EQ(back->controls[2].rule, domain::MandatoryRule::kUnlessExcluded);
    if (std::string(language) == "ja") {
      EXPECT_EQ(key.title_ja, "鍵の管理");
      EXPECT_EQ(back->controls[2].text_ja, "暗号による管理策の利用方針を策定し実施する。");
    } else {
      EXPECT_EQ(key.title_en, "Key management");
      EXPECT_EQ(key.text_en, "鍵を管理する。");  // no English text: the Japanese one stands in
    }
    EXPECT_THAT(domain::ValidateEdition(*back), testing::Truly([](const auto& r) { return r.has_value(); }));
    EXPECT_NE(text.find(R"("name": "cloud_specific")"), std::string::npos);
    EXPECT_NE(text.find(R"("name": "備考-メモ")"), std::string::npos);
    EXPECT_NE(text.find(R"("value": "注記")"), std::string::npos);
  }
  EXPECT_EQ(CatalogFromEdition(edition, "ja", kWhen), CatalogFromEdition(edition, "ja", kWhen));
}

TEST(CatalogConvertTest, BuiltProfileIsValidAndMarksRequiredEntries) {
  domain::BaselineContent baseline = domain::StandardBaseline(IsmapEdition(), "ismap-test-standard");
  const std::string text = ProfileFromBaseline(baseline, true, "ismap-test.json", "ja", kWhen);
  auto findings = ValidateOscalText(text, OscalVersion::k1_1_3);
  ASSERT_TRUE(findings);
  EXPECT_TRUE(findings->empty()) << findings->front().message << " at " << findings->front().pointer;
  EXPECT_NE(text.find("\"ismap-10.1.1.1.PB\""), std::string::npos);
  EXPECT_NE(text.find("\"required\""), std::string::npos);
}

}  // namespace
}  // namespace ismap::oscal
