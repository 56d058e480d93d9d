// The control criteria use cases on a real database: importing the shipped skeleton, spreadsheets
// and OSCAL documents, who may import, the errors an operator sees for a bad file, mappings,
// search, the diff between editions and the demo catalogs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/criteria.hpp"
#include "app/criteria_demo.hpp"
#include "app/criteria_files.hpp"
#include "app/organizations.hpp"
#include "app/system.hpp"
#include "app/users.hpp"
#include "tabular/xlsx.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using testing::HasError;
using testing::HasErrorReason;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::IsOk;
using ::testing::SizeIs;

const std::string kData = ISMAP_SHARED_DATA_DIR;
const std::string kSkeleton = kData + "/ismap/control-criteria-skeleton.json";
const std::string kNist = kData + "/oscal/nist-sp800-53-rev5/";
const std::string kNistCatalog = kNist + "NIST_SP-800-53_rev5.0.1_catalog.json";
const std::string kNistKey = "nist-sp800-53-rev5.0.1";

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{12};
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Every field of a control on one line, so that a failed comparison shows what differs.
std::string Describe(const domain::Control& c, bool with_source = true) {
  return c.id + " parent=" + c.parent_id.value_or("-") + " group=" + (c.is_group ? "1" : "0") +
         " tier=" + std::string(domain::ToString(c.tier)) + " level=" + std::string(domain::ToString(c.level)) +
         " rule=" + std::string(domain::ToString(c.rule)) + " suffix=" + c.suffix + " title_ja=" + c.title_ja +
         " title_en=" + c.title_en + " text_ja=" + c.text_ja + " text_en=" + c.text_en +
         " withdrawn=" + (c.withdrawn ? "1" : "0") + (with_source ? " source=" + c.source_json : "");
}

std::vector<std::string> Describe(const std::vector<domain::Control>& controls, bool with_source = true) {
  std::vector<std::string> out;
  for (const auto& c : controls) {
    out.push_back(Describe(c, with_source));
  }
  return out;
}

std::vector<std::string> Ids(const std::vector<domain::Control>& controls) {
  std::vector<std::string> out;
  for (const auto& c : controls) {
    out.push_back(c.id);
  }
  return out;
}

std::set<std::string> HitIds(const std::vector<storage::ControlHit>& hits) {
  std::set<std::string> out;
  for (const auto& h : hits) {
    out.insert(h.control.id);
  }
  return out;
}

std::vector<std::string> EntryIds(const domain::BaselineContent& baseline) {
  std::vector<std::string> out;
  for (const auto& e : baseline.entries) {
    out.push_back(e.control_id);
  }
  return out;
}

// The description an operator gives a CSV file on the command line.
domain::EditionInfo CsvInfo(const std::string& key, const std::string& scheme = "ismap") {
  domain::EditionInfo info;
  info.key = key;
  info.scheme = scheme;
  info.version = "test";
  info.title_ja = "試験用の管理基準";
  info.title_en = "Criteria for the tests";
  return info;
}

// What the database holds, to show that a refused import changed nothing.
struct Counts {
  std::int64_t ledger = 0;
  std::size_t editions = 0;
  std::size_t baselines = 0;
  std::int64_t mappings = 0;
  bool operator==(const Counts&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Counts& c) {
  return os << "{ledger " << c.ledger << ", editions " << c.editions << ", baselines " << c.baselines << ", mappings "
            << c.mappings << "}";
}

Counts CountsOf(storage::Database& db) {
  auto uow = db.Begin(storage::TxMode::kRead);
  EXPECT_THAT(uow, IsOk());
  Counts counts;
  counts.ledger = *(*uow)->Ledger().Count();
  counts.editions = (*uow)->Catalog().ListEditions()->size();
  counts.baselines = (*uow)->Catalog().ListBaselines(std::nullopt)->size();
  counts.mappings = *(*uow)->Catalog().CountMappings();
  return counts;
}

std::vector<domain::LedgerEvent> Events(storage::Database& db) {
  auto uow = db.Begin(storage::TxMode::kRead);
  EXPECT_THAT(uow, IsOk());
  return *(*uow)->Ledger().Scan(0, 100000);
}

class CriteriaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    ASSERT_THAT(InitializeSystem(*db_, clock_), IsOk());
  }

  core::Result<FileImportResult> Import(const std::string& path, FileImportOptions options = {},
                                        const Principal& principal = Principal::Operator()) {
    return ImportCriteriaFile(*db_, clock_, principal, path, options);
  }
  void ImportSkeletonAs(const std::string& key) {
    FileImportOptions options;
    options.info.key = key;
    ASSERT_THAT(Import(kSkeleton, options), IsOk());
  }
  void ImportNistCatalog() {
    FileImportOptions options;
    options.info.key = kNistKey;
    auto imported = Import(kNistCatalog, options);
    ASSERT_THAT(imported, IsOk());
    ASSERT_TRUE(imported->edition);
  }
  // A CSV edition from `text` (written to `name` in the test's directory).
  core::Result<FileImportResult> ImportCsv(const std::string& name, const std::string& text,
                                           const domain::EditionInfo& info) {
    FileImportOptions options;
    options.info = info;
    return Import(Write(name, text), options);
  }
  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = dir_.File(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  domain::EditionContent Read(const std::string& key) {
    auto edition = ReadEdition(*db_, Principal::Public(), key);
    EXPECT_THAT(edition, IsOk());
    return edition ? *edition : domain::EditionContent{};
  }
  domain::BaselineContent ReadBaselineOrEmpty(const std::string& key) {
    auto baseline = ReadBaseline(*db_, Principal::Public(), key);
    EXPECT_THAT(baseline, IsOk());
    return baseline ? *baseline : domain::BaselineContent{};
  }
  std::vector<storage::ControlHit> Search(const std::string& text, std::optional<std::string> key) {
    auto hits = SearchControls(*db_, Principal::Public(), key, text, 500, 0);
    EXPECT_THAT(hits, IsOk());
    return hits ? *hits : std::vector<storage::ControlHit>{};
  }
  // A user in an organisation of `kind` with `role`, as a principal.
  Principal UserWith(domain::OrganizationKind kind, domain::Role role, const std::string& email,
                     std::optional<std::string> corporate_number = std::nullopt) {
    auto org = CreateOrganization(*db_, clock_, Principal::Operator(),
                                  {kind, "組織 " + email, "Org " + email, corporate_number});
    EXPECT_THAT(org, IsOk());
    IdentitySettings settings;
    settings.hashing = {1, 8 * 1024 * 1024};
    auto user = CreateUser(*db_, clock_, settings, Principal::Operator(), {org->id, email, email, {role}},
                           "correct horse battery staple");
    EXPECT_THAT(user, IsOk());
    return Principal::ForUser(user->user, kind);
  }

  testing::TempDir dir_;
  core::ManualClock clock_{Noon()};
  std::shared_ptr<storage::Database> db_;
};

