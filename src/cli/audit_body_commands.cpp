#include "cli/audit_body_commands.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/requirement_sets.hpp"
#include "cli/setup.hpp"
#include "core/clock.hpp"

namespace ismap::cli {
namespace {

int ReportError(const char* command, const core::Error& error) {
  std::cerr << "ismap audit-body requirements " << command << ": " << error.message << " (" << error.reason << ")\n";
  return error.code == core::ErrorCode::kUnavailable || error.code == core::ErrorCode::kInternal ? kExitFailure
                                                                                                 : kExitConfig;
}

}  // namespace

void AuditBodyCommands::Register(CLI::App& app, const std::function<void(CLI::App*)>& add_config) {
  CLI::App* audit_body = app.add_subcommand("audit-body", "Audit bodies: the evaluator's requirement set");
  audit_body->require_subcommand(1);
  CLI::App* requirements =
      audit_body->add_subcommand("requirements", "The versioned requirement set evaluators check applications against");
  requirements->require_subcommand(1);

  import_cmd_ = requirements->add_subcommand(
      "import", "Publish a new version of the requirement set from a JSON file; it becomes the current one");
  add_config(import_cmd_);
  import_cmd_
      ->add_option("FILE", import_file_,
                   "JSON: {\"version\", \"metadata\", \"items\": [{\"id\", \"text_ja\", "
                   "\"text_en\"}]} (see src/app/data/audit-body-requirements.json)")
      ->required();
  import_cmd_->footer(
      "A version is published once and never changed (evaluations name the version they started with). "
      "Exit status: 0 published; 1 the database failed; 2 the file is unreadable or invalid (the message names the "
      "file and the JSON pointer), the version exists already, or bad configuration.");

  show_cmd_ = requirements->add_subcommand("show", "Print the current requirement set");
  add_config(show_cmd_);
  show_cmd_->add_option("--format", show_format_, "text or json (the import format)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

std::optional<int> AuditBodyCommands::RunIfParsed(const CommonOptions& options) {
  if ((import_cmd_ == nullptr || !import_cmd_->parsed()) && (show_cmd_ == nullptr || !show_cmd_->parsed())) {
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
  if (!MigrateIfBehindOrReport(*db, "audit-body")) {
    return kExitFailure;
  }
  return import_cmd_->parsed() ? Import(*db) : Show(*db);
}

int AuditBodyCommands::Import(storage::Database& db) {
  std::ifstream file(import_file_, std::ios::binary);
  std::ostringstream text;
  if (!file.is_open() || !(text << file.rdbuf())) {
    std::cerr << "ismap audit-body requirements import: " << import_file_ << ": cannot be read\n";
    return kExitConfig;
  }
  auto set = app::ParseRequirementSet(text.str(), import_file_);
  if (!set) {
    return ReportError("import", set.error());
  }
  const core::SystemClock clock;
  auto published = app::PublishRequirementSet(db, clock, app::Principal::Operator(), *set);
  if (!published) {
    core::Error error = published.error();
    error.message = import_file_ + ": " + error.message;
    return ReportError("import", error);
  }
  std::cout << fmt::format("{}: requirement set {} published with {} items; it is now the current one\n", import_file_,
                           published->version, published->items.size());
  return kExitOk;
}

int AuditBodyCommands::Show(storage::Database& db) {
  auto set = app::CurrentRequirementSet(db, app::Principal::Public());
  if (!set) {
    return ReportError("show", set.error());
  }
  if (show_format_ == "json") {
    std::cout << app::RequirementSetJson(*set) << "\n";
    return kExitOk;
  }
  std::cout << fmt::format("requirement set {} ({} items)\n", set->version, set->items.size());
  for (const auto& item : set->items) {
    std::cout << fmt::format("{}\n  ja: {}\n  en: {}\n", item.id, item.text_ja, item.text_en);
  }
  return kExitOk;
}

}  // namespace ismap::cli
