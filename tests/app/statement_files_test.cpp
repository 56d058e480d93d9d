// A statement's files (app/statement_files.hpp): the CSV and XLSX layout both ways, the OSCAL SSP
// export (valid against 1.1.3) and import, the assessment-results import and export, and every bad
// input an operator may upload. Pure: no database.
#include "app/statement_files.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/criteria_sources.hpp"
#include "oscal/oscal_validator.hpp"
#include "tabular/csv.hpp"
#include "tabular/xlsx.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using testing::HasErrorReason;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::IsOk;

const std::string kData = ISMAP_SHARED_DATA_DIR;
constexpr auto kInvalid = core::ErrorCode::kInvalidArgument;

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

domain::Control Item(std::string id, std::optional<std::string> parent, bool group, domain::ControlLevel level,
                     domain::MandatoryRule rule, std::string title_ja, std::string title_en) {
  domain::Control c;
  c.id = std::move(id);
  c.parent_id = std::move(parent);
  c.is_group = group;
  c.level = level;
  c.rule = rule;
  c.title_ja = std::move(title_ja);
  c.title_en = std::move(title_en);
  return c;
}

// Two chapters, a category each, two objectives, three detailed controls (one withdrawn).
domain::EditionContent SmallEdition() {
  using L = domain::ControlLevel;
  using R = domain::MandatoryRule;
  domain::EditionContent e;
  e.info.key = "ismap-test";
  e.info.scheme = "ismap";
  e.info.version = "1";
  e.info.title_ja = "テスト版";
  e.info.title_en = "Test edition";
  e.controls = {
      Item("5", std::nullopt, true, L::kChapter, R::kNone, "情報セキュリティのための方針群", "Policies"),
      Item("5.1", "5", true, L::kCategory, R::kNone, "経営陣の方向付け", "Management direction"),
      Item("5.1.1", "5.1", false, L::kObjective, R::kUnlessExcluded, "方針群", "Policies for security"),
      Item("5.1.1.1", "5.1.1", false, L::kDetailed, R::kSelectable, "方針の策定", "Policy set"),
      Item("5.1.1.2", "5.1.1", false, L::kDetailed, R::kMandatory, "方針の承認", "Policy approval"),
      Item("6", std::nullopt, true, L::kChapter, R::kNone, "組織", "Organization"),
      Item("6.1", "6", true, L::kCategory, R::kNone, "内部組織", "Internal organization"),
      Item("6.1.1", "6.1", false, L::kObjective, R::kUnlessExcluded, "役割及び責任", "Roles"),
      Item("6.1.1.1", "6.1.1", false, L::kDetailed, R::kSelectable, "旧管理策", "Withdrawn one"),
  };
  e.controls.back().withdrawn = true;
  return e;
}

std::vector<domain::StatementEntry> SmallEntries() {
  return {
      {"5.1.1", true, "", "情報セキュリティ基本方針を定め、全従業員に周知している。"},
      {"5.1.1.1", false, "当サービスでは, 該当する業務がない。\n\"引用\"を含む理由", ""},
      {"5.1.1.2", true, "", "取締役会が年1回承認する。"},
      {"6.1.1", true, "", " 先頭と末尾に空白 "},
  };
}

std::vector<std::string> Describe(const std::vector<domain::StatementEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) {
    out.push_back(e.control_id + "|" + (e.adopted ? "1" : "0") + "|" + e.reason + "|" + e.implementation);
  }
  return out;
}

std::vector<std::string> Describe(const std::vector<domain::ControlResult>& results) {
  std::vector<std::string> out;
  for (const auto& r : results) {
    out.push_back(r.control_id + "|" + std::string(domain::ToString(r.result)) + "|d=" + (r.design ? "1" : "0") +
                  "|o=" + (r.operating ? "1" : "0") + "|" + r.procedure + "|" + r.description);
  }
  return out;
}

void ExpectValidOscal(const std::string& text) {
  auto findings = oscal::ValidateOscalText(text);
  ASSERT_THAT(findings, IsOk());
  for (const auto& f : *findings) {
    ADD_FAILURE() << f.pointer << " [" << f.rule << "] " << f.message;
  }
}

// ---- CSV and XLSX ----

