// The storage contract for control criteria (CatalogRepository): every backend must pass every
// test here, with the same answers (search above all: PostgreSQL must ignore case exactly where
// SQLite does).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/criteria.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::storage {
namespace {

using domain::Control;
using domain::ControlLevel;
using domain::CriteriaTier;
using domain::MandatoryRule;
using ::testing::ElementsAre;
using testing::HasError;
using testing::HasErrorReason;
using ::testing::HasSubstr;
using testing::IsOk;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{12} + microseconds{123456};
}

Control Item(std::string id, std::optional<std::string> parent, ControlLevel level, std::string title_ja,
             std::string title_en, std::string text_ja = "", std::string text_en = "") {
  Control c;
  c.id = std::move(id);
  c.parent_id = std::move(parent);
  c.is_group = level == ControlLevel::kChapter || level == ControlLevel::kCategory;
  c.tier = CriteriaTier::kControlMeasure;
  c.level = level;
  c.rule = c.is_group                          ? MandatoryRule::kNone
           : level == ControlLevel::kObjective ? MandatoryRule::kUnlessExcluded
                                               : MandatoryRule::kSelectable;
  c.title_ja = std::move(title_ja);
  c.title_en = std::move(title_en);
  c.text_ja = std::move(text_ja);
  c.text_en = std::move(text_en);
  return c;
}

// Eight items, four of them groups. Search tests below rely on which texts hold what.
domain::EditionContent SampleEdition(std::string key) {
  domain::EditionContent e;
  e.info.key = std::move(key);
  e.info.scheme = "ismap";
  e.info.version = "2024年7月版";
  e.info.effective_date = "2024-07-01";
  e.info.source = "ISMAP管理基準（令和6年7月）.xlsx";
  e.info.format = domain::SourceFormat::kXlsx;
  e.info.title_ja = "ISMAP管理基準";
  e.info.title_en = "ISMAP control criteria";
  e.info.source_json = R"({"sheet":"管理策基準","note":"\"引用\" ✓ 🔐"})";
  e.controls = {
      Item("3", std::nullopt, ControlLevel::kChapter, "ガバナンス基準", "Governance criteria"),
      Item("3.1", "3", ControlLevel::kCategory, "経営陣の方向付け", "Direction by management"),
      Item("3.1.1", "3.1", ControlLevel::kObjective, "情報セキュリティのための方針群",
           "Policies for information security", "情報セキュリティのための一連の方針群を定義する。",
           "A set of policies shall be defined (état de l'art)."),
      Item("10", std::nullopt, ControlLevel::kChapter, "暗号", "Cryptography"),
      Item("10.1", "10", ControlLevel::kCategory, "暗号による管理策", "Cryptographic controls"),
      Item("10.1.1", "10.1", ControlLevel::kObjective, "暗号による管理策の利用方針",
           "Policy on the use of cryptographic controls",
           "情報を保護するために、暗号の適切かつ有効な利用を確実にする。",
           "Keys are replaced when 100% of their lifetime has passed; see key_management."),
      Item("10.1.1.1.PB", "10.1.1", ControlLevel::kDetailed, "鍵管理", "Key management",
           "鍵の生成、保管及び廃棄の方針を定める。", "Define how keys are generated, stored and destroyed."),
      Item("10.1.1.2", "10.1.1", ControlLevel::kDetailed, "旧管理策", "Former control", "",
           R"(Kept under C:\keys\{a,b}, "NULL" and NULL.)"),
  };
  for (int i = 0; i < 3; ++i) {
    e.controls[i].tier = CriteriaTier::kGovernance;
  }
  e.controls[2].rule = MandatoryRule::kMandatory;
  Control& detailed = e.controls[6];
  detailed.suffix = "PB";
  detailed.rule = MandatoryRule::kMandatory;
  detailed.source_json = R"({"columns":{"備考":"重要 ★","ref":"A.10.1.2"}})";
  e.controls[7].withdrawn = true;
  return e;
}