// ---- the skeleton ----

TEST_F(CriteriaTest, SkeletonGivesChaptersCategoriesObjectivesAndTheStandardBaseline) {
  const Counts before = CountsOf(*db_);
  auto imported = Import(kSkeleton);
  ASSERT_THAT(imported, IsOk());
  ASSERT_TRUE(imported->edition);
  const auto& edition = imported->edition->edition;
  EXPECT_EQ(edition.info.key, "ismap-skeleton");
  EXPECT_EQ(edition.info.scheme, "ismap");
  EXPECT_EQ(edition.info.format, domain::SourceFormat::kSkeleton);
  EXPECT_EQ(edition.control_count, 121);

  const auto content = Read("ismap-skeleton");
  ASSERT_THAT(content.controls, SizeIs(14 + 37 + 121));
  std::vector<std::string> chapters;
  std::vector<std::string> objectives;
  int categories = 0;
  for (const auto& c : content.controls) {
    EXPECT_EQ(c.tier, domain::CriteriaTier::kControlMeasure) << c.id;
    switch (c.level) {
      case domain::ControlLevel::kChapter:
        chapters.push_back(c.id);
        EXPECT_TRUE(c.is_group) << c.id;
        EXPECT_FALSE(c.parent_id) << c.id;
        EXPECT_EQ(c.rule, domain::MandatoryRule::kNone) << c.id;
        break;
      case domain::ControlLevel::kCategory:
        ++categories;
        EXPECT_TRUE(c.is_group) << c.id;
        EXPECT_EQ(c.rule, domain::MandatoryRule::kNone) << c.id;
        break;
      case domain::ControlLevel::kObjective:
        objectives.push_back(c.id);
        EXPECT_FALSE(c.is_group) << c.id;
        EXPECT_EQ(c.rule, domain::MandatoryRule::kUnlessExcluded) << c.id;
        EXPECT_FALSE(c.title_ja.empty()) << c.id;
        EXPECT_FALSE(c.title_en.empty()) << c.id;
        break;
      case domain::ControlLevel::kDetailed:
        ADD_FAILURE() << "the skeleton has no detailed controls: " << c.id;
        break;
    }
  }
  EXPECT_THAT(chapters, ElementsAre("5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18"));
  EXPECT_EQ(categories, 37);
  ASSERT_THAT(objectives, SizeIs(121));

  auto page = ReadControl(*db_, Principal::Public(), "ismap-skeleton", "10.1");
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->control.title_ja, "暗号による管理策");
  EXPECT_THAT(Ids(page->ancestors), ElementsAre("10"));
  EXPECT_THAT(Ids(page->children), ElementsAre("10.1.1", "10.1.2"));

  ASSERT_THAT(imported->edition->baselines, SizeIs(1));
  EXPECT_EQ(imported->edition->baselines[0].info.key, "ismap-skeleton-standard");
  EXPECT_EQ(imported->edition->baselines[0].info.kind, domain::BaselineKind::kStandard);
  EXPECT_EQ(imported->edition->baselines[0].entry_count, 121);
  const auto standard = ReadBaselineOrEmpty("ismap-skeleton-standard");
  EXPECT_EQ(EntryIds(standard), objectives);
  for (const auto& entry : standard.entries) {
    EXPECT_TRUE(entry.required) << entry.control_id;
  }

  const Counts after = CountsOf(*db_);
  EXPECT_EQ(after.ledger, before.ledger + 1);
  EXPECT_EQ(after.editions, 1U);
  EXPECT_EQ(after.baselines, 1U);
  const auto events = Events(*db_);
  ASSERT_FALSE(events.empty());
  const auto& event = events.back().entry;
  EXPECT_EQ(event.type, "catalog.edition_imported");
  EXPECT_EQ(event.actor, "operator");
  EXPECT_EQ(event.subject, "catalog/ismap-skeleton");
  const auto payload = nlohmann::json::parse(event.payload_json);
  EXPECT_EQ(payload["controls"], 121);
  EXPECT_EQ(payload["baselines"], nlohmann::json::array({"ismap-skeleton-standard"}));
}

TEST_F(CriteriaTest, ImportingTheSameKeyAgainIsRefusedAndChangesNothing) {
  ImportSkeletonAs("ismap-skeleton");
  const Counts before = CountsOf(*db_);
  EXPECT_THAT(Import(kSkeleton), HasErrorReason(core::ErrorCode::kAlreadyExists, "catalog.duplicate_edition"));
  EXPECT_EQ(CountsOf(*db_), before);
  EXPECT_EQ(Read("ismap-skeleton").controls.size(), 172U);
}

TEST_F(CriteriaTest, AnEditionWhoseBaselineCannotBeStoredLeavesNoTrace) {
  ImportSkeletonAs("ismap-skeleton");
  // A baseline that takes the key the next edition's standard baseline would get.
  domain::BaselineContent squatter;
  squatter.info = {"next-standard", "ismap-skeleton", domain::BaselineKind::kAgency, "先取り", "Squatter", {}, ""};
  squatter.entries = {{"5.1.1", true}};
  ASSERT_THAT(ImportBaseline(*db_, clock_, Principal::Operator(), squatter), IsOk());
  const Counts before = CountsOf(*db_);

  FileImportOptions options;
  options.info.key = "next";
  EXPECT_THAT(Import(kSkeleton, options),
              HasErrorReason(core::ErrorCode::kAlreadyExists, "catalog.duplicate_baseline"));
  EXPECT_EQ(CountsOf(*db_), before);
  EXPECT_THAT(GetEdition(*db_, Principal::Public(), "next"), HasError(core::ErrorCode::kNotFound));
}

// ---- who may import ----

