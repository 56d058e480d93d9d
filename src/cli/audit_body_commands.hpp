// `ismap audit-body requirements import|show`: the evaluator's checklist for audit bodies.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "storage/database.hpp"

namespace ismap::cli {

class AuditBodyCommands {
 public:
  // `add_config` adds the common -c/--config option to a subcommand.
  void Register(CLI::App& app, const std::function<void(CLI::App*)>& add_config);
  // The exit code when one of these subcommands was parsed, else nullopt.
  std::optional<int> RunIfParsed(const CommonOptions& options);

 private:
  int Import(storage::Database& db);
  int Show(storage::Database& db);

  CLI::App* import_cmd_ = nullptr;
  CLI::App* show_cmd_ = nullptr;
  std::string import_file_;
  std::string show_format_ = "text";
};

}  // namespace ismap::cli
