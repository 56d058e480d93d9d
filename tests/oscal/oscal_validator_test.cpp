// OSCAL validation: the published NIST and FedRAMP documents are valid, and a corpus of broken
// documents (mutations of the smallest valid example catalog) each fail with a named rule and pointer.
#include "oscal/oscal_validator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "oscal/json_document.hpp"

namespace ismap::oscal {
namespace {

namespace fs = std::filesystem;

const std::string kData = ISMAP_SHARED_DATA_DIR "/oscal";
const std::string kBasicCatalog = kData + "/examples/nist/basic-catalog.json";
// The first control of the example catalog (s1.1.1).
const std::string kControl = "/catalog/groups/0/groups/0/controls/0";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const auto& f : findings) {
    out += "  [" + f.rule + "] '" + f.pointer + "' " + f.message + " (" + f.schema_pointer + ")\n";
  }
  return out;
}

std::vector<Finding> Errors(const std::vector<Finding>& findings) {
  std::vector<Finding> out;
  for (const auto& f : findings) {
    if (f.severity == Finding::Severity::kError) {
      out.push_back(f);
    }
  }
  return out;
}

bool Has(const std::vector<Finding>& findings, const std::string& rule, const std::string& pointer) {
  for (const auto& f : findings) {
    if (f.rule == rule && f.pointer == pointer && f.severity == Finding::Severity::kError) {
      return true;
    }
  }
  return false;
}

// ---- the published documents ----

TEST(OscalValidatorTest, EveryPublishedDocumentIsValid) {
  std::vector<std::string> files;
  for (const char* dir : {"examples", "nist-sp800-53-rev5", "fedramp-rev5"}) {
    for (const auto& entry : fs::recursive_directory_iterator(kData + "/" + dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json" &&
          entry.path().string().find("profile-resolution") == std::string::npos) {
        files.push_back(entry.path().string());
      }
    }
  }
  ASSERT_GE(files.size(), 29U);
  // The FedRAMP templates link to uuids they do not define (a party's logo, a typo'd uuid in the SSP
  // template): reported as dangling-reference warnings, which leave the documents valid.
  const std::map<std::string, std::size_t> kDanglingLinks = {{"FedRAMP-POAM-OSCAL-Template.json", 5},
                                                             {"FedRAMP-SAP-OSCAL-Template.json", 1},
                                                             {"FedRAMP-SAR-OSCAL-Template.json", 1},
                                                             {"FedRAMP-SSP-OSCAL-Template.json", 1}};
  for (const auto& file : files) {
    auto findings = ValidateOscal(file);
    ASSERT_TRUE(findings) << findings.error().message;
    std::size_t dangling = 0;
    std::erase_if(*findings, [&](const Finding& f) {
      const bool is_dangling = f.rule == "dangling-reference" && f.severity == Finding::Severity::kWarning;
      dangling += is_dangling ? 1 : 0;
      return is_dangling;
    });
    const auto expected = kDanglingLinks.find(fs::path(file).filename().string());
    EXPECT_EQ(dangling, expected == kDanglingLinks.end() ? 0U : expected->second) << file;
    auto doc = JsonDocument::ParseFile(file);
    ASSERT_TRUE(doc) << doc.error().message;
    std::vector<Finding> warnings;
    const OscalVersion version = DetectVersion(doc->root(), &warnings);
    if (warnings.empty()) {
      // 1.1.2 / 1.1.3 documents: no findings at all.
      EXPECT_TRUE(findings->empty()) << file << "\n" << Describe(*findings);
    } else {
      // Older documents (FedRAMP 1.0.4, NIST 1.0.0): valid against 1.1.3, with the version warning only.
      EXPECT_EQ(version, OscalVersion::k1_1_3);
      ASSERT_EQ(findings->size(), 1U) << file << "\n" << Describe(*findings);
      EXPECT_EQ((*findings)[0].rule, "oscal-version");
      EXPECT_EQ((*findings)[0].severity, Finding::Severity::kWarning);
    }
  }
}

