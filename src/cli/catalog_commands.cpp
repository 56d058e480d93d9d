// `ismap catalog import|export|diff|list`: the control criteria and other catalogs, for the
// secretariat loading an edition and for agencies and providers comparing two.
#include "cli/catalog_commands.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/criteria.hpp"
#include "app/criteria_files.hpp"
#include "cli/setup.hpp"
#include "core/config.hpp"

namespace ismap::cli {
namespace {

const app::Principal kOperator = app::Principal::Operator();

void PrintWarnings(const std::string& file, const std::vector<oscal::Finding>& warnings) {
  for (const auto& w : warnings) {
    std::cerr << fmt::format("{}: {}: warning [{}] {}\n", file, w.pointer.empty() ? "/" : w.pointer, w.rule, w.message);
  }
}

int ReportError(const char* command, const core::Error& error) {
  std::cerr << "ismap catalog " << command << ": " << error.message << "\n";
  return error.code == core::ErrorCode::kUnavailable || error.code == core::ErrorCode::kInternal ? kExitFailure
                                                                                                 : kExitConfig;
}

int WriteOut(const std::string& bytes, const std::string& out) {
  if (out.empty() || out == "-") {
    std::cout << bytes;
    return kExitOk;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << bytes;
  if (!file.good()) {
    std::cerr << "ismap catalog export: " << out << ": cannot be written\n";
    return kExitFailure;
  }
  return kExitOk;
}

nlohmann::json ControlJson(const domain::Control& c) {
  return {{"id", c.id}, {"title_ja", c.title_ja}, {"title_en", c.title_en}};
}

}  // namespace

void CatalogCommands::Register(CLI::App& app, const std::function<void(CLI::App*)>& add_config) {
  CLI::App* catalog = app.add_subcommand("catalog", "Control criteria and other catalogs: import, export, diff, list");
  catalog->require_subcommand(1);

  import_cmd_ = catalog->add_subcommand(
      "import", "Load an edition (skeleton JSON, CSV, XLSX, OSCAL catalog) or a baseline (OSCAL profile)");
  add_config(import_cmd_);
  import_cmd_->add_option("FILE", import_file_, "The file to load")->required();
  import_cmd_
      ->add_option("--format", import_format_,
                   "skeleton, csv, xlsx, oscal-catalog or oscal-profile (default: detected)")
      ->check(CLI::IsMember({"skeleton", "csv", "xlsx", "oscal-catalog", "oscal-profile"}));
  import_cmd_->add_option("--key", import_.info.key, "Edition key, e.g. ismap-2024-07 (lower-case, digits, . _ -)");
  import_cmd_->add_option("--scheme", import_.info.scheme, "Catalog scheme: ismap, nist-sp800-53, iso-27002, ...");
  import_cmd_->add_option("--version", import_.info.version, "The edition's version text");
  import_cmd_->add_option_function<std::string>(
      "--effective-date", [this](const std::string& d) { import_.info.effective_date = d; }, "YYYY-MM-DD");
  import_cmd_->add_option("--title-ja", import_.info.title_ja, "Title in Japanese");
  import_cmd_->add_option("--title-en", import_.info.title_en, "Title in English");
  import_cmd_->add_option("--source", import_.info.source, "The document the text comes from (default: file name)");
  import_cmd_->add_option("--language", import_.language, "Language of an OSCAL document's text: en or ja")
      ->check(CLI::IsMember({"en", "ja"}))
      ->capture_default_str();
  import_cmd_->add_option("--mappings", import_.mapping_files,
                          "CSV of mappings from this edition (from,to_edition,to,relationship,source); repeatable");
  import_cmd_->add_option_function<std::string>(
      "--edition", [this](const std::string& e) { import_.profile_edition = e; },
      "For a profile: the stored edition it selects from");
  import_cmd_->add_option_function<std::string>(
      "--baseline-key", [this](const std::string& k) { import_.baseline_key = k; },
      "For a profile: the baseline's key (default: from the file name)");
  import_cmd_->footer(
      "Layout of CSV and XLSX files: docs/criteria_import.md. Exit status: 0 loaded; 2 the file "
      "was refused (the message names the file and the row, line or JSON pointer); 1 database.");

  export_cmd_ =
      catalog->add_subcommand("export", "Write an edition (OSCAL catalog, CSV, XLSX) or a baseline (OSCAL profile)");
  add_config(export_cmd_);
  export_cmd_->add_option("KEY", export_key_, "Edition key (or baseline key with --baseline)")->required();
  export_cmd_->add_flag("--baseline", export_baseline_, "KEY names a baseline: write it as an OSCAL profile");
  export_cmd_->add_option("--format", export_format_, "oscal, csv or xlsx")
      ->check(CLI::IsMember({"oscal", "csv", "xlsx"}))
      ->capture_default_str();
  export_cmd_->add_option("--language", export_language_, "ja or en (OSCAL: one document per language)")
      ->check(CLI::IsMember({"en", "ja"}))
      ->capture_default_str();
  export_cmd_->add_option("-o,--output", export_out_, "Output file (default: standard output)");

  diff_cmd_ = catalog->add_subcommand("diff", "Controls added, removed and reworded between two editions");
  add_config(diff_cmd_);
  diff_cmd_->add_option("EDITION_A", diff_before_, "The earlier edition's key")->required();
  diff_cmd_->add_option("EDITION_B", diff_after_, "The later edition's key")->required();
  diff_cmd_->add_option("--format", diff_format_, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  diff_cmd_->footer("Exit status: 0 the editions are the same; 1 they differ; 2 an edition is not loaded.");

  list_cmd_ = catalog->add_subcommand("list", "Loaded editions and baselines");
  add_config(list_cmd_);
}

std::optional<int> CatalogCommands::RunIfParsed(const CommonOptions& options) {
  if (!import_cmd_->parsed() && !export_cmd_->parsed() && !diff_cmd_->parsed() && !list_cmd_->parsed()) {
    return std::nullopt;
  }
  auto config = LoadConfigOrReport(options);
  if (!config) {
    return kExitConfig;
  }
  InitLogging(*config);
  auto db = OpenDatabaseOrReport(*config);
  if (!db) {
    return kExitFailure;
  }
  if (!MigrateIfBehindOrReport(*db, "catalog")) {
    return kExitFailure;
  }
  if (import_cmd_->parsed()) {
    return Import(*db);
  }
  if (export_cmd_->parsed()) {
    return Export(*db);
  }
  if (diff_cmd_->parsed()) {
    return Diff(*db);
  }
  return List(*db);
}

int CatalogCommands::Import(storage::Database& db) {
  if (!import_format_.empty()) {
    import_.format = app::CriteriaFormatFromString(import_format_);
  }
  const core::SystemClock clock;
  auto result = app::ImportCriteriaFile(db, clock, kOperator, import_file_, import_);
  if (!result) {
    return ReportError("import", result.error());
  }
  PrintWarnings(import_file_, result->warnings);
  if (result->edition) {
    const auto& e = result->edition->edition;
    std::cout << fmt::format("{}: edition {} ({}, {}): {} controls", import_file_, e.info.key, e.info.scheme,
                             e.info.version, e.control_count);
    for (const auto& b : result->edition->baselines) {
      std::cout << fmt::format("; baseline {} ({} entries)", b.info.key, b.entry_count);
    }
    if (result->edition->mappings_added > 0) {
      std::cout << fmt::format("; {} mappings", result->edition->mappings_added);
    }
    std::cout << "\n";
  }
  if (result->baseline) {
    std::cout << fmt::format("{}: baseline {} of {}: {} controls\n", import_file_, result->baseline->info.key,
                             result->baseline->info.edition_key, result->baseline->entry_count);
  }
  return kExitOk;
}

int CatalogCommands::Export(storage::Database& db) {
  const core::SystemClock clock;
  core::Result<std::string> bytes = std::string();
  if (export_baseline_) {
    if (export_format_ != "oscal") {
      std::cerr << "ismap catalog export: a baseline is written as an OSCAL profile (--format oscal)\n";
      return kExitConfig;
    }
    bytes = app::ExportBaseline(db, clock, kOperator, export_key_, export_language_);
  } else {
    bytes = app::ExportEdition(db, clock, kOperator, export_key_, *app::ExportFormatFromString(export_format_),
                               export_language_);
  }
  if (!bytes) {
    return ReportError("export", bytes.error());
  }
  return WriteOut(*bytes, export_out_);
}

int CatalogCommands::Diff(storage::Database& db) {
  auto diff = app::DiffEditions(db, kOperator, diff_before_, diff_after_);
  if (!diff) {
    return ReportError("diff", diff.error());
  }
  if (diff_format_ == "json") {
    nlohmann::json out = {{"before", diff_before_},
                          {"after", diff_after_},
                          {"added", nlohmann::json::array()},
                          {"removed", nlohmann::json::array()},
                          {"changed", nlohmann::json::array()}};
    for (const auto& c : diff->added) {
      out["added"].push_back(ControlJson(c));
    }
    for (const auto& c : diff->removed) {
      out["removed"].push_back(ControlJson(c));
    }
    for (const auto& change : diff->changed) {
      out["changed"].push_back(
          {{"before", ControlJson(change.before)}, {"after", ControlJson(change.after)}, {"fields", change.fields}});
    }
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << fmt::format("{} -> {}: {} added, {} removed, {} changed\n", diff_before_, diff_after_,
                             diff->added.size(), diff->removed.size(), diff->changed.size());
    for (const auto& c : diff->added) {
      std::cout << fmt::format("+ {}  {}\n", c.id, c.title_ja.empty() ? c.title_en : c.title_ja);
    }
    for (const auto& c : diff->removed) {
      std::cout << fmt::format("- {}  {}\n", c.id, c.title_ja.empty() ? c.title_en : c.title_ja);
    }
    for (const auto& change : diff->changed) {
      std::string fields;
      for (const auto& f : change.fields) {
        fields += (fields.empty() ? "" : ", ") + f;
      }
      std::cout << fmt::format("~ {}  ({})\n", change.after.id, fields);
    }
  }
  const bool same = diff->added.empty() && diff->removed.empty() && diff->changed.empty();
  return same ? kExitOk : kExitFailure;
}

int CatalogCommands::List(storage::Database& db) {
  auto editions = app::ListEditions(db, kOperator);
  if (!editions) {
    return ReportError("list", editions.error());
  }
  for (const auto& e : *editions) {
    std::cout << fmt::format("edition  {:<36} {:<14} {:<10} {:>5} controls  {}\n", e.info.key, e.info.scheme,
                             e.info.version, e.control_count,
                             e.info.title_ja.empty() ? e.info.title_en : e.info.title_ja);
  }
  auto baselines = app::ListBaselines(db, kOperator, std::nullopt);
  if (!baselines) {
    return ReportError("list", baselines.error());
  }
  for (const auto& b : *baselines) {
    std::cout << fmt::format("baseline {:<36} {:<14} of {:<24} {:>5} entries\n", b.info.key,
                             domain::ToString(b.info.kind), b.info.edition_key, b.entry_count);
  }
  return kExitOk;
}

}  // namespace ismap::cli