TEST(StatementFilesTest, CsvExportHasOneRowPerItemWithGroupsAndABom) {
  const auto csv = ExportStatementCsv(SmallEdition(), SmallEntries());
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
  auto table = tabular::ReadCsv(csv);
  ASSERT_THAT(table, IsOk());
  ASSERT_EQ(table->rows.size(), 10u);
  EXPECT_EQ(table->rows[0], (std::vector<std::string>{"control_id", "level", "title_ja", "title_en", "mandatory",
                                                      "adopted", "reason", "implementation"}));
  EXPECT_EQ(table->rows[1][0], "5");
  EXPECT_EQ(table->rows[1][1], "chapter");
  EXPECT_EQ(table->rows[1][5], "");  // a group: no decision
  EXPECT_EQ(table->rows[3][4], "unless_excluded");
  EXPECT_EQ(table->rows[4][5], "0");
  EXPECT_EQ(table->rows[5][4], "mandatory");
  EXPECT_EQ(table->rows[5][5], "1");
  EXPECT_EQ(table->rows[9][4], "withdrawn");
  EXPECT_EQ(table->rows[9][5], "");  // no entry: undecided
}

TEST(StatementFilesTest, CsvRoundTripsToTheSameEntriesAndBytes) {
  const auto edition = SmallEdition();
  const auto csv = ExportStatementCsv(edition, SmallEntries());
  auto entries = ImportStatementCsv(edition, csv, "statement.csv");
  ASSERT_THAT(entries, IsOk());
  EXPECT_EQ(Describe(*entries), Describe(SmallEntries()));
  EXPECT_EQ(ExportStatementCsv(edition, *entries), csv);
}

TEST(StatementFilesTest, XlsxRoundTripsToTheSameEntries) {
  const auto edition = SmallEdition();
  auto xlsx = ExportStatementXlsx(edition, SmallEntries());
  ASSERT_THAT(xlsx, IsOk());
  auto sheets = tabular::ReadXlsx(*xlsx);
  ASSERT_THAT(sheets, IsOk());
  ASSERT_EQ(sheets->size(), 1u);
  EXPECT_EQ((*sheets)[0].name, "statement");
  auto entries = ImportStatementXlsx(edition, *xlsx, "statement.xlsx");
  ASSERT_THAT(entries, IsOk());
  EXPECT_EQ(Describe(*entries), Describe(SmallEntries()));
}

TEST(StatementFilesTest, SkeletonRoundTripsThroughCsvAndXlsx) {
  auto skeleton =
      ImportSkeleton(ReadText(kData + "/ismap/control-criteria-skeleton.json"), "skeleton", "ismap-skeleton");
  ASSERT_THAT(skeleton, IsOk());
  const auto& edition = skeleton->edition;
  std::vector<domain::StatementEntry> entries;
  int n = 0;
  for (const auto& c : edition.controls) {
    if (c.is_group) {
      continue;
    }
    const bool adopted = ++n % 3 != 0;
    entries.push_back({c.id, adopted, adopted ? "" : "対象業務なし", adopted ? c.id + " の実装、\"引用\"" : ""});
  }
  ASSERT_GT(entries.size(), 100u);
  auto from_csv = ImportStatementCsv(edition, ExportStatementCsv(edition, entries), "s.csv");
  ASSERT_THAT(from_csv, IsOk());
  EXPECT_EQ(Describe(*from_csv), Describe(entries));
  auto xlsx = ExportStatementXlsx(edition, entries);
  ASSERT_THAT(xlsx, IsOk());
  auto from_xlsx = ImportStatementXlsx(edition, *xlsx, "s.xlsx");
  ASSERT_THAT(from_xlsx, IsOk());
  EXPECT_EQ(Describe(*from_xlsx), Describe(entries));
}