void ExpectSameControl(const Control& got, const Control& want) {
  SCOPED_TRACE(want.id);
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.parent_id, want.parent_id);
  EXPECT_EQ(got.is_group, want.is_group);
  EXPECT_EQ(got.tier, want.tier);
  EXPECT_EQ(got.level, want.level);
  EXPECT_EQ(got.rule, want.rule);
  EXPECT_EQ(got.suffix, want.suffix);
  EXPECT_EQ(got.title_ja, want.title_ja);
  EXPECT_EQ(got.title_en, want.title_en);
  EXPECT_EQ(got.text_ja, want.text_ja);
  EXPECT_EQ(got.text_en, want.text_en);
  EXPECT_EQ(got.withdrawn, want.withdrawn);
  EXPECT_EQ(got.source_json, want.source_json);
}

std::vector<std::string> Ids(const std::vector<ControlHit>& hits) {
  std::vector<std::string> ids;
  for (const auto& hit : hits) {
    ids.push_back(hit.edition_key + ":" + hit.control.id);
  }
  return ids;
}

domain::ControlMapping Mapping(std::string from, std::string to, domain::MappingRelationship relationship) {
  return {{"ismap-2024-07", std::move(from)}, {"iso-27002-2013", std::move(to)}, relationship, "対応表 v1.2"};
}

class CatalogContractTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    if (GetParam().name == "postgres") {
      ISMAP_REQUIRE_POSTGRES();
      db_ = testing::OpenPostgres(&dsn_);  // the DSN too, for RawExec
    } else {
      db_ = GetParam().open(dir_);
    }
    ASSERT_NE(db_, nullptr) << "cannot open " << GetParam().name;
  }

  // Inserts and commits `content`.
  domain::Edition Store(const domain::EditionContent& content) {
    auto uow = db_->Begin(TxMode::kWrite);
    EXPECT_THAT(uow, IsOk());
    auto edition = (*uow)->Catalog().InsertEdition(content, Noon());
    EXPECT_THAT(edition, IsOk());
    EXPECT_THAT((*uow)->Commit(), IsOk());
    return edition ? *edition : domain::Edition{};
  }

  std::unique_ptr<UnitOfWork> Read() {
    auto uow = db_->Begin(TxMode::kRead);
    EXPECT_THAT(uow, IsOk());
    return uow ? std::move(*uow) : nullptr;
  }

  // Runs SQL behind the program's back, as someone with access to the database would; returns
  // the error message, or "" when the statement succeeded.
  std::string RawExec(const std::string& sql) {
    std::string error;
    if (GetParam().name == "postgres") {
      PGconn* conn = PQconnectdb(dsn_.c_str());
      PGresult* result = PQexec(conn, sql.c_str());
      const auto status = PQresultStatus(result);
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        error = PQresultErrorMessage(result);
      }
      PQclear(result);
      PQfinish(conn);
    } else {
      sqlite3* db = nullptr;
      sqlite3_open(dir_.File("test.db").c_str(), &db);
      char* message = nullptr;
      if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        error = message != nullptr ? message : "failed";
      }
      sqlite3_free(message);
      sqlite3_close(db);
    }
    return error;
  }

  testing::TempDir dir_;
  std::string dsn_;
  std::shared_ptr<Database> db_;
};

TEST_P(CatalogContractTest, InsertedEditionComesBackWithItsInfo) {
  const auto content = SampleEdition("ismap-2024-07");
  const domain::Edition inserted = Store(content);
  EXPECT_EQ(inserted.control_count, 4);  // the items that are not groups
  EXPECT_EQ(inserted.created_at, Noon());

  auto uow = Read();
  auto edition = uow->Catalog().GetEdition("ismap-2024-07");
  ASSERT_THAT(edition, IsOk());
  EXPECT_EQ(edition->id, inserted.id);
  EXPECT_EQ(edition->info.key, "ismap-2024-07");
  EXPECT_EQ(edition->info.scheme, "ismap");
  EXPECT_EQ(edition->info.version, "2024年7月版");
  EXPECT_EQ(edition->info.effective_date, "2024-07-01");
  EXPECT_EQ(edition->info.source, content.info.source);
  EXPECT_EQ(edition->info.format, domain::SourceFormat::kXlsx);
  EXPECT_EQ(edition->info.title_ja, "ISMAP管理基準");
  EXPECT_EQ(edition->info.title_en, "ISMAP control criteria");
  EXPECT_EQ(edition->info.source_json, content.info.source_json);
  EXPECT_EQ(edition->control_count, 4);
  EXPECT_EQ(edition->created_at, Noon());
}