TEST(OscalValidatorTest, ExampleCatalogIsValidAgainstBothVersions) {
  const std::string text = ReadFile(kBasicCatalog);
  for (auto version : {OscalVersion::k1_1_2, OscalVersion::k1_1_3}) {
    auto findings = ValidateOscalText(text, version);
    ASSERT_TRUE(findings);
    EXPECT_TRUE(findings->empty()) << Describe(*findings);
  }
}

TEST(OscalValidatorTest, SchemasAreCompiledOnceAndShared) {
  auto a = OscalSchema(OscalVersion::k1_1_2);
  auto b = OscalSchema(OscalVersion::k1_1_3);
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_NE(*a, *b);
  std::vector<const JsonSchema*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] {
      auto s = OscalSchema(i % 2 == 0 ? OscalVersion::k1_1_2 : OscalVersion::k1_1_3);
      seen[i] = s ? *s : nullptr;
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i], i % 2 == 0 ? *a : *b);
  }
}

TEST(OscalValidatorTest, DetectVersionReadsMetadataOscalVersion) {
  auto v112 = JsonDocument::Parse(R"({"catalog": {"metadata": {"oscal-version": "1.1.2"}}})");
  auto v113 = JsonDocument::Parse(R"({"profile": {"metadata": {"oscal-version": "1.1.3"}}})");
  auto v104 = JsonDocument::Parse(R"({"catalog": {"metadata": {"oscal-version": "1.0.4"}}})");
  auto none = JsonDocument::Parse(R"([1, 2])");
  ASSERT_TRUE(v112 && v113 && v104 && none);
  std::vector<Finding> warnings;
  EXPECT_EQ(DetectVersion(v112->root(), &warnings), OscalVersion::k1_1_2);
  EXPECT_EQ(DetectVersion(v113->root(), &warnings), OscalVersion::k1_1_3);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(DetectVersion(v104->root(), &warnings), OscalVersion::k1_1_3);
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_EQ(warnings[0].rule, "oscal-version");
  EXPECT_EQ(warnings[0].pointer, "/catalog/metadata/oscal-version");
  EXPECT_EQ(warnings[0].severity, Finding::Severity::kWarning);
  EXPECT_THAT(warnings[0].message, ::testing::HasSubstr("1.0.4"));
  EXPECT_EQ(DetectVersion(none->root(), &warnings), OscalVersion::k1_1_3);
  EXPECT_EQ(warnings.size(), 2U);
}

TEST(OscalValidatorTest, MissingFileIsAnIoFinding) {
  auto findings = ValidateOscal(kData + "/no-such-file.json");
  ASSERT_TRUE(findings);
  ASSERT_EQ(findings->size(), 1U);
  EXPECT_EQ((*findings)[0].rule, "io");
  EXPECT_EQ((*findings)[0].pointer, "");
  EXPECT_THAT((*findings)[0].message, ::testing::HasSubstr("No such file or directory"));
  auto directory = ValidateOscal(kData);
  ASSERT_TRUE(directory);
  ASSERT_EQ(directory->size(), 1U);
  EXPECT_EQ((*directory)[0].rule, "io");
}

// ---- the broken corpus ----

// A mutation of the example catalog: set `pointer` to the JSON `value`, or erase it when value is empty.
struct Edit {
  std::string pointer;
  std::string value;
};

struct BrokenCase {
  std::string name;
  std::vector<Edit> edits;  // applied to the example catalog, unless `text` is set
  std::string text;         // the whole document, for inputs that are not a catalog at all
  std::string rule;         // expected finding...
  std::string pointer;      // ...at this instance pointer
};

void PrintTo(const BrokenCase& c, std::ostream* os) { *os << c.name; }