TEST_F(CriteriaTest, OnlyTheSecretariatAndAdministratorsImportAndEveryoneReads) {
  ImportSkeletonAs("ismap-skeleton");
  const Principal provider =
      UserWith(domain::OrganizationKind::kCsp, domain::Role::kCspAdmin, "csp@example.jp", "1010001000006");
  const Principal secretariat =
      UserWith(domain::OrganizationKind::kSecretariat, domain::Role::kSecretariat, "office@example.go.jp");
  const Counts before = CountsOf(*db_);

  CriteriaImport csv;
  csv.edition.info = CsvInfo("refused");
  csv.edition.controls.push_back({});
  csv.edition.controls.back().id = "5";
  csv.edition.controls.back().title_ja = "方針";
  domain::BaselineContent baseline;
  baseline.info = {"agency-extra", "ismap-skeleton", domain::BaselineKind::kAgency, "追加", "Extra", {}, ""};
  baseline.entries = {{"5.1.1", true}};
  const std::vector<domain::ControlMapping> mappings = {
      {{"ismap-skeleton", "10.1.1"}, {"iso-27001-2022", "A.8.24"}, domain::MappingRelationship::kIntersects, "test"}};
  FileImportOptions options;
  options.info.key = "another";

  for (const auto& [principal, code] : {std::pair{Principal::Public(), core::ErrorCode::kUnauthenticated},
                                        std::pair{provider, core::ErrorCode::kPermissionDenied}}) {
    SCOPED_TRACE(principal.ActorName());
    EXPECT_THAT(Import(kSkeleton, options, principal), HasError(code));
    // Refused before the file is read: an outsider learns nothing about the server's files.
    EXPECT_THAT(Import(dir_.File("absent.csv"), options, principal), HasError(code));
    EXPECT_THAT(ImportEdition(*db_, clock_, principal, csv), HasError(code));
    EXPECT_THAT(ImportBaseline(*db_, clock_, principal, baseline), HasError(code));
    EXPECT_THAT(ImportMappings(*db_, clock_, principal, mappings), HasError(code));
  }
  EXPECT_EQ(CountsOf(*db_), before);

  auto imported = Import(kSkeleton, options, secretariat);
  ASSERT_THAT(imported, IsOk());
  EXPECT_EQ(Events(*db_).back().entry.actor, secretariat.ActorName());
  EXPECT_THAT(ImportBaseline(*db_, clock_, secretariat, baseline), IsOk());
  EXPECT_THAT(ImportMappings(*db_, clock_, secretariat, mappings), IsOk());

  for (const Principal& reader : {Principal::Public(), provider}) {
    SCOPED_TRACE(reader.ActorName());
    EXPECT_THAT(ListEditions(*db_, reader), IsOk());
    EXPECT_THAT(ReadEdition(*db_, reader, "another"), IsOk());
    EXPECT_THAT(ReadControl(*db_, reader, "ismap-skeleton", "10.1.1"), IsOk());
    EXPECT_THAT(SearchControls(*db_, reader, std::nullopt, "暗号", 10, 0), IsOk());
    EXPECT_THAT(DiffEditions(*db_, reader, "ismap-skeleton", "another"), IsOk());
    EXPECT_THAT(ListBaselines(*db_, reader, std::nullopt), IsOk());
    EXPECT_THAT(ReadBaseline(*db_, reader, "agency-extra"), IsOk());
    EXPECT_THAT(ExportEdition(*db_, clock_, reader, "another", ExportFormat::kCsv, "ja"), IsOk());
  }
}

// ---- CSV and XLSX ----

// Japanese headers, an unknown column (備考), a mandatory detailed control and LIU items.
constexpr char kCriteriaCsv[] =
    "項番,表題,英語表題,本文,必須,LIU対象,備考\r\n"
    "5,情報セキュリティのための方針群,Information security policies,,,,\r\n"
    "5.1,情報セキュリティのための経営陣の方向付け,Management direction,,,,章の注記\r\n"
    "5.1.1,情報セキュリティのための方針群,Policies for information security,\"方針群を定め、\n承認する。\",,○,旧版では"
    "5.1.1a\r\n"
    "5.1.1.1,方針の承認,Approval of the policies,経営陣が承認する。,○,○,\"要確認, 2024年\"\r\n"
    "5.1.1.2,方針の周知,Communication of the policies,従業員に周知する。,,,\r\n";