TEST_P(CatalogContractTest, EditionWithoutDateOrControlsIsKept) {
  domain::EditionContent content;
  content.info.key = "nist-sp800-53-5.1.1";
  content.info.scheme = "nist-sp800-53";
  content.info.version = "5.1.1";
  content.info.format = domain::SourceFormat::kOscalCatalog;
  content.info.title_en = "NIST SP 800-53 Rev 5";
  Store(content);
  auto uow = Read();
  auto edition = uow->Catalog().GetEdition("nist-sp800-53-5.1.1");
  ASSERT_THAT(edition, IsOk());
  EXPECT_EQ(edition->info.effective_date, std::nullopt);
  EXPECT_EQ(edition->info.format, domain::SourceFormat::kOscalCatalog);
  EXPECT_EQ(edition->info.title_ja, "");
  EXPECT_EQ(edition->control_count, 0);
  auto controls = uow->Catalog().Controls(edition->id);
  ASSERT_THAT(controls, IsOk());
  EXPECT_TRUE(controls->empty());
}

TEST_P(CatalogContractTest, EditionsAreListedByKeyAsBytes) {
  // '-' < '.' < '0' < 'a' as bytes; a locale's collation could put these in another order.
  for (const char* key : {"ismap2025", "ismap.2023", "iso-27002", "ismap-2024"}) {
    Store(SampleEdition(key));
  }
  auto uow = Read();
  auto editions = uow->Catalog().ListEditions();
  ASSERT_THAT(editions, IsOk());
  std::vector<std::string> keys;
  for (const auto& e : *editions) {
    keys.push_back(e.info.key);
    EXPECT_EQ(e.control_count, 4) << e.info.key;
  }
  EXPECT_THAT(keys, ElementsAre("ismap-2024", "ismap.2023", "ismap2025", "iso-27002"));
}

TEST_P(CatalogContractTest, DuplicateEditionKeyIsAlreadyExists) {
  Store(SampleEdition("ismap-2024-07"));
  auto uow = db_->Begin(TxMode::kWrite);
  ASSERT_THAT(uow, IsOk());
  auto again = SampleEdition("ismap-2024-07");
  again.info.title_en = "another";
  EXPECT_THAT((*uow)->Catalog().InsertEdition(again, Noon()),
              HasErrorReason(core::ErrorCode::kAlreadyExists, "catalog.duplicate_edition"));
}

TEST_P(CatalogContractTest, MissingEditionIsNotFound) {
  auto uow = Read();
  EXPECT_THAT(uow->Catalog().GetEdition("ismap-1999"),
              HasErrorReason(core::ErrorCode::kNotFound, "catalog.edition_not_found"));
}

TEST_P(CatalogContractTest, ControlsComeBackInDocumentOrderWithEveryField) {
  const auto content = SampleEdition("ismap-2024-07");
  const auto edition = Store(content);
  auto uow = Read();
  auto controls = uow->Catalog().Controls(edition.id);
  ASSERT_THAT(controls, IsOk());
  ASSERT_EQ(controls->size(), content.controls.size());
  for (std::size_t i = 0; i < controls->size(); ++i) {
    ExpectSameControl((*controls)[i], content.controls[i]);
  }
}

TEST_P(CatalogContractTest, GetControlFindsOneControlOfOneEdition) {
  const auto content = SampleEdition("ismap-2024-07");
  const auto edition = Store(content);
  auto other = SampleEdition("ismap-2023-01");
  other.controls.pop_back();
  const auto other_edition = Store(other);
  auto uow = Read();
  auto control = uow->Catalog().GetControl(edition.id, "10.1.1.1.PB");
  ASSERT_THAT(control, IsOk());
  ExpectSameControl(*control, content.controls[6]);
  EXPECT_THAT(uow->Catalog().GetControl(edition.id, "10.1.1.1"),
              HasErrorReason(core::ErrorCode::kNotFound, "catalog.control_not_found"));
  EXPECT_THAT(uow->Catalog().GetControl(other_edition.id, "10.1.1.2"), HasError(core::ErrorCode::kNotFound));
  EXPECT_THAT(uow->Catalog().GetControl(domain::EditionId(424242), "5"), HasError(core::ErrorCode::kNotFound));
}

