// The subcommands of `ismap`. Each returns the process exit code:
// 0 success, 1 runtime failure (database, network), 2 bad configuration or usage, 3 broken ledger.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ismap::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitConfig = 2;
inline constexpr int kExitLedgerBroken = 3;

struct CommonOptions {
  std::optional<std::string> config_file;
  std::vector<std::pair<std::string, std::string>> flags;  // config keys set on the command line
};

int RunServe(const CommonOptions& options);
int RunInit(const CommonOptions& options);
int RunMigrate(const CommonOptions& options);
int RunLedgerVerify(const CommonOptions& options);
// SQLite only: an online copy of the database / replacing it from one (server stopped).
int RunBackup(const CommonOptions& options, const std::string& target);
int RunRestore(const CommonOptions& options, const std::string& source);
int RunConfigKeys();
int RunVersion();

}  // namespace ismap::cli