TEST(StatementFilesTest, AcceptsTheDocumentedAdoptedValuesAndOnlyTheRequiredColumns) {
  const std::string csv =
      "adopted,control_id\n"
      "採用,5.1.1\n"
      "不採用,5.1.1.1\n"
      "TRUE,5.1.1.2\n"
      " no ,6.1.1\n"
      ",5\n"
      ",6.1.1.1\n";
  auto entries = ImportStatementCsv(SmallEdition(), csv, "a.csv");
  ASSERT_THAT(entries, IsOk());
  EXPECT_EQ(Describe(*entries), (std::vector<std::string>{"5.1.1|1||", "5.1.1.1|0||", "5.1.1.2|1||", "6.1.1|0||"}));
  for (const char* yes : {"1", "yes", "Yes", "true", "○"}) {
    auto one = ImportStatementCsv(SmallEdition(), std::string("control_id,adopted\n5.1.1,") + yes + "\n", "y.csv");
    ASSERT_THAT(one, IsOk()) << yes;
    EXPECT_TRUE((*one)[0].adopted) << yes;
  }
  for (const char* no : {"0", "NO", "false", "×"}) {
    auto one = ImportStatementCsv(SmallEdition(), std::string("control_id,adopted\n5.1.1,") + no + "\n", "n.csv");
    ASSERT_THAT(one, IsOk()) << no;
    EXPECT_FALSE((*one)[0].adopted) << no;
  }
}

TEST(StatementFilesTest, RefusesUnknownMissingAndDuplicateColumnsNamingThem) {
  const auto e = SmallEdition();
  auto unknown = ImportStatementCsv(e, "control_id,adopted,comment\n5.1.1,1,x\n", "s.csv");
  EXPECT_THAT(unknown, HasErrorReason(kInvalid, "statement_file.unknown_column"));
  EXPECT_THAT(unknown.error().message, HasSubstr("\"comment\""));
  EXPECT_THAT(unknown.error().message, HasSubstr("s.csv: row 1, column C"));
  auto missing = ImportStatementCsv(e, "control_id,reason\n5.1.1,x\n", "s.csv");
  EXPECT_THAT(missing, HasErrorReason(kInvalid, "statement_file.missing_column"));
  EXPECT_THAT(missing.error().message, HasSubstr("\"adopted\""));
  auto twice = ImportStatementCsv(e, "control_id,adopted,adopted\n5.1.1,1,1\n", "s.csv");
  EXPECT_THAT(twice, HasErrorReason(kInvalid, "statement_file.duplicate_column"));
  EXPECT_THAT(twice.error().message, HasSubstr("column C"));
}

TEST(StatementFilesTest, RefusesShiftJisAskingForUtf8Csv) {
  // "control_id,adopted\r\n5.1.1,採用\r\n5.1.1.1,不採用\r\n" as Japanese Excel saves it (CP932).
  const std::string sjis = "control_id,adopted\r\n5.1.1,\x8d\xcc\x97\x70\r\n5.1.1.1,\x95\x73\x8d\xcc\x97\x70\r\n";
  auto result = ImportStatementCsv(SmallEdition(), sjis, "excel.csv");
  EXPECT_THAT(result, HasErrorReason(kInvalid, "statement_file.shift_jis"));
  EXPECT_THAT(result.error().message, HasSubstr("excel.csv"));
  EXPECT_THAT(result.error().message, HasSubstr("save as UTF-8 CSV"));
  EXPECT_THAT(result.error().message, HasSubstr("UTF-8 の CSV"));
}

TEST(StatementFilesTest, RefusesBadRowsNamingTheRowAndColumn) {
  const auto e = SmallEdition();
  auto unknown = ImportStatementCsv(e, "control_id,adopted\n5.1.1,1\n9.9.9,1\n", "s.csv");
  EXPECT_THAT(unknown, HasErrorReason(kInvalid, "statement_file.unknown_control"));
  EXPECT_THAT(unknown.error().message, HasSubstr("s.csv: row 3, column A (control_id)"));
  EXPECT_THAT(unknown.error().message, HasSubstr("9.9.9"));

  auto duplicate = ImportStatementCsv(e, "control_id,adopted\n5.1.1,1\n5.1.1.1,0\n5.1.1,0\n", "s.csv");
  EXPECT_THAT(duplicate, HasErrorReason(kInvalid, "statement_file.duplicate_row"));
  EXPECT_THAT(duplicate.error().message, HasSubstr("row 4"));
  EXPECT_THAT(duplicate.error().message, HasSubstr("row 2 already"));

  auto bad = ImportStatementCsv(e, "control_id,reason,adopted\n5.1.1,,maybe\n", "s.csv");
  EXPECT_THAT(bad, HasErrorReason(kInvalid, "statement_file.bad_adopted"));
  EXPECT_THAT(bad.error().message, HasSubstr("row 2, column C (adopted)"));
  EXPECT_THAT(bad.error().message, HasSubstr("\"maybe\""));

  auto text_undecided = ImportStatementCsv(e, "control_id,adopted,reason\n5.1.1.1,,理由だけ\n", "s.csv");
  EXPECT_THAT(text_undecided, HasErrorReason(kInvalid, "statement_file.bad_adopted"));

  auto group = ImportStatementCsv(e, "control_id,adopted\n5.1,1\n", "s.csv");
  EXPECT_THAT(group, HasErrorReason(kInvalid, "statement_file.group_row"));
  EXPECT_THAT(group.error().message, HasSubstr("row 2, column B"));
}