struct SearchCase {
  std::string text;
  std::vector<std::string> want;  // "edition:control" in order
};

TEST_P(CatalogContractTest, SearchFindsSubstringsIgnoringAsciiCaseOnly) {
  const auto edition = Store(SampleEdition("e1"));
  const std::vector<SearchCase> cases = {
      {"暗号", {"e1:10", "e1:10.1", "e1:10.1.1"}},  // a Japanese word inside titles and sentences
      {"による管理", {"e1:10.1", "e1:10.1.1"}},
      {"適切かつ有効", {"e1:10.1.1"}},
      {"CRYPTOGRAPHIC", {"e1:10.1", "e1:10.1.1"}},
      {"KeY_MaNaGeMeNt", {"e1:10.1.1"}},
      {"3.1", {"e1:3.1", "e1:3.1.1"}},  // control ids too
      {".pb", {"e1:10.1.1.1.PB"}},
      {"100%", {"e1:10.1.1"}},  // % and _ are the user's characters, not wildcards
      {"%", {"e1:10.1.1"}},
      {"_", {"e1:10.1.1"}},
      {"y_m", {"e1:10.1.1"}},
      {"10%o", {}},
      {"\\", {"e1:10.1.1.2"}},
      {"{a,b}, \"null\"", {"e1:10.1.1.2"}},
      {"état", {"e1:3.1.1"}},
      {"ÉTAT", {}},  // only ASCII letters ignore case, in both backends
      {"暗号化", {}},
  };
  auto uow = Read();
  for (const auto& c : cases) {
    auto hits = uow->Catalog().Search(edition.id, c.text, 100, 0);
    ASSERT_THAT(hits, IsOk());
    EXPECT_EQ(Ids(*hits), c.want) << "searching for " << c.text;
  }
}

TEST_P(CatalogContractTest, SearchPagesThroughOneEditionOrAllByKeyThenPosition) {
  Store(SampleEdition("b-edition"));  // stored first, listed second
  const auto a = Store(SampleEdition("a-edition"));
  auto uow = Read();
  auto all = uow->Catalog().Search(std::nullopt, "暗号", 100, 0);
  ASSERT_THAT(all, IsOk());
  EXPECT_THAT(Ids(*all), ElementsAre("a-edition:10", "a-edition:10.1", "a-edition:10.1.1", "b-edition:10",
                                     "b-edition:10.1", "b-edition:10.1.1"));
  auto page = uow->Catalog().Search(std::nullopt, "暗号", 3, 2);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre("a-edition:10.1.1", "b-edition:10", "b-edition:10.1"));
  ExpectSameControl((*page)[0].control, SampleEdition("x").controls[5]);

  auto one = uow->Catalog().Search(a.id, "", 2, 1);  // empty text: every item
  ASSERT_THAT(one, IsOk());
  EXPECT_THAT(Ids(*one), ElementsAre("a-edition:3.1", "a-edition:3.1.1"));
  auto past_end = uow->Catalog().Search(a.id, "暗号", 10, 3);
  ASSERT_THAT(past_end, IsOk());
  EXPECT_TRUE(past_end->empty());
}