TEST_F(CriteriaTest, CsvWithJapaneseHeadersKeepsUnknownColumnsThroughCsvAndXlsx) {
  auto imported = ImportCsv("criteria.csv", kCriteriaCsv, CsvInfo("ismap-csv"));
  ASSERT_THAT(imported, IsOk());
  ASSERT_TRUE(imported->edition);
  EXPECT_EQ(imported->edition->edition.control_count, 3);
  EXPECT_EQ(imported->edition->edition.info.format, domain::SourceFormat::kCsv);
  const auto original = Read("ismap-csv");
  ASSERT_THAT(Ids(original.controls), ElementsAre("5", "5.1", "5.1.1", "5.1.1.1", "5.1.1.2"));
  const auto& objective = original.controls[2];
  EXPECT_EQ(objective.rule, domain::MandatoryRule::kUnlessExcluded);
  EXPECT_EQ(objective.parent_id, "5.1");
  EXPECT_EQ(objective.text_ja, "方針群を定め、\n承認する。");
  EXPECT_EQ(nlohmann::json::parse(objective.source_json), nlohmann::json({{"備考", "旧版では5.1.1a"}}));
  EXPECT_EQ(original.controls[3].rule, domain::MandatoryRule::kMandatory);
  EXPECT_EQ(original.controls[3].level, domain::ControlLevel::kDetailed);
  EXPECT_EQ(nlohmann::json::parse(original.controls[3].source_json), nlohmann::json({{"備考", "要確認, 2024年"}}));
  EXPECT_EQ(original.controls[4].rule, domain::MandatoryRule::kSelectable);
  EXPECT_EQ(original.controls[4].source_json, "");

  ASSERT_THAT(imported->edition->baselines, SizeIs(2));
  const auto standard = ReadBaselineOrEmpty("ismap-csv-standard");
  EXPECT_THAT(EntryIds(standard), ElementsAre("5.1.1", "5.1.1.1", "5.1.1.2"));
  EXPECT_TRUE(standard.entries[1].required);
  EXPECT_FALSE(standard.entries[2].required);
  const auto liu = ReadBaselineOrEmpty("ismap-csv-liu");
  EXPECT_EQ(liu.info.kind, domain::BaselineKind::kLowImpact);
  EXPECT_THAT(EntryIds(liu), ElementsAre("5.1.1", "5.1.1.1"));

  // CSV out and back in under a new key.
  auto csv = ExportEdition(*db_, clock_, Principal::Public(), "ismap-csv", ExportFormat::kCsv, "ja");
  ASSERT_THAT(csv, IsOk());
  EXPECT_THAT(*csv, HasSubstr("備考"));
  ASSERT_THAT(ImportCsv("exported.csv", *csv, CsvInfo("ismap-csv-again")), IsOk());
  EXPECT_EQ(Describe(Read("ismap-csv-again").controls), Describe(original.controls));
  EXPECT_THAT(EntryIds(ReadBaselineOrEmpty("ismap-csv-again-liu")), ElementsAre("5.1.1", "5.1.1.1"));

  // XLSX: the edition sheet describes it, so only the key is given; mappings travel in their sheet.
  ASSERT_THAT(ImportMappings(*db_, clock_, Principal::Operator(),
                             {{{"ismap-csv", "5.1.1"},
                               {"iso-27002-2013", "5.1.1"},
                               domain::MappingRelationship::kEquivalent,
                               "JIS Q 27002 対応表"}}),
              IsOk());
  auto xlsx = ExportEdition(*db_, clock_, Principal::Public(), "ismap-csv", ExportFormat::kXlsx, "ja");
  ASSERT_THAT(xlsx, IsOk());
  FileImportOptions options;
  options.info.key = "ismap-xlsx";
  auto from_xlsx = Import(Write("exported.xlsx", *xlsx), options);
  ASSERT_THAT(from_xlsx, IsOk());
  EXPECT_EQ(from_xlsx->edition->edition.info.title_ja, "試験用の管理基準");
  EXPECT_EQ(from_xlsx->edition->edition.info.format, domain::SourceFormat::kXlsx);
  EXPECT_EQ(Describe(Read("ismap-xlsx").controls), Describe(original.controls));
  EXPECT_THAT(EntryIds(ReadBaselineOrEmpty("ismap-xlsx-liu")), ElementsAre("5.1.1", "5.1.1.1"));
  auto mappings = ListMappingsFrom(*db_, Principal::Public(), "ismap-xlsx");
  ASSERT_THAT(mappings, IsOk());
  ASSERT_THAT(*mappings, SizeIs(1));
  EXPECT_EQ((*mappings)[0].to.edition_key, "iso-27002-2013");
  EXPECT_EQ((*mappings)[0].source_document, "JIS Q 27002 対応表");
  auto diff = DiffEditions(*db_, Principal::Public(), "ismap-csv", "ismap-xlsx");
  ASSERT_THAT(diff, IsOk());
  EXPECT_THAT(diff->added, IsEmpty());
  EXPECT_THAT(diff->removed, IsEmpty());
  EXPECT_THAT(diff->changed, IsEmpty());
}

struct BadCsv {
  const char* name;
  std::string bytes;
  const char* reason;
  std::vector<std::string> in_message;  // besides the file's path
};

TEST_F(CriteriaTest, BadCsvIsRefusedNamingTheFileAndTheRowOrLine) {
  const std::string header = "項番,表題,英語表題,必須\n";
  const std::vector<BadCsv> cases = {
      {"unknown-flag",
       header + "5,方針,Policies,\n5.1,方向付け,Direction,\n5.1.1,方針群,Policies,\n5.1.1.1,承認,Approval,はい\n",
       "criteria.bad_sheet",
       {"row 5, column mandatory", "\"はい\""}},
      {"not-ismap-id",
       header + "5,方針,Policies,\nA.5.1,方針,Policies,\n",
       "criteria.bad_sheet",
       {"row 3, column id", "\"A.5.1\" is not an ISMAP item number"}},
      {"missing-parent",
       header + "5,方針,Policies,\n5.1.1,方針群,Policies,\n",
       "criteria.bad_sheet",
       {"row 3", "the parent 5.1 of 5.1.1 is not on an earlier row"}},
      {"duplicate-id",
       header + "5,方針,Policies,\n5.1,方向付け,Direction,\n5.1,重複,Duplicate,\n",
       "criteria.bad_sheet",
       {"row 4, column id", "5.1 appears twice (first at row 3)"}},
      {"duplicate-header",
       "項番,表題,表題\n5,方針,方針\n",
       "criteria.bad_sheet",
       {"row 1, column 3", "\"表題\" appears twice"}},
      {"same-column-twice", "id,項番,表題\n5,5,方針\n", "criteria.bad_sheet", {"row 1, column 2", "same column"}},
      {"no-id-column", "表題,英語表題\n方針,Policies\n", "criteria.bad_sheet", {"row 1", "no \"id\" (項番) column"}},
      {"empty-id",
       header + "5,方針,Policies,\n,番号なし,No number,\n",
       "criteria.bad_sheet",
       {"row 3", "the id (項番) is empty"}},
      {"liu-on-a-category",
       "項番,表題,LIU対象\n5,方針,\n5.1,方向付け,○\n5.1.1,方針群,○\n",
       "criteria.bad_sheet",
       {"row 3, column liu", "5.1 is a chapter or category"}},
      {"no-title", header + "5,方針,Policies,\n5.1,,,\n", "criteria.bad_sheet", {"row 3", "no title"}},
      {"shift-jis",
       "\x8d\x80\x94\xd4\x2c\x95\x5c\x91\xe8\x0d\x0a\x35\x2c\x95\xfb\x90\x6a\x0d\x0a",  // 項番,表題 / 5,方針 in CP932
       "tabular.csv_shift_jis",
       {"Shift_JIS", "line 1", "CSV UTF-8"}},
      {"unterminated-quote",
       header + "5,方針,Policies,\n5.1,\"閉じない引用,Direction,\n",
       "tabular.csv_unterminated_quote",
       {"line 3", "never"}},
  };
  ImportSkeletonAs("ismap-skeleton");
  const Counts before = CountsOf(*db_);
  for (const auto& bad : cases) {
    SCOPED_TRACE(bad.name);
    const std::string path = dir_.File(std::string(bad.name) + ".csv");
    auto result = ImportCsv(std::string(bad.name) + ".csv", bad.bytes, CsvInfo(bad.name));
    ASSERT_THAT(result, HasErrorReason(core::ErrorCode::kInvalidArgument, bad.reason));
    EXPECT_THAT(result.error().message, HasSubstr(path));
    for (const auto& part : bad.in_message) {
      EXPECT_THAT(result.error().message, HasSubstr(part));
    }
  }
  EXPECT_EQ(CountsOf(*db_), before);
}