std::string Mutate(const std::vector<Edit>& edits) {
  rapidjson::Document doc;
  const std::string text = ReadFile(kBasicCatalog);
  doc.Parse(text.data(), text.size());
  for (const auto& edit : edits) {
    rapidjson::Pointer pointer(edit.pointer.c_str());
    EXPECT_TRUE(pointer.IsValid()) << edit.pointer;
    if (edit.value.empty()) {
      EXPECT_TRUE(pointer.Erase(doc)) << "nothing to erase at " << edit.pointer;
    } else {
      rapidjson::Document value(&doc.GetAllocator());
      value.Parse(edit.value.data(), edit.value.size());
      EXPECT_FALSE(value.HasParseError()) << edit.value;
      pointer.Set(doc, value);
    }
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  return buffer.GetString();
}

// A schema-valid profile whose import names a back-matter resource it does not have.
const std::string kProfileImportingNothing = R"({"profile": {
  "uuid": "0b9b8a4c-8d9e-4f0a-9c1b-2d3e4f5a6b7c",
  "metadata": {"title": "t", "last-modified": "2026-01-01T00:00:00Z", "version": "1", "oscal-version": "1.1.3"},
  "imports": [{"href": "#6f1f0a52-0000-4000-8000-000000000001", "include-all": {}}]}})";

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::vector<BrokenCase> BrokenCorpus() {
  const std::string catalog = ReadFile(kBasicCatalog);
  const std::string id = kControl + "/id";
  return {
      // wrong types
      {"UuidIsANumber", {{"/catalog/uuid", "42"}}, "", "type", "/catalog/uuid"},
      {"MetadataIsAString", {{"/catalog/metadata", R"("metadata")"}}, "", "type", "/catalog/metadata"},
      {"TitleIsANumber", {{"/catalog/metadata/title", "7"}}, "", "type", "/catalog/metadata/title"},
      {"GroupsIsAnObject", {{"/catalog/groups", "{}"}}, "", "type", "/catalog/groups"},
      {"ControlTitleIsAnArray", {{kControl + "/title", R"(["x"])"}}, "", "type", kControl + "/title"},
      {"PartProseIsABoolean", {{kControl + "/parts/0/prose", "true"}}, "", "type", kControl + "/parts/0/prose"},
      // missing required fields
      {"NoMetadata", {{"/catalog/metadata", ""}}, "", "required", "/catalog"},
      {"NoUuid", {{"/catalog/uuid", ""}}, "", "required", "/catalog"},
      {"NoMetadataTitle", {{"/catalog/metadata/title", ""}}, "", "required", "/catalog/metadata"},
      {"NoLastModified", {{"/catalog/metadata/last-modified", ""}}, "", "required", "/catalog/metadata"},
      {"NoControlTitle", {{kControl + "/title", ""}}, "", "required", kControl},
      {"NoControlId", {{kControl + "/id", ""}}, "", "required", kControl},
      {"NoPropName", {{"/catalog/groups/0/props/0/name", ""}}, "", "required", "/catalog/groups/0/props/0"},
      // bad UUIDs
      {"UuidNotAUuid", {{"/catalog/uuid", R"("not-a-uuid")"}}, "", "pattern", "/catalog/uuid"},
      {"UuidVersion1",
       {{"/catalog/uuid", R"("74c8ba1e-5cd4-1ad1-bbfd-d888e2f6c724")"}},
       "",
       "pattern",
       "/catalog/uuid"},
      {"UuidBadVariant",
       {{"/catalog/uuid", R"("74c8ba1e-5cd4-4ad1-cbfd-d888e2f6c724")"}},
       "",
       "pattern",
       "/catalog/uuid"},
      {"UuidFullWidthDigit",
       {{"/catalog/uuid", R"("74c8ba1e-5cd4-4ad1-bbfd-d888e2f6c72４")"}},
       "",
       "pattern",
       "/catalog/uuid"},
      {"UuidWithBraces",
       {{"/catalog/uuid", R"("{74c8ba1e-5cd4-4ad1-bbfd-d888e2f6c724}")"}},
       "",
       "pattern",
       "/catalog/uuid"},
      // tokens
      {"TokenStartsWithDigit", {{id, R"("1ac")"}}, "", "pattern", id},
      {"TokenStartsWithFullWidthDigit", {{id, R"("１ac")"}}, "", "pattern", id},
      {"TokenWithSpace", {{id, R"("ac 1")"}}, "", "pattern", id},
      {"TokenWithIdeographicSpace", {{id, R"("統制　1")"}}, "", "pattern", id},
      {"TokenWithColon", {{id, R"("ac:1")"}}, "", "pattern", id},
      {"TokenEmpty", {{id, R"("")"}}, "", "pattern", id},
      {"PropNameWithSpace",
       {{"/catalog/groups/0/props/0/name", R"("a label")"}},
       "",
       "pattern",
       "/catalog/groups/0/props/0/name"},
      {"StringWithLeadingSpace",
       {{"/catalog/groups/0/props/0/value", R"(" 1")"}},
       "",
       "pattern",
       "/catalog/groups/0/props/0/value"},
      {"DateTimeWithoutZone",
       {{"/catalog/metadata/last-modified", R"("2024-02-01T13:57:28")"}},
       "",
       "pattern",
       "/catalog/metadata/last-modified"},
      {"SelectionHowManyNotInEnum",
       {{kControl + "/params/0/select/how-many", R"("two")"}},
       "",
       "enum",
       kControl + "/params/0/select/how-many"},
      // extra properties where additionalProperties is false
      {"ExtraCatalogProperty", {{"/catalog/colour", R"("blue")"}}, "", "additionalProperties", "/catalog"},
      {"ExtraMetadataProperty",
       {{"/catalog/metadata/owner", R"("me")"}},
       "",
       "additionalProperties",
       "/catalog/metadata"},
      {"ExtraControlProperty", {{kControl + "/status", R"("draft")"}}, "", "additionalProperties", kControl},
      {"ExtraPropProperty",
       {{"/catalog/groups/0/props/0/colour", R"("red")"}},
       "",
       "additionalProperties",
       "/catalog/groups/0/props/0"},
      {"EmptyGroupsArray", {{"/catalog/groups", "[]"}}, "", "minItems", "/catalog/groups"},
      // not OSCAL at all
      {"EmptyFile", {}, "", "json", ""},
      {"WhitespaceOnly", {}, " \n\t ", "json", ""},
      {"TruncatedFile", {}, catalog.substr(0, catalog.size() / 2), "json", ""},
      {"TruncatedAfterKey", {}, R"({"catalog": )", "json", ""},
      {"TrailingGarbage", {}, catalog + "\n}", "json", ""},
      {"InvalidUtf8", {}, "{\"catalog\": \"\xC3\x28\"}", "json", ""},
      {"Nested600Levels", {}, Nested(600), "json", ""},
      {"RootIsAnArray", {}, "[]", "type", ""},
      {"RootIsAString", {}, R"("catalog")", "type", ""},
      {"RootIsNull", {}, "null", "type", ""},
      {"EmptyObject", {}, "{}", "oneOf", ""},
      // dangling references (no schema can see them)
      {"InsertOfAnUndefinedParam",
       {{kControl + "/parts/1/prose", R"("Set {{ insert: param, no-such-param }} now.")"}},
       "",
       "dangling-reference",
       kControl + "/parts/1/prose"},
      {"ImportOfAMissingBackMatterResource",
       {},
       kProfileImportingNothing,
       "dangling-reference",
       "/profile/imports/0/href"},
      {"UnknownModel", {}, R"({"kitchen-sink": {}})", "oneOf", ""},
  };
}