TEST_P(CatalogContractTest, BaselinesAreStoredListedAndRead) {
  const auto content = SampleEdition("ismap-2024-07");
  Store(content);
  Store(SampleEdition("ismap-2023-01"));
  const domain::BaselineContent standard = domain::StandardBaseline(content, "ismap-2024-07-standard");
  domain::BaselineContent agency;
  agency.info = standard.info;
  agency.info.key = "agency-x-2025";
  agency.info.kind = domain::BaselineKind::kAgency;
  agency.info.title_ja = "X省追加要求";
  agency.info.title_en = "Ministry X additions";
  agency.info.based_on = "ismap-2024-07-standard";
  agency.info.source_json = R"({"profile":"追加 ✓"})";
  agency.entries = domain::WithAdditions(standard.entries, {{"10.1.1.2", true}});
  domain::BaselineContent older;
  older.info = {"ismap-2023-01-liu", "ismap-2023-01", domain::BaselineKind::kLowImpact, "LIU", "LIU", std::nullopt, ""};
  older.entries = {{"3.1.1", true}};
  {
    auto uow = db_->Begin(TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    auto stored = (*uow)->Catalog().InsertBaseline(standard, Noon());
    ASSERT_THAT(stored, IsOk());
    EXPECT_EQ(stored->entry_count, static_cast<std::int64_t>(standard.entries.size()));
    ASSERT_THAT((*uow)->Catalog().InsertBaseline(agency, Noon()), IsOk());
    ASSERT_THAT((*uow)->Catalog().InsertBaseline(older, Noon()), IsOk());
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }
  auto uow = Read();
  auto all = uow->Catalog().ListBaselines(std::nullopt);
  ASSERT_THAT(all, IsOk());
  std::vector<std::string> keys;
  for (const auto& b : *all) {
    keys.push_back(b.info.key);
  }
  EXPECT_THAT(keys, ElementsAre("agency-x-2025", "ismap-2023-01-liu", "ismap-2024-07-standard"));
  auto of_2024 = uow->Catalog().ListBaselines("ismap-2024-07");
  ASSERT_THAT(of_2024, IsOk());
  ASSERT_EQ(of_2024->size(), 2U);
  EXPECT_EQ((*of_2024)[0].info.key, "agency-x-2025");
  EXPECT_EQ((*of_2024)[1].info.key, "ismap-2024-07-standard");

  auto got = uow->Catalog().GetBaseline("agency-x-2025");
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->info.edition_key, "ismap-2024-07");
  EXPECT_EQ(got->info.kind, domain::BaselineKind::kAgency);
  EXPECT_EQ(got->info.title_ja, "X省追加要求");
  EXPECT_EQ(got->info.title_en, "Ministry X additions");
  EXPECT_EQ(got->info.based_on, "ismap-2024-07-standard");
  EXPECT_EQ(got->info.source_json, R"({"profile":"追加 ✓"})");
  EXPECT_EQ(got->entry_count, static_cast<std::int64_t>(agency.entries.size()));
  EXPECT_EQ(got->created_at, Noon());
  auto liu = uow->Catalog().GetBaseline("ismap-2023-01-liu");
  ASSERT_THAT(liu, IsOk());
  EXPECT_EQ(liu->info.kind, domain::BaselineKind::kLowImpact);
  EXPECT_EQ(liu->info.based_on, std::nullopt);

  auto entries = uow->Catalog().BaselineEntries(got->id);
  ASSERT_THAT(entries, IsOk());
  ASSERT_EQ(entries->size(), agency.entries.size());
  for (std::size_t i = 0; i < entries->size(); ++i) {
    EXPECT_EQ((*entries)[i].control_id, agency.entries[i].control_id);
    EXPECT_EQ((*entries)[i].required, agency.entries[i].required) << agency.entries[i].control_id;
  }
  EXPECT_THAT(uow->Catalog().GetBaseline("nope"),
              HasErrorReason(core::ErrorCode::kNotFound, "catalog.baseline_not_found"));
}