TEST_F(CriteriaTest, SkeletonThroughXlsxIsTheSameEdition) {
  ImportSkeletonAs("ismap-skeleton");
  auto xlsx = ExportEdition(*db_, clock_, Principal::Public(), "ismap-skeleton", ExportFormat::kXlsx, "ja");
  ASSERT_THAT(xlsx, IsOk());
  auto sheets = tabular::ReadXlsx(*xlsx);
  ASSERT_THAT(sheets, IsOk());
  std::vector<std::string> names;
  for (const auto& sheet : *sheets) {
    names.push_back(sheet.name);
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf({"edition", "controls"}));

  FileImportOptions options;
  options.info.key = "ismap-skeleton-xlsx";
  auto imported = Import(Write("skeleton.xlsx", *xlsx), options);
  ASSERT_THAT(imported, IsOk());
  ASSERT_TRUE(imported->edition);
  EXPECT_EQ(imported->edition->edition.control_count, 121);
  EXPECT_EQ(imported->edition->edition.info.scheme, "ismap");
  ASSERT_THAT(imported->edition->baselines, SizeIs(1));
  EXPECT_EQ(imported->edition->baselines[0].entry_count, 121);

  auto diff = DiffEditions(*db_, Principal::Public(), "ismap-skeleton", "ismap-skeleton-xlsx");
  ASSERT_THAT(diff, IsOk());
  EXPECT_THAT(diff->added, IsEmpty());
  EXPECT_THAT(diff->removed, IsEmpty());
  EXPECT_THAT(diff->changed, IsEmpty());
  // Every field the model holds comes back (the skeleton's own JSON members are not spreadsheet columns).
  EXPECT_EQ(Describe(Read("ismap-skeleton-xlsx").controls, false), Describe(Read("ismap-skeleton").controls, false));
}

// A workbook with an edition sheet, a controls sheet and optionally a mappings sheet.
std::string Workbook(const std::vector<std::vector<std::string>>& edition,
                     const std::vector<std::vector<std::string>>& mappings) {
  std::vector<tabular::Table> tables;
  tables.push_back({"edition", edition});
  tables.push_back({"controls",
                    {{"id", "title_ja", "title_en"},
                     {"5", "方針", "Policies"},
                     {"5.1", "方向付け", "Direction"},
                     {"5.1.1", "方針群", "Policies"}}});
  if (!mappings.empty()) {
    tables.push_back({"mappings", mappings});
  }
  auto bytes = tabular::WriteXlsx(tables);
  EXPECT_THAT(bytes, IsOk());
  return bytes ? *bytes : std::string();
}

TEST_F(CriteriaTest, XlsxEditionAndMappingsSheetsAreCheckedByRowAndColumn) {
  const std::vector<std::vector<std::string>> edition = {
      {"field", "value"}, {"key", "workbook"}, {"scheme", "ismap"}, {"title_ja", "ワークブック"}};
  const std::vector<std::string> header = {"from", "to_edition", "to", "relationship", "source"};

  // The good workbook loads with its mapping, so the refusals below are about the one bad cell.
  auto good = Import(Write(
      "good.xlsx", Workbook(edition, {header, {"5.1.1", "iso-27001-2022", "A.5.1", "equivalent", "試験用の対応表"}})));
  ASSERT_THAT(good, IsOk());
  EXPECT_EQ(good->edition->edition.info.key, "workbook");
  EXPECT_EQ(good->edition->mappings_added, 1);
  const Counts before = CountsOf(*db_);

  auto with_colour = edition;
  with_colour.insert(with_colour.begin() + 2, {"colour", "blue"});
  const std::string colour_path = Write("colour.xlsx", Workbook(with_colour, {}));
  auto colour = Import(colour_path);
  ASSERT_THAT(colour, HasErrorReason(core::ErrorCode::kInvalidArgument, "criteria.bad_sheet"));
  EXPECT_THAT(colour.error().message,
              AllOf(HasSubstr(colour_path), HasSubstr("sheet \"edition\", row 3"), HasSubstr("\"colour\"")));

  FileImportOptions other_key;
  other_key.info.key = "workbook-2";
  const std::string relation_path =
      Write("relation.xlsx", Workbook(edition, {header,
                                                {"5.1.1", "iso-27001-2022", "A.5.1", "equivalent", "表"},
                                                {"5.1", "iso-27001-2022", "A.5", "same-as", "表"}}));
  auto relation = Import(relation_path, other_key);
  ASSERT_THAT(relation, HasErrorReason(core::ErrorCode::kInvalidArgument, "criteria.bad_sheet"));
  EXPECT_THAT(
      relation.error().message,
      AllOf(HasSubstr(relation_path), HasSubstr("mappings, row 3, column relationship"), HasSubstr("\"same-as\"")));
  EXPECT_EQ(CountsOf(*db_), before);
}

// ---- OSCAL ----

std::set<std::string> WithIds(const std::string& profile_path) {
  const auto profile = nlohmann::json::parse(ReadText(profile_path));
  std::set<std::string> ids;
  for (const auto& entry : profile["profile"]["imports"]) {
    for (const auto& include : entry.value("include-controls", nlohmann::json::array())) {
      for (const auto& id : include.value("with-ids", nlohmann::json::array())) {
        ids.insert(id.get<std::string>());
      }
    }
  }
  return ids;
}