TEST(StatementFilesTest, RefusesEmptyFilesWrongDelimitersAndGarbage) {
  const auto e = SmallEdition();
  EXPECT_THAT(ImportStatementCsv(e, "", "s.csv"), HasErrorReason(kInvalid, "statement_file.empty"));
  EXPECT_THAT(ImportStatementCsv(e, "\xEF\xBB\xBF", "s.csv"), HasErrorReason(kInvalid, "statement_file.empty"));
  EXPECT_THAT(ImportStatementCsv(e, "control_id;adopted\n5.1.1;1\n", "s.csv"),
              HasErrorReason(kInvalid, "statement_file.wrong_delimiter"));
  EXPECT_THAT(ImportStatementCsv(e, "control_id\tadopted\n5.1.1\t1\n", "s.csv"),
              HasErrorReason(kInvalid, "statement_file.wrong_delimiter"));
  auto workbook = ExportStatementXlsx(e, SmallEntries());
  ASSERT_THAT(workbook, IsOk());
  EXPECT_THAT(ImportStatementCsv(e, *workbook, "s.csv"), HasErrorReason(kInvalid, "statement_file.not_text"));
  EXPECT_THAT(ImportStatementCsv(e,
                                 std::string("\xFF\xFE"
                                             "c\0o\0n\0",
                                             8),
                                 "s.csv"),
              HasErrorReason(kInvalid, "statement_file.not_text"));
  EXPECT_THAT(ImportStatementCsv(e, std::string("\x01\x02garbage\xff\xfe\xfd", 12), "s.csv"),
              HasErrorReason(kInvalid, "statement_file.bad_csv"));
  EXPECT_THAT(ImportStatementCsv(e, "control_id,adopted\n\"5.1.1,1\n", "s.csv"),
              HasErrorReason(kInvalid, "statement_file.bad_csv"));
  EXPECT_THAT(ImportStatementXlsx(e, "not a workbook", "s.xlsx"), HasErrorReason(kInvalid, "statement_file.bad_xlsx"));
}

TEST(StatementFilesTest, XlsxErrorsNameTheSheetAndExcelRow) {
  tabular::Table sheet{"statement", {{"control_id", "adopted"}, {"5.1.1", "1"}, {"5.1.1", "0"}}};
  auto xlsx = tabular::WriteXlsx({sheet});
  ASSERT_THAT(xlsx, IsOk());
  auto result = ImportStatementXlsx(SmallEdition(), *xlsx, "s.xlsx");
  EXPECT_THAT(result, HasErrorReason(kInvalid, "statement_file.duplicate_row"));
  EXPECT_THAT(result.error().message, HasSubstr("s.xlsx (sheet \"statement\"): row 3, column A"));
}

// ---- SSP ----

domain::Statement SmallStatement() {
  domain::Statement s;
  s.revision = 2;
  s.scope = "テストクラウドの IaaS 部分\n東京・大阪リージョン";
  s.system_overview = "仮想サーバとストレージを提供する。";
  s.representative = "代表取締役 山田太郎";
  s.entries = SmallEntries();
  return s;
}

SspExportOptions SspOptions() {
  SspExportOptions o;
  o.service_name = "テストクラウド";
  o.service_id = "42";
  o.provider_name = "テスト株式会社";
  o.last_modified = std::chrono::sys_days{std::chrono::year{2026} / 11 / 25};
  return o;
}