TEST_P(CatalogContractTest, BaselineNeedsANewKeyAnEditionAndAnExistingBase) {
  const auto content = SampleEdition("ismap-2024-07");
  Store(content);
  const domain::BaselineContent standard = domain::StandardBaseline(content, "std");
  {
    auto uow = db_->Begin(TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    ASSERT_THAT((*uow)->Catalog().InsertBaseline(standard, Noon()), IsOk());
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }
  auto missing_edition = standard;
  missing_edition.info.key = "other";
  missing_edition.info.edition_key = "ismap-1999";
  auto missing_base = standard;
  missing_base.info.key = "other";
  missing_base.info.based_on = "nope";
  const std::vector<std::pair<domain::BaselineContent, std::string>> cases = {
      {standard, "catalog.duplicate_baseline"},
      {missing_edition, "catalog.edition_not_found"},
      {missing_base, "catalog.baseline_not_found"},
  };
  for (const auto& [baseline, reason] : cases) {
    auto uow = db_->Begin(TxMode::kWrite);  // a fresh transaction: a refused statement may end one
    ASSERT_THAT(uow, IsOk());
    auto inserted = (*uow)->Catalog().InsertBaseline(baseline, Noon());
    ASSERT_FALSE(inserted) << reason;
    EXPECT_EQ(inserted.error().reason, reason);
    EXPECT_EQ(inserted.error().code,
              reason == "catalog.duplicate_baseline" ? core::ErrorCode::kAlreadyExists : core::ErrorCode::kNotFound);
  }
}

TEST_P(CatalogContractTest, MappingsAreAddedOnceAndFoundFromEitherSide) {
  using domain::MappingRelationship;
  {
    auto uow = db_->Begin(TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    auto added = (*uow)->Catalog().InsertMappings({
        Mapping("10.1.1", "A.10.1.1", MappingRelationship::kEquivalent),
        Mapping("10.1.1", "A.10.1.2", MappingRelationship::kSubset),
        Mapping("10.1.1", "A.10.1.1", MappingRelationship::kEquivalent),  // twice in one batch
        Mapping("3.1.1", "A.5.1.1", MappingRelationship::kEquivalent),
    });
    ASSERT_THAT(added, IsOk());
    EXPECT_EQ(*added, 3);
    auto again = (*uow)->Catalog().InsertMappings({
        Mapping("10.1.1", "A.10.1.2", MappingRelationship::kSubset),         // already there
        Mapping("10.1.1", "A.10.1.2", MappingRelationship::kIntersects),     // another relationship
        Mapping("10.1.1.1.PB", "A.10.1.2", MappingRelationship::kSuperset),  // another control
    });
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ(*again, 2);
    auto none = (*uow)->Catalog().InsertMappings({});
    ASSERT_THAT(none, IsOk());
    EXPECT_EQ(*none, 0);
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }
  auto uow = Read();
  EXPECT_EQ(*uow->Catalog().CountMappings(), 5);
  auto from = uow->Catalog().MappingsOf({"ismap-2024-07", "10.1.1"});
  ASSERT_THAT(from, IsOk());
  ASSERT_EQ(from->size(), 3U);
  EXPECT_EQ((*from)[0].to.control_id, "A.10.1.1");
  EXPECT_EQ((*from)[0].from.edition_key, "ismap-2024-07");
  EXPECT_EQ((*from)[0].to.edition_key, "iso-27002-2013");
  EXPECT_EQ((*from)[0].source_document, "対応表 v1.2");
  EXPECT_EQ((*from)[1].to.control_id, "A.10.1.2");
  EXPECT_EQ((*from)[1].relationship, MappingRelationship::kIntersects);
  EXPECT_EQ((*from)[2].relationship, MappingRelationship::kSubset);
  auto to = uow->Catalog().MappingsOf({"iso-27002-2013", "A.10.1.2"});
  ASSERT_THAT(to, IsOk());
  ASSERT_EQ(to->size(), 3U);
  EXPECT_EQ((*to)[0].from.control_id, "10.1.1");
  EXPECT_EQ((*to)[2].from.control_id, "10.1.1.1.PB");
  EXPECT_EQ((*to)[2].relationship, MappingRelationship::kSuperset);
  auto other_edition = uow->Catalog().MappingsOf({"ismap-2023-01", "10.1.1"});
  ASSERT_THAT(other_edition, IsOk());
  EXPECT_TRUE(other_edition->empty());

  // Everything from one edition, by control: what an export writes as its mappings sheet.
  auto all = uow->Catalog().MappingsFrom("ismap-2024-07");
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->size(), 5U);
  EXPECT_EQ((*all)[0].from.control_id, "10.1.1");
  EXPECT_EQ((*all)[3].from.control_id, "10.1.1.1.PB");
  EXPECT_EQ((*all)[4].from.control_id, "3.1.1");
  auto target_side = uow->Catalog().MappingsFrom("iso-27002-2013");
  ASSERT_THAT(target_side, IsOk());
  EXPECT_TRUE(target_side->empty());
}

TEST_P(CatalogContractTest, RollbackLeavesNothing) {
  {
    auto uow = db_->Begin(TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    const auto content = SampleEdition("ismap-2024-07");
    ASSERT_THAT((*uow)->Catalog().InsertEdition(content, Noon()), IsOk());
    ASSERT_THAT((*uow)->Catalog().InsertBaseline(domain::StandardBaseline(content, "std"), Noon()), IsOk());
    ASSERT_THAT((*uow)->Catalog().InsertMappings({Mapping("3.1.1", "A.5.1.1", domain::MappingRelationship::kSubset)}),
                IsOk());
    // No Commit: the destructor rolls back.
  }
  auto uow = Read();
  EXPECT_TRUE(uow->Catalog().ListEditions()->empty());
  EXPECT_THAT(uow->Catalog().GetEdition("ismap-2024-07"), HasError(core::ErrorCode::kNotFound));
  EXPECT_TRUE(uow->Catalog().Search(std::nullopt, "", 10, 0)->empty());
  EXPECT_TRUE(uow->Catalog().ListBaselines(std::nullopt)->empty());
  EXPECT_EQ(*uow->Catalog().CountMappings(), 0);
}

TEST_P(CatalogContractTest, EditionsAndTheirControlsCannotBeChanged) {
  Store(SampleEdition("ismap-2024-07"));
  for (const char* sql : {"UPDATE catalog_editions SET title_en = 'x'", "DELETE FROM catalog_editions",
                          "UPDATE catalog_controls SET text_ja = 'x' WHERE control_id = '10.1.1'",
                          "DELETE FROM catalog_controls WHERE control_id = '10.1.1.2'"}) {
    EXPECT_THAT(RawExec(sql), HasSubstr("is immutable")) << sql;
  }
  auto uow = Read();
  auto edition = uow->Catalog().GetEdition("ismap-2024-07");
  ASSERT_THAT(edition, IsOk());
  EXPECT_EQ(edition->info.title_en, "ISMAP control criteria");
  EXPECT_EQ(uow->Catalog().Controls(edition->id)->size(), 8U);
}

// A whole ISMAP-sized edition in one transaction (how fast is for bench/; this checks it is whole).
TEST_P(CatalogContractTest, TwelveHundredControlsInsertInOneTransaction) {
  domain::EditionContent content = SampleEdition("ismap-large");
  content.controls.clear();
  const std::string sentence = "情報セキュリティの要求事項を満たすために、組織は適切な管理策を実施する。";
  for (int chapter = 5; chapter < 15; ++chapter) {
    const std::string c = std::to_string(chapter);
    content.controls.push_back(Item(c, std::nullopt, ControlLevel::kChapter, "章" + c, "Chapter " + c));
    for (int category = 1; category <= 4; ++category) {
      const std::string g = c + "." + std::to_string(category);
      content.controls.push_back(Item(g, c, ControlLevel::kCategory, "分類" + g, "Category " + g));
      for (int objective = 1; objective <= 6; ++objective) {
        const std::string o = g + "." + std::to_string(objective);
        content.controls.push_back(
            Item(o, g, ControlLevel::kObjective, "統制目標" + o, "Objective " + o, sentence + sentence, "text " + o));
        for (int detail = 1; detail <= 4; ++detail) {
          const std::string d = o + "." + std::to_string(detail);
          content.controls.push_back(
              Item(d, o, ControlLevel::kDetailed, "詳細管理策" + d, "Detailed control " + d, sentence, "text " + d));
        }
      }
    }
  }
  const domain::Edition edition = Store(content);
  EXPECT_EQ(edition.control_count, 1200);

  auto uow = Read();
  auto stored = uow->Catalog().GetEdition("ismap-large");
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->control_count, 1200);
  auto controls = uow->Catalog().Controls(edition.id);
  ASSERT_THAT(controls, IsOk());
  ASSERT_EQ(controls->size(), content.controls.size());
  for (std::size_t i = 0; i < controls->size(); ++i) {
    ASSERT_EQ((*controls)[i].id, content.controls[i].id);
    ASSERT_EQ((*controls)[i].parent_id, content.controls[i].parent_id);
  }
  ExpectSameControl(controls->back(), content.controls.back());
  auto hits = uow->Catalog().Search(edition.id, "14.4.6.", 10, 0);
  ASSERT_THAT(hits, IsOk());
  EXPECT_EQ(hits->size(), 4U);
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogContractTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::storage