TEST_F(CriteriaTest, NistCatalogAndItsLowProfileAsABaseline) {
  ImportNistCatalog();
  auto edition = GetEdition(*db_, Principal::Public(), kNistKey);
  ASSERT_THAT(edition, IsOk());
  EXPECT_EQ(edition->control_count, 1189);
  EXPECT_EQ(edition->info.scheme, "nist-sp800-53");
  EXPECT_EQ(edition->info.format, domain::SourceFormat::kOscalCatalog);
  auto ac2 = ReadControl(*db_, Principal::Public(), kNistKey, "ac-2");
  ASSERT_THAT(ac2, IsOk());
  EXPECT_EQ(ac2->control.title_en, "Account Management");
  EXPECT_THAT(Ids(ac2->ancestors), ElementsAre("ac"));

  const std::string low = kNist + "NIST_SP-800-53_rev5_LOW-baseline_profile.json";
  FileImportOptions without;
  const Counts before = CountsOf(*db_);
  EXPECT_THAT(Import(low, without), HasErrorReason(core::ErrorCode::kInvalidArgument, "criteria.profile_edition"));
  EXPECT_EQ(CountsOf(*db_), before);

  FileImportOptions options;
  options.profile_edition = kNistKey;
  options.baseline_key = "nist-low";
  auto imported = Import(low, options);
  ASSERT_THAT(imported, IsOk());
  ASSERT_TRUE(imported->baseline);
  EXPECT_FALSE(imported->edition);
  EXPECT_EQ(imported->baseline->entry_count, 149);
  EXPECT_EQ(imported->baseline->info.kind, domain::BaselineKind::kImported);
  EXPECT_EQ(imported->baseline->info.edition_key, kNistKey);
  const auto baseline = ReadBaselineOrEmpty("nist-low");
  const auto ids = EntryIds(baseline);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), WithIds(low));
  EXPECT_EQ(ids.size(), 149U);
  EXPECT_EQ(Events(*db_).back().entry.type, "catalog.baseline_imported");
}

TEST_F(CriteriaTest, InvalidOrMalformedOscalIsRefusedWithPointerOrLine) {
  const std::string basic = kData + "/oscal/examples/nist/basic-catalog.json";
  auto doc = nlohmann::json::parse(ReadText(basic));
  // The example itself loads, so the refusal below is the broken uuid's.
  FileImportOptions as_example;
  as_example.info.key = "basic";
  ASSERT_THAT(Import(basic, as_example), IsOk());
  const Counts before = CountsOf(*db_);

  doc["catalog"]["uuid"] = "not-a-uuid";
  const std::string broken = Write("broken-catalog.json", doc.dump(2));
  FileImportOptions options;
  options.info.key = "broken";
  auto refused = Import(broken, options);
  ASSERT_THAT(refused, HasErrorReason(core::ErrorCode::kInvalidArgument, "criteria.invalid_oscal"));
  EXPECT_THAT(refused.error().message, AllOf(HasSubstr(broken), HasSubstr("/catalog/uuid")));

  const std::string malformed = Write("malformed.json", "{\n  \"catalog\": {\n    \"uuid\": ,\n  }\n}\n");
  auto parse = Import(malformed, options);
  ASSERT_THAT(parse, HasErrorReason(core::ErrorCode::kInvalidArgument, "json.parse"));
  EXPECT_THAT(parse.error().message, AllOf(HasSubstr(malformed), HasSubstr("line 3:")));
  EXPECT_EQ(CountsOf(*db_), before);
}

TEST_F(CriteriaTest, Oscal12DocumentLoadsWithWarningsAndKeepsWhat113DoesNotKnow) {
  auto doc = nlohmann::json::parse(ReadText(kData + "/oscal/examples/nist/basic-catalog.json"));
  doc["catalog"]["metadata"]["oscal-version"] = "1.2.0";
  // A member the 1.1.3 schema does not allow on a control stands for what 1.2 adds.
  doc["catalog"]["groups"][0]["groups"][0]["controls"][0]["x-new-in-1-2"] = "kept";
  const std::string file = Write("catalog-1.2.json", doc.dump(2));
  FileImportOptions options;
  options.info.key = "oscal-1-2";
  auto imported = Import(file, options);
  ASSERT_THAT(imported, IsOk());
  bool reported = false;
  for (const auto& w : imported->warnings) {
    reported = reported || (w.rule == "additionalProperties" && w.message.find("1.2") != std::string::npos);
  }
  EXPECT_TRUE(reported);
  auto exported = ExportEdition(*db_, clock_, Principal::Public(), "oscal-1-2", ExportFormat::kOscal, "en");
  ASSERT_THAT(exported, IsOk());
  EXPECT_EQ(nlohmann::json::parse(*exported), doc);  // lossless, the new member included

  // The same member in a 1.1.3 document is an error.
  doc["catalog"]["metadata"]["oscal-version"] = "1.1.3";
  options.info.key = "oscal-1-1-3";
  EXPECT_THAT(Import(Write("catalog-1.1.3.json", doc.dump(2)), options),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "criteria.invalid_oscal"));
}

// ---- mappings ----

TEST_F(CriteriaTest, MappingsNeedTheirControlsWhereTheEditionIsLoaded) {
  ImportSkeletonAs("ismap-skeleton");
  ASSERT_THAT(ImportCsv("nist-mini.csv", "id,title_en\nac-1,Policy and Procedures\nsc-13,Cryptographic Protection\n",
                        CsvInfo("nist-mini", "nist-sp800-53")),
              IsOk());
  const Counts before = CountsOf(*db_);
  using Rel = domain::MappingRelationship;
  auto no_from = ImportMappings(*db_, clock_, Principal::Operator(),
                                {{{"ismap-skeleton", "99.9.9"}, {"nist-mini", "sc-13"}, Rel::kEquivalent, "test"}});
  ASSERT_THAT(no_from, HasErrorReason(core::ErrorCode::kInvalidArgument, "criteria.bad_mapping"));
  EXPECT_THAT(no_from.error().message, HasSubstr("99.9.9"));
  auto no_to = ImportMappings(*db_, clock_, Principal::Operator(),
                              {{{"ismap-skeleton", "10.1.1"}, {"nist-mini", "sc-13"}, Rel::kIntersects, "test"},
                               {{"ismap-skeleton", "10.1.1"}, {"nist-mini", "zz-99"}, Rel::kEquivalent, "test"}});
  ASSERT_THAT(no_to, HasErrorReason(core::ErrorCode::kInvalidArgument, "criteria.bad_mapping"));
  EXPECT_THAT(no_to.error().message, HasSubstr("zz-99"));
  // An edition nobody loaded: neither a `from` side...
  EXPECT_THAT(ImportMappings(*db_, clock_, Principal::Operator(),
                             {{{"iso-27001-2022", "A.8.24"}, {"ismap-skeleton", "10.1.1"}, Rel::kEquivalent, "test"}}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "criteria.bad_mapping"));
  EXPECT_EQ(CountsOf(*db_), before);

  // ...but a `to` side it may be.
  auto added = ImportMappings(*db_, clock_, Principal::Operator(),
                              {{{"ismap-skeleton", "10.1.1"}, {"nist-mini", "sc-13"}, Rel::kIntersects, "test"},
                               {{"ismap-skeleton", "10.1.1"}, {"iso-27001-2022", "A.8.24"}, Rel::kEquivalent, "test"}});
  ASSERT_THAT(added, IsOk());
  EXPECT_EQ(*added, 2);
  EXPECT_EQ(Events(*db_).back().entry.type, "catalog.mappings_imported");

  auto ismap_side = ReadControl(*db_, Principal::Public(), "ismap-skeleton", "10.1.1");
  ASSERT_THAT(ismap_side, IsOk());
  std::set<std::string> targets;
  for (const auto& m : ismap_side->mappings) {
    targets.insert(m.to.edition_key + " " + m.to.control_id);
  }
  EXPECT_EQ(targets, (std::set<std::string>{"iso-27001-2022 A.8.24", "nist-mini sc-13"}));
  auto nist_side = ReadControl(*db_, Principal::Public(), "nist-mini", "sc-13");
  ASSERT_THAT(nist_side, IsOk());
  ASSERT_THAT(nist_side->mappings, SizeIs(1));
  EXPECT_EQ(nist_side->mappings[0].from.edition_key, "ismap-skeleton");
  EXPECT_EQ(nist_side->mappings[0].from.control_id, "10.1.1");
  EXPECT_EQ(nist_side->mappings[0].relationship, Rel::kIntersects);
  auto unmapped = ReadControl(*db_, Principal::Public(), "nist-mini", "ac-1");
  ASSERT_THAT(unmapped, IsOk());
  EXPECT_THAT(unmapped->mappings, IsEmpty());
}

