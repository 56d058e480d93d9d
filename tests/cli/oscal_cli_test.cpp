// `ismap oscal validate` as an operator runs it: formats, exit codes, help.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;

const std::string kValid = ISMAP_SHARED_DATA_DIR "/oscal/examples/nist/basic-catalog.json";

class OscalCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(kValid);
    std::ostringstream text;
    text << in.rdbuf();
    auto doc = nlohmann::json::parse(text.str());
    doc["catalog"]["uuid"] = "not-a-uuid";
    doc["catalog"]["metadata"].erase("title");
    std::ofstream(dir_.File("broken.json")) << doc.dump();
  }
  ProcessResult Run(std::vector<std::string> args) { return RunIsmap(args, {}, dir_.path().string()); }
  TempDir dir_;
};

TEST_F(OscalCliTest, HelpDocumentsFormatsAndExitCodes) {
  auto help = Run({"oscal", "validate", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("--format"));
  EXPECT_THAT(help.out, HasSubstr("--schema"));
  EXPECT_THAT(help.out, HasSubstr("Exit status"));
}

TEST_F(OscalCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Run({"oscal", "validate"}).exit_code, 2);
  EXPECT_EQ(Run({"oscal", "validate", kValid, "--format", "xml"}).exit_code, 2);
  EXPECT_EQ(Run({"oscal", "validate", kValid, "--schema", "1.0.4"}).exit_code, 2);
  EXPECT_EQ(Run({"oscal"}).exit_code, 2);
}

TEST_F(OscalCliTest, TextFormat) {
  auto ok = Run({"oscal", "validate", kValid});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("1 file, 0 findings"));

  auto bad = Run({"oscal", "validate", "broken.json", "--schema", "1.1.2"});
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
  EXPECT_THAT(bad.out, HasSubstr("broken.json: /catalog/uuid: pattern: "));
  EXPECT_THAT(bad.out, HasSubstr("broken.json: /catalog/metadata: required: "));
  // The root oneOf (one branch per OSCAL model) fails too; the catalog branch explains why.
  EXPECT_THAT(bad.out, HasSubstr("broken.json: : oneOf: "));
  EXPECT_THAT(bad.out, HasSubstr("1 file, 3 findings"));

  auto batch = Run({"oscal", "validate", kValid, "missing.json", "broken.json"});
  EXPECT_EQ(batch.exit_code, 1);
  EXPECT_THAT(batch.out, HasSubstr("missing.json: : io: "));
  EXPECT_THAT(batch.out, HasSubstr("3 files, 4 findings"));
}

TEST_F(OscalCliTest, JsonFormat) {
  auto ok = Run({"oscal", "validate", "--format", "json", kValid});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  auto ok_json = nlohmann::json::parse(ok.out);
  ASSERT_EQ(ok_json["files"].size(), 1U);
  EXPECT_EQ(ok_json["files"][0]["file"], kValid);
  EXPECT_EQ(ok_json["files"][0]["valid"], true);
  EXPECT_TRUE(ok_json["files"][0]["findings"].empty());

  auto bad = Run({"oscal", "validate", "--format", "json", "broken.json"});
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
  auto bad_json = nlohmann::json::parse(bad.out);
  const auto& file = bad_json["files"][0];
  EXPECT_EQ(file["file"], "broken.json");
  EXPECT_EQ(file["valid"], false);
  ASSERT_EQ(file["findings"].size(), 3U) << bad.out;
  bool saw_pattern = false;
  for (const auto& f : file["findings"]) {
    EXPECT_EQ(f["severity"], "error");
    EXPECT_TRUE(f.contains("schema_pointer"));
    EXPECT_TRUE(f.contains("message"));
    if (f["rule"] == "pattern") {
      saw_pattern = true;
      EXPECT_EQ(f["pointer"], "/catalog/uuid");
    }
  }
  EXPECT_TRUE(saw_pattern) << bad.out;
}

TEST_F(OscalCliTest, SarifFormat) {
  auto ok = Run({"oscal", "validate", "--format", "sarif", kValid});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  auto ok_sarif = nlohmann::json::parse(ok.out);
  EXPECT_EQ(ok_sarif["version"], "2.1.0");
  EXPECT_TRUE(ok_sarif["runs"][0]["results"].empty());

  auto bad = Run({"oscal", "validate", "--format=sarif", "broken.json"});
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
  auto sarif = nlohmann::json::parse(bad.out);
  EXPECT_EQ(sarif["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(sarif["version"], "2.1.0");
  ASSERT_EQ(sarif["runs"].size(), 1U);
  const auto& run = sarif["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "ismap");
  ASSERT_EQ(run["results"].size(), 3U) << bad.out;
  std::set<std::string> rules;
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    rules.insert(rule["id"].get<std::string>());
  }
  for (const auto& result : run["results"]) {
    EXPECT_TRUE(rules.count(result["ruleId"].get<std::string>())) << result.dump();
    EXPECT_EQ(result["level"], "error");
    EXPECT_FALSE(result["message"]["text"].get<std::string>().empty());
    EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "broken.json");
    EXPECT_TRUE(result["locations"][0]["logicalLocations"][0].contains("fullyQualifiedName"));
  }
  EXPECT_EQ(rules, (std::set<std::string>{"oneOf", "pattern", "required"}));
}

}  // namespace
}  // namespace ismap::testing