std::set<std::string> Adopted(const std::vector<domain::StatementEntry>& entries) {
  std::set<std::string> out;
  for (const auto& e : entries) {
    if (e.adopted) {
      out.insert(e.control_id + "|" + e.implementation);
    }
  }
  return out;
}

TEST(StatementFilesTest, SspExportValidatesAndReimportsTheAdoptedControls) {
  const auto edition = SmallEdition();
  auto ssp = ExportStatementSsp(edition, SmallStatement(), SspOptions());
  ASSERT_THAT(ssp, IsOk());
  ExpectValidOscal(*ssp);
  const auto json = nlohmann::json::parse(*ssp);
  const auto& plan = json["system-security-plan"];
  EXPECT_EQ(plan["metadata"]["oscal-version"], "1.1.3");
  EXPECT_THAT(plan["metadata"]["title"].get<std::string>(), HasSubstr("テストクラウド"));
  EXPECT_EQ(plan["import-profile"]["href"], "ismap-test");
  EXPECT_EQ(plan["system-characteristics"]["system-name"], "テストクラウド");
  EXPECT_EQ(plan["system-characteristics"]["system-ids"][0]["id"], "42");
  EXPECT_EQ(plan["system-implementation"]["components"][0]["type"], "this-system");
  const auto& requirements = plan["control-implementation"]["implemented-requirements"];
  ASSERT_EQ(requirements.size(), 3u);
  EXPECT_EQ(requirements[0]["control-id"], "ismap-5.1.1");
  EXPECT_EQ(requirements[1]["control-id"], "ismap-5.1.1.2");
  EXPECT_EQ(requirements[1]["by-components"][0]["description"], "取締役会が年1回承認する。");

  auto entries = ImportStatementSsp(edition, *ssp, "ssp.json");
  ASSERT_THAT(entries, IsOk());
  EXPECT_EQ(Adopted(*entries), Adopted(SmallEntries()));
  // Controls the SSP does not implement come back not adopted, without a reason; the withdrawn
  // one not at all.
  EXPECT_EQ(Describe(*entries),
            (std::vector<std::string>{"5.1.1|1||" + SmallEntries()[0].implementation, "5.1.1.1|0||",
                                      "5.1.1.2|1||取締役会が年1回承認する。", "6.1.1|1|| 先頭と末尾に空白 "}));
}

TEST(StatementFilesTest, SkeletonSspExportValidatesAndRoundTrips) {
  auto skeleton =
      ImportSkeleton(ReadText(kData + "/ismap/control-criteria-skeleton.json"), "skeleton", "ismap-skeleton");
  ASSERT_THAT(skeleton, IsOk());
  const auto& edition = skeleton->edition;
  domain::Statement statement = SmallStatement();
  statement.entries.clear();
  int n = 0;
  for (const auto& c : edition.controls) {
    if (!c.is_group) {
      const bool adopted = ++n % 4 != 0;
      statement.entries.push_back({c.id, adopted, adopted ? "" : "理由", adopted ? c.title_ja + "を実施。\n詳細" : ""});
    }
  }
  auto ssp = ExportStatementSsp(edition, statement, SspOptions());
  ASSERT_THAT(ssp, IsOk());
  ExpectValidOscal(*ssp);
  auto entries = ImportStatementSsp(edition, *ssp, "ssp.json");
  ASSERT_THAT(entries, IsOk());
  EXPECT_EQ(Adopted(*entries), Adopted(statement.entries));
  EXPECT_EQ(entries->size(), statement.entries.size());
}

TEST(StatementFilesTest, SspExportAcceptsAnAdoptedControlWithoutText) {
  domain::Statement statement = SmallStatement();
  statement.entries = {{"5.1.1.2", true, "", ""}};
  statement.scope.clear();
  statement.system_overview.clear();
  SspExportOptions options = SspOptions();
  options.service_name = "  ";
  options.service_id.clear();
  auto ssp = ExportStatementSsp(SmallEdition(), statement, options);
  ASSERT_THAT(ssp, IsOk());
  ExpectValidOscal(*ssp);
  auto entries = ImportStatementSsp(SmallEdition(), *ssp, "ssp.json");
  ASSERT_THAT(entries, IsOk());
  EXPECT_EQ(Adopted(*entries), (std::set<std::string>{"5.1.1.2|"}));
}

