// `ismap jobs daily`: the daily jobs (registration expiry, renewal reminders, overdue applications)
// run once now, as the operator. `ismap serve` runs the same every hour (app/deadlines.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>

#include "cli/commands.hpp"

namespace ismap::cli {

class JobsCommands {
 public:
  // `add_config` adds the common -c/--config option to a subcommand.
  void Register(CLI::App& app, const std::function<void(CLI::App*)>& add_config);
  // The exit code when `jobs daily` was parsed, else nullopt: 0 done, 1 the database failed,
  // 2 bad configuration.
  std::optional<int> RunIfParsed(const CommonOptions& options);

 private:
  CLI::App* daily_ = nullptr;
};

}  // namespace ismap::cli
