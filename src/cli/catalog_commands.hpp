// `ismap catalog ...`: registers its subcommands on the command line and runs the one parsed.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>

#include "app/criteria_files.hpp"
#include "cli/commands.hpp"
#include "storage/database.hpp"

namespace ismap::cli {

class CatalogCommands {
 public:
  // `add_config` adds the common -c/--config option to a subcommand.
  void Register(CLI::App& app, const std::function<void(CLI::App*)>& add_config);
  // The exit code when one of the catalog subcommands was parsed, else nullopt.
  std::optional<int> RunIfParsed(const CommonOptions& options);

 private:
  int Import(storage::Database& db);
  int Export(storage::Database& db);
  int Diff(storage::Database& db);
  int List(storage::Database& db);

  CLI::App* import_cmd_ = nullptr;
  CLI::App* export_cmd_ = nullptr;
  CLI::App* diff_cmd_ = nullptr;
  CLI::App* list_cmd_ = nullptr;

  std::string import_file_;
  std::string import_format_;
  app::FileImportOptions import_;
  std::string export_key_;
  bool export_baseline_ = false;
  std::string export_format_ = "oscal";
  std::string export_language_ = "ja";
  std::string export_out_;
  std::string diff_before_;
  std::string diff_after_;
  std::string diff_format_ = "text";
};

}  // namespace ismap::cli