TEST(StatementFilesTest, SspExportNeedsAnAdoptedControl) {
  domain::Statement statement = SmallStatement();
  for (auto& e : statement.entries) {
    e.adopted = false;
  }
  EXPECT_THAT(ExportStatementSsp(SmallEdition(), statement, SspOptions()),
              HasErrorReason(kInvalid, "statement_file.nothing_adopted"));
}

TEST(StatementFilesTest, SspImportRefusesInvalidDocumentsWithTheirFindings) {
  const auto edition = SmallEdition();
  auto not_json = ImportStatementSsp(edition, "{not json", "ssp.json");
  EXPECT_THAT(not_json, HasErrorReason(kInvalid, "statement_file.invalid_oscal"));
  auto ssp = ExportStatementSsp(edition, SmallStatement(), SspOptions());
  ASSERT_THAT(ssp, IsOk());
  auto json = nlohmann::json::parse(*ssp);
  json["system-security-plan"].erase("system-characteristics");
  auto invalid = ImportStatementSsp(edition, json.dump(), "ssp.json");
  EXPECT_THAT(invalid, HasErrorReason(kInvalid, "statement_file.invalid_oscal"));
  EXPECT_THAT(invalid.error().message, HasSubstr("system-characteristics"));
  EXPECT_THAT(invalid.error().message, HasSubstr("ssp.json"));

  auto catalog = ImportStatementSsp(edition, ReadText(kData + "/oscal/examples/nist/basic-catalog.json"), "c.json");
  EXPECT_THAT(catalog, HasErrorReason(kInvalid, "statement_file.wrong_model"));
}

TEST(StatementFilesTest, SspImportRefusesUnknownAndDuplicateControlIdsWithTheirPointer) {
  const auto edition = SmallEdition();
  auto ssp = ExportStatementSsp(edition, SmallStatement(), SspOptions());
  ASSERT_THAT(ssp, IsOk());
  auto json = nlohmann::json::parse(*ssp);
  auto& requirements = json["system-security-plan"]["control-implementation"]["implemented-requirements"];
  auto unknown = json;
  unknown["system-security-plan"]["control-implementation"]["implemented-requirements"][1]["control-id"] =
      "ismap-9.9.9";
  auto result = ImportStatementSsp(edition, unknown.dump(), "ssp.json");
  EXPECT_THAT(result, HasErrorReason(kInvalid, "statement_file.unknown_control_id"));
  EXPECT_THAT(result.error().message,
              HasSubstr("/system-security-plan/control-implementation/implemented-requirements/1/control-id"));
  EXPECT_THAT(result.error().message, HasSubstr("ismap-9.9.9"));

  auto group = json;
  group["system-security-plan"]["control-implementation"]["implemented-requirements"][0]["control-id"] = "ismap-5.1";
  EXPECT_THAT(ImportStatementSsp(edition, group.dump(), "ssp.json"),
              HasErrorReason(kInvalid, "statement_file.unknown_control_id"));

  auto twice = requirements[0];
  twice["uuid"] = "5c2a3f7e-1d4b-4c8e-9a6f-0b1c2d3e4f50";
  twice["by-components"][0]["uuid"] = "6d3b4a8f-2e5c-4d9f-8b7a-1c2d3e4f5061";
  requirements.push_back(twice);
  auto duplicate = ImportStatementSsp(edition, json.dump(), "ssp.json");
  EXPECT_THAT(duplicate, HasErrorReason(kInvalid, "statement_file.duplicate_control"));
  EXPECT_THAT(duplicate.error().message, HasSubstr("implemented-requirements/3/control-id"));
}