class OscalBrokenCorpusTest : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(OscalBrokenCorpusTest, FailsWithRuleAtPointer) {
  const BrokenCase& c = GetParam();
  const std::string text = c.edits.empty() ? c.text : Mutate(c.edits);
  auto findings = ValidateOscalText(text);
  ASSERT_TRUE(findings) << findings.error().message;
  ASSERT_FALSE(Errors(*findings).empty()) << c.name;
  EXPECT_TRUE(Has(*findings, c.rule, c.pointer))
      << c.name << ": expected [" << c.rule << "] at '" << c.pointer << "', got\n"
      << Describe(*findings);
  if (c.rule == "json") {
    // Parse errors stop there: one finding, naming where.
    ASSERT_EQ(findings->size(), 1U);
    EXPECT_THAT((*findings)[0].message, ::testing::HasSubstr("line "));
  }
}

INSTANTIATE_TEST_SUITE_P(OscalCorpus, OscalBrokenCorpusTest, ::testing::ValuesIn(BrokenCorpus()),
                         [](const ::testing::TestParamInfo<BrokenCase>& info) { return info.param.name; });

TEST(OscalValidatorTest, CorpusIsLargeEnough) { EXPECT_GE(BrokenCorpus().size(), 30U); }

// Tokens the OSCAL pattern ^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$ accepts, including non-ASCII letters and
// digits: \p{N} covers full-width digits, so "ac-１" is a valid token (unlike in a UUID).
TEST(OscalValidatorTest, UnicodeTokensThePatternAllows) {
  for (const char* token : {"ac-1", "_x", "統制-1", "アクセス制御.2", "Ünïcode_1", "ac-１"}) {
    auto findings = ValidateOscalText(Mutate({{kControl + "/id", std::string("\"") + token + "\""}}));
    ASSERT_TRUE(findings);
    EXPECT_TRUE(findings->empty()) << token << "\n" << Describe(*findings);
  }
}

