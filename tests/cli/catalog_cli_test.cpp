// `ismap catalog import|export|diff|list` as the secretariat runs it: loading the shipped data,
// exporting OSCAL that validates, a reworded spreadsheet compared with the edition it came from,
// and the exit codes and messages of refused files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kData = ISMAP_SHARED_DATA_DIR;
const std::string kSkeleton = kData + "/ismap/control-criteria-skeleton.json";
const std::string kNist = kData + "/oscal/nist-sp800-53-rev5/";
const std::string kNistKey = "nist-sp800-53-rev5.0.1";

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class CatalogCliTest : public ::testing::Test {
 protected:
  ProcessResult Run(std::vector<std::string> args) {
    return RunIsmap(args, {{"ISMAP_STORAGE_SQLITE_PATH", dir_.File("ismap.db")}}, dir_.path().string());
  }
  void ImportSkeleton() {
    auto r = Run({"catalog", "import", kSkeleton});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  TempDir dir_;
};

TEST_F(CatalogCliTest, ImportsTheSkeletonAndNistThenListsAndExportsValidOscal) {
  auto skeleton = Run({"catalog", "import", kSkeleton});
  ASSERT_EQ(skeleton.exit_code, 0) << skeleton.err;
  EXPECT_THAT(skeleton.out, AllOf(HasSubstr("edition ismap-skeleton (ismap, skeleton): 121 controls"),
                                  HasSubstr("baseline ismap-skeleton-standard (121 entries)")));

  auto catalog = Run({"catalog", "import", kNist + "NIST_SP-800-53_rev5.0.1_catalog.json", "--key", kNistKey});
  ASSERT_EQ(catalog.exit_code, 0) << catalog.err;
  EXPECT_THAT(catalog.out, HasSubstr("edition " + kNistKey + " (nist-sp800-53, "));
  EXPECT_THAT(catalog.out, HasSubstr("1189 controls"));

  const std::string high = kNist + "NIST_SP-800-53_rev5_HIGH-baseline_profile.json";
  auto without_edition = Run({"catalog", "import", high});
  EXPECT_EQ(without_edition.exit_code, 2);
  EXPECT_THAT(without_edition.err, AllOf(HasSubstr(high), HasSubstr("--edition")));
  auto profile = Run({"catalog", "import", high, "--edition", kNistKey, "--baseline-key", "nist-high"});
  ASSERT_EQ(profile.exit_code, 0) << profile.err;
  EXPECT_THAT(profile.out, HasSubstr("baseline nist-high of " + kNistKey + ": 370 controls"));

  auto list = Run({"catalog", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, AllOf(HasSubstr("edition  ismap-skeleton "), HasSubstr("edition  " + kNistKey + " "),
                              HasSubstr("baseline ismap-skeleton-standard "), HasSubstr("baseline nist-high ")));
  EXPECT_THAT(list.out, AllOf(HasSubstr("  121 controls"), HasSubstr(" 1189 controls"), HasSubstr("  370 entries")));

  for (const char* language : {"ja", "en"}) {
    SCOPED_TRACE(language);
    const std::string out = dir_.File(std::string("ismap-skeleton.") + language + ".json");
    auto exported = Run({"catalog", "export", "ismap-skeleton", "--language", language, "-o", out});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    const auto doc = nlohmann::json::parse(ReadText(out));
    ASSERT_TRUE(doc.contains("catalog"));
    EXPECT_THAT(doc.dump(), HasSubstr(std::string(language) == "ja" ? "暗号による管理策" : "Cryptographic controls"));
    auto valid = Run({"oscal", "validate", out});
    EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
  }
  const std::string baseline = dir_.File("nist-high.en.json");
  auto exported = Run({"catalog", "export", "nist-high", "--baseline", "-o", baseline});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto valid = Run({"oscal", "validate", baseline});
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;

  auto ledger = Run({"ledger", "verify"});
  EXPECT_EQ(ledger.exit_code, 0) << ledger.out << ledger.err;
}

TEST_F(CatalogCliTest, AnEditedSpreadsheetDiffsAgainstItsSource) {
  ImportSkeleton();
  const std::string csv_path = dir_.File("skeleton.csv");
  auto exported = Run({"catalog", "export", "ismap-skeleton", "--format", "csv", "-o", csv_path});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::string csv = ReadText(csv_path);
  // Reword 10.1.1 and add a detailed control under 10.1.
  const std::string title = ",暗号による管理策の利用方針,";
  ASSERT_EQ(csv.find(title), csv.rfind(title)) << "the title must be unique for the edit";
  ASSERT_NE(csv.find(title), std::string::npos) << csv.substr(0, 400);
  csv.replace(csv.find(title), title.size(), ",暗号による管理策の利用方針（改訂）,");
  csv += "10.1.3,10.1,鍵の廃棄,Key destruction,,,,,\r\n";
  const std::string edited = dir_.File("edited.csv");
  std::ofstream(edited, std::ios::binary) << csv;

  auto imported = Run({"catalog", "import", edited, "--key", "ismap-edited", "--scheme", "ismap", "--version", "edited",
                       "--title-ja", "編集版", "--title-en", "Edited"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("edition ismap-edited (ismap, edited): 122 controls"));

  auto diff = Run({"catalog", "diff", "ismap-skeleton", "ismap-edited"});
  EXPECT_EQ(diff.exit_code, 1) << diff.err;
  EXPECT_THAT(diff.out, HasSubstr("ismap-skeleton -> ismap-edited: 1 added, 0 removed, 1 changed"));
  EXPECT_THAT(diff.out, HasSubstr("+ 10.1.3  鍵の廃棄"));
  EXPECT_THAT(diff.out, HasSubstr("~ 10.1.1  (title_ja)"));

  auto json = Run({"catalog", "diff", "ismap-skeleton", "ismap-edited", "--format", "json"});
  EXPECT_EQ(json.exit_code, 1) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["before"], "ismap-skeleton");
  EXPECT_EQ(doc["after"], "ismap-edited");
  ASSERT_EQ(doc["added"].size(), 1U);
  EXPECT_EQ(doc["added"][0]["id"], "10.1.3");
  EXPECT_EQ(doc["added"][0]["title_en"], "Key destruction");
  EXPECT_EQ(doc["removed"], nlohmann::json::array());
  ASSERT_EQ(doc["changed"].size(), 1U);
  EXPECT_EQ(doc["changed"][0]["before"]["title_ja"], "暗号による管理策の利用方針");
  EXPECT_EQ(doc["changed"][0]["after"]["title_ja"], "暗号による管理策の利用方針（改訂）");
  EXPECT_EQ(doc["changed"][0]["fields"], nlohmann::json::array({"title_ja"}));

  auto same = Run({"catalog", "diff", "ismap-edited", "ismap-edited"});
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_THAT(same.out, HasSubstr("0 added, 0 removed, 0 changed"));
  auto same_json = Run({"catalog", "diff", "ismap-skeleton", "ismap-skeleton", "--format", "json"});
  EXPECT_EQ(same_json.exit_code, 0) << same_json.err;
  EXPECT_EQ(nlohmann::json::parse(same_json.out)["changed"], nlohmann::json::array());

  auto missing = Run({"catalog", "diff", "ismap-skeleton", "ismap-absent"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("ismap-absent"));
  EXPECT_EQ(missing.out, "");
}

TEST_F(CatalogCliTest, RefusedFilesExitTwoNamingTheFileAndRow) {
  const std::string bad = dir_.File("bad-rows.csv");
  std::ofstream(bad, std::ios::binary) << "項番,表題,必須\n5,方針,\n5.1,方向付け,たぶん\n";
  auto refused = Run({"catalog", "import", bad, "--key", "bad-rows", "--scheme", "ismap", "--title-ja", "不正"});
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_THAT(refused.err, AllOf(HasSubstr(bad), HasSubstr("row 3"), HasSubstr("たぶん")));

  const std::string absent = dir_.File("no-such-criteria.csv");
  auto missing = Run({"catalog", "import", absent, "--key", "absent", "--scheme", "ismap", "--title-ja", "無"});
  EXPECT_EQ(missing.exit_code, 2) << missing.out;
  EXPECT_THAT(missing.err, HasSubstr(absent));

  auto list = Run({"catalog", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, AllOf(Not(HasSubstr("bad-rows")), Not(HasSubstr("absent"))));

  // The same file, corrected, loads: the refusal was the bad cell.
  std::ofstream(bad, std::ios::binary | std::ios::trunc) << "項番,表題,必須\n5,方針,\n5.1,方向付け,\n";
  auto fixed = Run({"catalog", "import", bad, "--key", "bad-rows", "--scheme", "ismap", "--title-ja", "修正"});
  EXPECT_EQ(fixed.exit_code, 0) << fixed.err;
}

}  // namespace
}  // namespace ismap::testing