TEST(StatementFilesTest, SspImportReadsStatementsByComponents) {
  const auto edition = SmallEdition();
  auto ssp = ExportStatementSsp(edition, SmallStatement(), SspOptions());
  ASSERT_THAT(ssp, IsOk());
  auto json = nlohmann::json::parse(*ssp);
  auto& requirement = json["system-security-plan"]["control-implementation"]["implemented-requirements"][0];
  const std::string component = requirement["by-components"][0]["component-uuid"];
  requirement["statements"] = nlohmann::json::array({{
      {"statement-id", "ismap-5.1.1_smt"},
      {"uuid", "7e4c5b9a-3f6d-4e0a-9c8b-2d3e4f506172"},
      {"by-components", nlohmann::json::array({{{"component-uuid", component},
                                                {"uuid", "8f5d6c0b-4a7e-4f1b-8d9c-3e4f50617283"},
                                                {"description", "追記"}}})},
  }});
  auto entries = ImportStatementSsp(edition, json.dump(), "ssp.json");
  ASSERT_THAT(entries, IsOk());
  EXPECT_EQ((*entries)[0].implementation, SmallEntries()[0].implementation + "\n\n追記");
}

// ---- assessment-results ----

const char kAssessmentResults[] = R"({
  "assessment-results": {
    "uuid": "0f3a9a52-7c1e-4e2b-9f0e-5a6b7c8d9e01",
    "metadata": {"title": "監査結果", "last-modified": "2026-11-25T00:00:00Z", "version": "1", "oscal-version": "1.1.3"},
    "import-ap": {"href": "plan.json"},
    "results": [{
      "uuid": "1a4b0b63-8d2f-4f3c-8a1f-6b7c8d9e0f12",
      "title": "2026 audit",
      "description": "Annual audit.",
      "start": "2026-10-01T00:00:00Z",
      "reviewed-controls": {"control-selections": [{"include-controls": [
        {"control-id": "ismap-5.1.1"}, {"control-id": "ismap-5.1.1.2"}, {"control-id": "ismap-6.1.1"}]}]},
      "observations": [
        {"uuid": "2b5c1c74-9e3a-4a4d-9b2a-7c8d9e0f1a23", "description": "規程を閲覧した。", "methods": ["EXAMINE"],
         "collected": "2026-10-02T00:00:00Z"},
        {"uuid": "3c6d2d85-af4b-4b5e-8c3b-8d9e0f1a2b34", "description": "承認記録をサンプル検査した。",
         "methods": ["TEST", "INTERVIEW"], "collected": "2026-10-03T00:00:00Z"}
      ],
      "findings": [
        {"uuid": "4d7e3e96-b05c-4c6f-9d4c-9e0f1a2b3c45", "title": "5.1.1", "description": "問題なし。",
         "target": {"type": "objective-id", "target-id": "ismap-5.1.1_obj", "status": {"state": "satisfied"}},
         "related-observations": [{"observation-uuid": "2b5c1c74-9e3a-4a4d-9b2a-7c8d9e0f1a23"}]},
        {"uuid": "5e8f4fa7-c16d-4d70-8e5d-af1a2b3c4d56", "title": "5.1.1.2", "description": "承認記録が1件欠落していた。",
         "props": [{"name": "evaluation", "ns": "https://www.ismap.go.jp/ns/oscal", "value": "operating"}],
         "target": {"type": "objective-id", "target-id": "ismap-5.1.1.2", "status": {"state": "not-satisfied"}},
         "related-observations": [{"observation-uuid": "3c6d2d85-af4b-4b5e-8c3b-8d9e0f1a2b34"},
                                  {"observation-uuid": "2b5c1c74-9e3a-4a4d-9b2a-7c8d9e0f1a23"}]}
      ]
    }]
  }
})";

TEST(StatementFilesTest, AssessmentResultsImportMapsFindingsToResults) {
  ExpectValidOscal(kAssessmentResults);
  auto results = ImportAssessmentResults(SmallEdition(), kAssessmentResults, "ar.json");
  ASSERT_THAT(results, IsOk());
  EXPECT_EQ(Describe(*results), (std::vector<std::string>{
                                    "5.1.1|no_exception|d=1|o=1|EXAMINE: 規程を閲覧した。|",
                                    "5.1.1.2|exception|d=0|o=1|TEST, INTERVIEW: 承認記録をサンプル検査した。\nEXAMINE: "
                                    "規程を閲覧した。|承認記録が1件欠落していた。",
                                    "6.1.1|not_performed|d=0|o=0||",
                                }));
}