TEST(OscalValidatorTest, NestingWithinTheLimitIsNotAParseFinding) {
  auto findings = ValidateOscalText(Nested(100));
  ASSERT_TRUE(findings);
  EXPECT_TRUE(Has(*findings, "type", "")) << Describe(*findings);
  EXPECT_FALSE(Has(*findings, "json", ""));
}

TEST(OscalValidatorTest, DanglingLinksAreWarningsButControlLinksAreNot) {
  // A "reference" link to nothing in the document: a warning (the FedRAMP templates have such links).
  auto findings = ValidateOscalText(Mutate(
      {{kControl + "/links", R"([{"href": "#nowhere", "rel": "reference"}, {"href": "#ac-99", "rel": "related"}])"}}));
  ASSERT_TRUE(findings);
  ASSERT_EQ(findings->size(), 1U) << Describe(*findings);
  EXPECT_EQ((*findings)[0].rule, "dangling-reference");
  EXPECT_EQ((*findings)[0].pointer, kControl + "/links/0/href");
  EXPECT_EQ((*findings)[0].severity, Finding::Severity::kWarning);
  // The same insertion with the parameter defined is fine.
  auto defined = ValidateOscalText(Mutate({{kControl + "/parts/1/prose", R"("Set {{insert: param,s1.1.1-prm1}}.")"}}));
  ASSERT_TRUE(defined);
  EXPECT_TRUE(defined->empty()) << Describe(*defined);
}

TEST(OscalValidatorTest, OldVersionIsCheckedAgainst113WithAWarning) {
  auto findings = ValidateOscalText(Mutate({{"/catalog/metadata/oscal-version", R"("1.0.4")"}}));
  ASSERT_TRUE(findings);
  ASSERT_EQ(findings->size(), 1U) << Describe(*findings);
  EXPECT_EQ((*findings)[0].rule, "oscal-version");
  EXPECT_EQ((*findings)[0].pointer, "/catalog/metadata/oscal-version");
  EXPECT_EQ((*findings)[0].severity, Finding::Severity::kWarning);
}

}  // namespace
}  // namespace ismap::oscal