TEST_F(CriteriaTest, AMappingFileWithABadRowStopsTheWholeImport) {
  ImportSkeletonAs("ismap-skeleton");
  const Counts before = CountsOf(*db_);
  FileImportOptions options;
  options.info = CsvInfo("crosswalked", "iso-27002");
  options.mapping_files = {Write("map.csv",
                                 "from,to_edition,to,relationship,source\n"
                                 "A.1,ismap-skeleton,10.1.1,equivalent,表\n"
                                 "A.2,ismap-skeleton,99.1.1,equivalent,表\n")};
  auto result = Import(Write("iso.csv", "id,title_en\nA.1,Crypto\nA.2,Keys\n"), options);
  ASSERT_THAT(result, HasErrorReason(core::ErrorCode::kInvalidArgument, "criteria.bad_mapping"));
  EXPECT_THAT(result.error().message, HasSubstr("99.1.1"));
  EXPECT_EQ(CountsOf(*db_), before);

  options.mapping_files = {Write("map-ok.csv",
                                 "from,to_edition,to,relationship,source\n"
                                 "A.1,ismap-skeleton,10.1.1,equivalent,表\n")};
  auto ok = Import(dir_.File("iso.csv"), options);
  ASSERT_THAT(ok, IsOk());
  EXPECT_EQ(ok->edition->mappings_added, 1);
}

// ---- search ----

TEST_F(CriteriaTest, SearchFindsJapaneseAndLatinTextAndTakesWildcardsLiterally) {
  ImportSkeletonAs("ismap-skeleton");
  const std::set<std::string> crypto = {"10", "10.1", "10.1.1", "18.1.5"};
  EXPECT_EQ(HitIds(Search("暗号", "ismap-skeleton")), crypto);
  EXPECT_EQ(HitIds(Search("CRYPTO", "ismap-skeleton")), crypto);
  EXPECT_EQ(HitIds(Search("cryptography", std::nullopt)), (std::set<std::string>{"10"}));

  ASSERT_THAT(ImportCsv("literal.csv",
                        "id,title_ja,title_en\np1,達成率100%,Rate 100%\np2,達成率1000,Rate 1000\n"
                        "u1,a_c の管理,a_c control\nu2,abc の管理,abc control\n",
                        CsvInfo("literal", "demo")),
              IsOk());
  EXPECT_EQ(HitIds(Search("100%", "literal")), (std::set<std::string>{"p1"}));
  EXPECT_EQ(HitIds(Search("%", "literal")), (std::set<std::string>{"p1"}));
  EXPECT_EQ(HitIds(Search("a_c", "literal")), (std::set<std::string>{"u1"}));
  EXPECT_EQ(HitIds(Search("_", "literal")), (std::set<std::string>{"u1"}));
  EXPECT_THAT(Search("%", "ismap-skeleton"), IsEmpty());

  std::string kanji_200;
  for (int i = 0; i < 200; ++i) {
    kanji_200 += "暗";
  }
  EXPECT_THAT(SearchControls(*db_, Principal::Public(), std::nullopt, std::string(200, 'a'), 10, 0), IsOk());
  EXPECT_THAT(SearchControls(*db_, Principal::Public(), std::nullopt, kanji_200, 10, 0), IsOk());
  for (const std::string& bad : {std::string(201, 'a'), kanji_200 + "号", std::string()}) {
    EXPECT_THAT(SearchControls(*db_, Principal::Public(), std::nullopt, bad, 10, 0),
                HasErrorReason(core::ErrorCode::kInvalidArgument, "catalog.search_text"))
        << bad.size() << " bytes";
  }
  EXPECT_THAT(SearchControls(*db_, Principal::Public(), std::string("absent"), "暗号", 10, 0),
              HasError(core::ErrorCode::kNotFound));
}

// ---- diff ----