TEST(StatementFilesTest, AssessmentResultsImportReadsNistsExample) {
  domain::EditionContent nist;
  nist.info.key = "nist";
  nist.info.scheme = "nist-sp800-53";
  nist.controls = {Item("ac", std::nullopt, true, domain::ControlLevel::kChapter, domain::MandatoryRule::kNone, "",
                        "Access Control"),
                   Item("ac-6", "ac", false, domain::ControlLevel::kObjective, domain::MandatoryRule::kSelectable, "",
                        "Least Privilege"),
                   Item("ac-6.1", "ac-6", false, domain::ControlLevel::kDetailed, domain::MandatoryRule::kSelectable,
                        "", "Authorize Access")};
  auto results = ImportAssessmentResults(
      nist, ReadText(kData + "/oscal/examples/nist/ifa_assessment-results-example.json"), "ifa");
  ASSERT_THAT(results, IsOk());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_EQ((*results)[0].control_id, "ac-6.1");
  EXPECT_EQ((*results)[0].result, domain::AuditResult::kException);
  EXPECT_THAT((*results)[0].description, HasSubstr("system engineer's role is permitted"));
  EXPECT_THAT((*results)[0].procedure, HasSubstr("TEST: Test AwesomeCloud IAM Roles"));
}

TEST(StatementFilesTest, AssessmentResultsImportRefusesUnknownControlsWithThePointer) {
  auto json = nlohmann::json::parse(kAssessmentResults);
  auto reviewed = json;
  reviewed["assessment-results"]["results"][0]["reviewed-controls"]["control-selections"][0]["include-controls"][2]
          ["control-id"] = "ismap-7.7.7";
  auto result = ImportAssessmentResults(SmallEdition(), reviewed.dump(), "ar.json");
  EXPECT_THAT(result, HasErrorReason(kInvalid, "statement_file.unknown_control_id"));
  EXPECT_THAT(result.error().message,
              HasSubstr("/assessment-results/results/0/reviewed-controls/control-selections/0/include-controls/2/"
                        "control-id"));
  auto target = json;
  target["assessment-results"]["results"][0]["findings"][1]["target"]["target-id"] = "ac-2";
  result = ImportAssessmentResults(SmallEdition(), target.dump(), "ar.json");
  EXPECT_THAT(result, HasErrorReason(kInvalid, "statement_file.unknown_control_id"));
  EXPECT_THAT(result.error().message, HasSubstr("/assessment-results/results/0/findings/1/target/target-id"));

  auto invalid = json;
  invalid["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] = "fine";
  EXPECT_THAT(ImportAssessmentResults(SmallEdition(), invalid.dump(), "ar.json"),
              HasErrorReason(kInvalid, "statement_file.invalid_oscal"));
  auto ssp = ExportStatementSsp(SmallEdition(), SmallStatement(), SspOptions());
  ASSERT_THAT(ssp, IsOk());
  EXPECT_THAT(ImportAssessmentResults(SmallEdition(), *ssp, "ssp.json"),
              HasErrorReason(kInvalid, "statement_file.wrong_model"));
}

TEST(StatementFilesTest, AssessmentResultsExportValidatesAndRoundTrips) {
  using R = domain::AuditResult;
  const std::vector<domain::ControlResult> results = {
      {"5.1.1", "規程を閲覧した。\n責任者に質問した。", true, true, R::kNoException, ""},
      {"5.1.1.2", "承認記録をサンプル検査した。", false, true, R::kException, "承認記録が1件欠落していた。"},
      {"6.1.1", "予定していた手続", false, false, R::kNotPerformed, ""},
      {"5.1.1.1", "設計のみ評価", true, false, R::kNoException, ""},
  };
  AssessmentExportOptions options;
  options.start = std::chrono::sys_days{std::chrono::year{2026} / 10 / 1};
  auto text = ExportAssessmentResults(SmallEdition(), results, options);
  ASSERT_THAT(text, IsOk());
  ExpectValidOscal(*text);
  auto back = ImportAssessmentResults(SmallEdition(), *text, "ar.json");
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(Describe(*back), Describe(results));
  EXPECT_THAT(ExportAssessmentResults(SmallEdition(), {}, options),
              HasErrorReason(kInvalid, "statement_file.no_results"));
}

}  // namespace
}  // namespace ismap::app
