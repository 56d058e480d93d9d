#include "app/criteria_demo.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/criteria_files.hpp"
#include "core/embedded_file.hpp"
#include "tabular/csv.hpp"

namespace ismap::app {

const std::vector<core::EmbeddedFile>& EmbeddedDemoMappings();  // generated from src/app/demo/

namespace {

namespace fs = std::filesystem;

const Principal kSeeder = Principal::Operator();

// FACTS.md: the 2024-07 revision added detailed controls 8.1.5.4.P, 16.1.5.10, 13.2.3.7.P and
// 12.2.1.15. Their official titles are not in the data here, so the demo revision gives them
// placeholder titles that say so, and rewords one objective, so that the diff pages have something to show.
domain::EditionContent DemoRevision(domain::EditionContent base) {
  base.info.key = "ismap-skeleton-2024-demo";
  base.info.version = "skeleton + 2024-07 additions (demo)";
  base.info.effective_date = "2024-07-01";
  base.info.title_ja = "ISMAP管理策基準 骨格 2024年7月改訂相当（デモ用）";
  base.info.title_en = "ISMAP control-measure criteria skeleton, 2024-07 revision (demo)";
  struct Added {
    const char* id;
    const char* parent;
  };
  for (const Added& added : {Added{"8.1.5.4.P", "8.1.5"}, Added{"12.2.1.15", "12.2.1"}, Added{"13.2.3.7.P", "13.2.3"},
                             Added{"16.1.5.10", "16.1.5"}}) {
    domain::Control control;
    control.id = added.id;
    control.parent_id = added.parent;
    control.title_ja = std::string("2024年7月改訂で追加された詳細管理策 ") + added.id + "（デモ用の仮題）";
    control.title_en = std::string("Detailed control ") + added.id + " added in the 2024-07 revision (demo title)";
    auto parent = std::find_if(base.controls.begin(), base.controls.end(),
                               [&](const domain::Control& c) { return c.id == added.parent; });
    // After the parent's last existing child keeps document order: parents before children.
    base.controls.insert(parent + 1, control);
  }
  for (auto& control : base.controls) {
    if (control.id == "12.6.1") {
      control.title_ja += "（改訂で文言変更: デモ）";
      control.title_en += " (reworded in the revision: demo)";
    }
  }
  domain::ApplyIsmapRules(&base);
  return base;
}

// Imports one file unless its edition or baseline is already there.
void ImportIfPresent(storage::Database& db, const core::Clock& clock, const std::string& path,
                     FileImportOptions options, int* loaded) {
  if (!fs::exists(path)) {
    spdlog::warn("demo: {} not found; skipped (set demo_data_dir)", path);
    return;
  }
  auto result = ImportCriteriaFile(db, clock, kSeeder, path, options);
  if (!result) {
    if (result.error().code != core::ErrorCode::kAlreadyExists) {
      spdlog::warn("demo: {}: {}", path, result.error().message);
    }
    return;
  }
  ++*loaded;
}

}  // namespace

core::Result<int> SeedDemoCatalogs(storage::Database& db, const core::Clock& clock, const std::string& data_dir) {
  auto existing = ListEditions(db, kSeeder);
  if (!existing) {
    return existing.error();
  }
  if (!existing->empty()) {
    return 0;
  }
  int loaded = 0;
  FileImportOptions skeleton;
  skeleton.info.key = "ismap-skeleton";
  ImportIfPresent(db, clock, data_dir + "/ismap/control-criteria-skeleton.json", skeleton, &loaded);

  const std::string nist = data_dir + "/oscal/nist-sp800-53-rev5/";
  FileImportOptions catalog;
  catalog.info.key = "nist-sp800-53-rev5.0.1";
  catalog.info.scheme = "nist-sp800-53";
  ImportIfPresent(db, clock, nist + "NIST_SP-800-53_rev5.0.1_catalog.json", catalog, &loaded);
  for (const char* level : {"LOW", "MODERATE", "HIGH"}) {
    FileImportOptions profile;
    profile.profile_edition = "nist-sp800-53-rev5.0.1";
    std::string key = std::string("nist-") + level;
    std::transform(key.begin(), key.end(), key.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
    profile.baseline_key = key;
    ImportIfPresent(db, clock, nist + "NIST_SP-800-53_rev5_" + level + "-baseline_profile.json", profile, &loaded);
  }

  auto base = ReadEdition(db, kSeeder, "ismap-skeleton");
  if (base) {
    CriteriaImport revision;
    revision.edition = DemoRevision(*base);
    revision.baselines.push_back(domain::StandardBaseline(revision.edition, revision.edition.info.key + "-standard"));
    if (auto imported = ImportEdition(db, clock, kSeeder, revision); imported) {
      ++loaded;
    } else {
      spdlog::warn("demo: the demo revision: {}", imported.error().message);
    }
    // The demo crosswalk needs both sides loaded.
    if (GetEdition(db, kSeeder, "nist-sp800-53-rev5.0.1")) {
      for (const auto& file : EmbeddedDemoMappings()) {
        ISMAP_ASSIGN_OR_RETURN(auto table, tabular::ReadCsv(file.bytes));
        ISMAP_ASSIGN_OR_RETURN(auto mappings, ImportMappingTable(table, "ismap-skeleton", std::string(file.name)));
        ISMAP_ASSIGN_OR_RETURN(auto added, ImportMappings(db, clock, kSeeder, mappings));
        spdlog::info("demo: {} mappings from {}", added, file.name);
      }
    }
  }
  return loaded;
}

}  // namespace ismap::app