TEST_F(CriteriaTest, DiffNamesTheAddedRemovedRewordedAndReflaggedControls) {
  const std::string head = "項番,表題,英語表題\n5,方針,Policies\n5.1,方向付け,Direction\n5.1.1,方針群,Policies\n";
  ASSERT_THAT(ImportCsv("a.csv",
                        head + "5.1.1.1,方針の承認,Approval\n5.1.1.2,方針の周知,Communication\n"
                               "5.1.1.3,方針の廃止予定,Retired\n",
                        CsvInfo("edition-a")),
              IsOk());
  ASSERT_THAT(ImportCsv("b.csv",
                        head + "5.1.1.1,方針の承認と記録,Approval\n5.1.1.2.P,方針の周知,Communication\n"
                               "5.1.1.4,方針の見直し,Review\n",
                        CsvInfo("edition-b")),
              IsOk());
  auto diff = DiffEditions(*db_, Principal::Public(), "edition-a", "edition-b");
  ASSERT_THAT(diff, IsOk());
  EXPECT_THAT(Ids(diff->added), ElementsAre("5.1.1.4"));
  EXPECT_THAT(Ids(diff->removed), ElementsAre("5.1.1.3"));
  ASSERT_THAT(diff->changed, SizeIs(2));
  EXPECT_EQ(diff->changed[0].before.title_ja, "方針の承認");
  EXPECT_EQ(diff->changed[0].after.title_ja, "方針の承認と記録");
  EXPECT_THAT(diff->changed[0].fields, ElementsAre("title_ja"));
  EXPECT_EQ(diff->changed[1].before.id, "5.1.1.2");
  EXPECT_EQ(diff->changed[1].after.id, "5.1.1.2.P");
  EXPECT_EQ(diff->changed[1].after.suffix, "P");
  EXPECT_THAT(diff->changed[1].fields, ElementsAre("id"));

  auto same = DiffEditions(*db_, Principal::Public(), "edition-b", "edition-b");
  ASSERT_THAT(same, IsOk());
  EXPECT_TRUE(same->added.empty() && same->removed.empty() && same->changed.empty());
  EXPECT_THAT(DiffEditions(*db_, Principal::Public(), "edition-a", "edition-z"),
              HasErrorReason(core::ErrorCode::kNotFound, "catalog.edition_not_found"));
}

// ---- demo catalogs ----

TEST_F(CriteriaTest, DemoCatalogsLoadOnceFromTheSharedData) {
  auto seeded = SeedDemoCatalogs(*db_, clock_, kData);
  ASSERT_THAT(seeded, IsOk());
  // The skeleton, the NIST catalog, three profiles and the demo revision.
  EXPECT_EQ(*seeded, 6);
  auto editions = ListEditions(*db_, Principal::Public());
  ASSERT_THAT(editions, IsOk());
  std::vector<std::string> keys;
  for (const auto& e : *editions) {
    keys.push_back(e.info.key);
  }
  EXPECT_THAT(keys, ElementsAre("ismap-skeleton", "ismap-skeleton-2024-demo", kNistKey));
  std::map<std::string, std::int64_t> entries;
  auto baselines = ListBaselines(*db_, Principal::Public(), std::nullopt);
  ASSERT_THAT(baselines, IsOk());
  for (const auto& b : *baselines) {
    entries[b.info.key] = b.entry_count;
  }
  EXPECT_EQ(entries, (std::map<std::string, std::int64_t>{{"ismap-skeleton-standard", 121},
                                                          {"ismap-skeleton-2024-demo-standard", 125},
                                                          {"nist-low", 149},
                                                          {"nist-moderate", 287},
                                                          {"nist-high", 370}}));
  const Counts after = CountsOf(*db_);
  EXPECT_EQ(after.mappings, 18);  // the rows of src/app/demo/ismap-nist-mappings.csv
  auto sc13 = ReadControl(*db_, Principal::Public(), kNistKey, "sc-13");
  ASSERT_THAT(sc13, IsOk());
  ASSERT_THAT(sc13->mappings, SizeIs(1));
  EXPECT_EQ(sc13->mappings[0].from.control_id, "10.1.1");

  auto revision = DiffEditions(*db_, Principal::Public(), "ismap-skeleton", "ismap-skeleton-2024-demo");
  ASSERT_THAT(revision, IsOk());
  EXPECT_THAT(Ids(revision->added),
              ::testing::UnorderedElementsAre("8.1.5.4.P", "12.2.1.15", "13.2.3.7.P", "16.1.5.10"));
  EXPECT_THAT(revision->removed, IsEmpty());
  ASSERT_THAT(revision->changed, SizeIs(1));
  EXPECT_EQ(revision->changed[0].after.id, "12.6.1");

  auto again = SeedDemoCatalogs(*db_, clock_, kData);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(CountsOf(*db_), after);
}

TEST_F(CriteriaTest, DemoCatalogsWithoutTheDataLoadNothing) {
  const Counts before = CountsOf(*db_);
  auto seeded = SeedDemoCatalogs(*db_, clock_, dir_.File("no-such-dir"));
  ASSERT_THAT(seeded, IsOk());
  EXPECT_EQ(*seeded, 0);
  EXPECT_EQ(CountsOf(*db_), before);
}

// ---- both backends ----

class CriteriaBackendTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    if (GetParam().name == "postgres") {
      ISMAP_REQUIRE_POSTGRES();
    }
    db_ = GetParam().open(dir_);
    ASSERT_NE(db_, nullptr) << "cannot open " << GetParam().name;
    ASSERT_THAT(InitializeSystem(*db_, clock_), IsOk());
  }
  testing::TempDir dir_;
  core::ManualClock clock_{Noon()};
  std::shared_ptr<storage::Database> db_;
};

TEST_P(CriteriaBackendTest, SkeletonImportsOnceWithItsBaselineAndLedgerEvent) {
  const Counts empty = CountsOf(*db_);
  auto first = ImportCriteriaFile(*db_, clock_, Principal::Operator(), kSkeleton, {});
  ASSERT_THAT(first, IsOk());
  const Counts loaded = CountsOf(*db_);
  EXPECT_EQ(loaded, (Counts{empty.ledger + 1, 1, 1, 0}));
  auto content = ReadEdition(*db_, Principal::Public(), "ismap-skeleton");
  ASSERT_THAT(content, IsOk());
  EXPECT_EQ(content->controls.size(), 172U);
  EXPECT_EQ(content->controls[0].title_ja, "情報セキュリティのための方針群");
  EXPECT_EQ(HitIds(*SearchControls(*db_, Principal::Public(), std::nullopt, "Crypto", 50, 0)),
            (std::set<std::string>{"10", "10.1", "10.1.1", "18.1.5"}));

  EXPECT_THAT(ImportCriteriaFile(*db_, clock_, Principal::Operator(), kSkeleton, {}),
              HasErrorReason(core::ErrorCode::kAlreadyExists, "catalog.duplicate_edition"));
  EXPECT_EQ(CountsOf(*db_), loaded);
}

INSTANTIATE_TEST_SUITE_P(Backends, CriteriaBackendTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
