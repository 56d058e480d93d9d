// `ismap oscal validate` as an operator runs it: formats, exit codes, help.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
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

// ---- oscal resolve ----

const std::string kNist = ISMAP_SHARED_DATA_DIR "/oscal/nist-sp800-53-rev5/";
const std::string kLowProfile = kNist + "NIST_SP-800-53_rev5_LOW-baseline_profile.json";
const std::string kCatalog501 = kNist + "NIST_SP-800-53_rev5.0.1_catalog.json";

std::size_t CountControls(const nlohmann::json& container) {
  std::size_t n = 0;
  for (const char* key : {"controls", "groups"}) {
    if (container.contains(key)) {
      for (const auto& item : container[key]) {
        n += (std::string(key) == "controls" ? 1 : 0) + CountControls(item);
      }
    }
  }
  return n;
}

std::string Profile(const std::string& imports) {
  return R"({"profile": {"uuid": "7eca4589-7ed9-4552-9da6-738126660be3", "metadata": {"title": "T",
    "last-modified": "2024-01-01T00:00:00Z", "version": "1", "oscal-version": "1.1.2"}, "imports": )" +
         imports + "}}";
}

TEST_F(OscalCliTest, ResolveHelpDocumentsCatalogMappingAndExitCodes) {
  auto help = Run({"oscal", "resolve", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("--catalog"));
  EXPECT_THAT(help.out, HasSubstr("HREF=FILE"));
  EXPECT_THAT(help.out, HasSubstr("Exit status"));
  EXPECT_EQ(Run({"oscal", "resolve"}).exit_code, 2);
}

TEST_F(OscalCliTest, ResolveLowBaselineWithCatalog) {
  auto to_file = Run({"oscal", "resolve", kLowProfile, "--catalog", kCatalog501, "-o", "low.json"});
  EXPECT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_TRUE(to_file.err.empty()) << to_file.err;
  std::ifstream in(dir_.File("low.json"));
  auto low = nlohmann::json::parse(in);
  EXPECT_EQ(CountControls(low["catalog"]), 149U);
  EXPECT_EQ(low["catalog"]["metadata"]["version"], "5.1.1+u4");

  // Standard output, 2-space indentation; the catalog named by the import's href works as well.
  auto to_stdout =
      Run({"oscal", "resolve", "--catalog", "#84cbf061-eb87-4ec1-8112-1f529232e907=" + kCatalog501, kLowProfile});
  EXPECT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
  EXPECT_EQ(to_stdout.out.substr(0, 15), "{\n  \"catalog\": ");
  EXPECT_EQ(CountControls(nlohmann::json::parse(to_stdout.out)["catalog"]), 149U);
  EXPECT_EQ(Run({"oscal", "validate", "low.json", "--schema", "1.1.3"}).exit_code, 0);
}

TEST_F(OscalCliTest, ResolveFedrampWithHrefMappingReportsWarnings) {
  auto r = Run({"oscal", "resolve", ISMAP_SHARED_DATA_DIR "/oscal/fedramp-rev5/FedRAMP_rev5_LOW-baseline_profile.json",
                "--catalog", "NIST_SP-800-53_rev5_catalog.json=" + kCatalog501, "-o", "fedramp.json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // The profile tailors 5.1.1 parameters that 5.0.1 does not have: warnings naming file and pointer.
  EXPECT_THAT(r.err, HasSubstr("FedRAMP_rev5_LOW-baseline_profile.json: /profile/modify/set-parameters/"));
  EXPECT_THAT(r.err, HasSubstr(": warning: unknown-param: "));
  std::ifstream in(dir_.File("fedramp.json"));
  EXPECT_EQ(CountControls(nlohmann::json::parse(in)["catalog"]), 156U);
}

TEST_F(OscalCliTest, ResolveMissingCatalogFileIsNamed) {
  auto r = Run({"oscal", "resolve", kLowProfile, "--catalog", "no-such-catalog.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("no-such-catalog.json"));
  EXPECT_TRUE(r.out.empty());

  // Without --catalog the profile's relative rlinks point nowhere here: resolved, with an error finding.
  auto unresolved = Run({"oscal", "resolve", kLowProfile});
  EXPECT_EQ(unresolved.exit_code, 1) << unresolved.err;
  EXPECT_THAT(unresolved.err,
              HasSubstr("NIST_SP-800-53_rev5_LOW-baseline_profile.json: /profile/imports/0/href: error: "
                        "unresolved-import: "));
  EXPECT_THAT(unresolved.err, HasSubstr("NIST_SP-800-53_rev5_catalog.json"));
  EXPECT_EQ(CountControls(nlohmann::json::parse(unresolved.out)["catalog"]), 0U);
}

TEST_F(OscalCliTest, ResolveMalformedProfileNamesLineAndColumn) {
  std::ofstream(dir_.File("bad.json")) << "{\n  \"profile\": {\n    \"uuid\": ,\n  }\n}\n";
  auto r = Run({"oscal", "resolve", "bad.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("bad.json"));
  EXPECT_THAT(r.err, HasSubstr("line 3:13"));

  auto missing = Run({"oscal", "resolve", "missing-profile.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("missing-profile.json"));

  std::ofstream(dir_.File("catalog-not-profile.json")) << R"({"catalog": {}})";
  EXPECT_EQ(Run({"oscal", "resolve", "catalog-not-profile.json"}).exit_code, 2);
}

TEST_F(OscalCliTest, ResolveReadsRelativeHrefsFromTheProfileDirectoryOnly) {
  std::filesystem::create_directories(dir_.path() / "profiles");
  std::filesystem::create_directories(dir_.path() / "catalogs");
  std::filesystem::copy_file(kCatalog501, dir_.File("catalogs/sp800-53.json"));
  std::ofstream(dir_.File("profiles/local.json"))
      << Profile(R"([{"href": "../catalogs/sp800-53.json", "include-controls": [{"with-ids": ["ac-1", "ac-2.1"]}]}])");
  auto local = Run({"oscal", "resolve", "profiles/local.json"});
  EXPECT_EQ(local.exit_code, 0) << local.err;
  EXPECT_EQ(CountControls(nlohmann::json::parse(local.out)["catalog"]), 3U);  // ac-1, ac-2 (parent), ac-2.1

  std::ofstream(dir_.File("profiles/remote.json"))
      << Profile(R"([{"href": "https://example.org/catalog.json", "include-all": {}}])");
  auto remote = Run({"oscal", "resolve", "profiles/remote.json"});
  EXPECT_EQ(remote.exit_code, 1);
  EXPECT_THAT(remote.err, HasSubstr("https://example.org/catalog.json is not a local file"));

  std::ofstream(dir_.File("profiles/two.json"))
      << Profile(R"([{"href": "a.json", "include-all": {}}, {"href": "b.json", "include-all": {}}])");
  auto ambiguous = Run({"oscal", "resolve", "profiles/two.json", "--catalog", kCatalog501});
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_THAT(ambiguous.err, HasSubstr("HREF=FILE"));
  auto mapped = Run({"oscal", "resolve", "profiles/two.json", "--catalog", "a.json=" + kCatalog501, "--catalog",
                     "b.json=" + kCatalog501});
  EXPECT_EQ(mapped.exit_code, 0) << mapped.err;  // every control twice: duplicate warnings, no error
  EXPECT_THAT(mapped.err, HasSubstr("duplicate-control"));
}

}  // namespace
}  // namespace ismap::testing
