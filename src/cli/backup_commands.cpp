#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "app/ledger.hpp"
#include "app/system.hpp"
#include "cli/commands.hpp"
#include "cli/setup.hpp"
#include "storage/sqlite/sqlite_backup.hpp"

namespace ismap::cli {
namespace {

// Progress on stderr, one line rewritten in place; long copies show they are moving.
storage::sqlite::BackupProgress ProgressLine(const char* verb) {
  return [verb](int done, int total) {
    const int percent = total == 0 ? 100 : done * 100 / total;
    std::cerr << fmt::format("\r{}: {:3}% ({}/{} pages)", verb, percent, done, total) << std::flush;
    if (done == total) {
      std::cerr << "\n";
    }
  };
}

bool RequireSqlite(const core::Config& config, const char* command) {
  if (config.storage.kind == "sqlite") {
    return true;
  }
  std::cerr << "ismap " << command
            << ": only for the embedded SQLite database; back up PostgreSQL with pg_dump or base backups "
               "(docs/operations.md)\n";
  return false;
}

}  // namespace

int RunBackup(const CommonOptions& options, const std::string& target) {
  auto config = LoadConfigOrReport(options);
  if (!config) {
    return kExitConfig;
  }
  if (!RequireSqlite(*config, "backup")) {
    return kExitConfig;
  }
  auto done = storage::sqlite::BackupDatabase(config->storage.sqlite_path, target, config->storage.busy_timeout,
                                              ProgressLine("backup"));
  if (!done) {
    std::cerr << "ismap backup: " << done.error().message << "\n";
    return done.error().code == core::ErrorCode::kUnavailable ? kExitFailure : kExitConfig;
  }
  std::cout << fmt::format("backed up {} to {}\n", config->storage.sqlite_path, target);
  return kExitOk;
}

int RunRestore(const CommonOptions& options, const std::string& source) {
  auto config = LoadConfigOrReport(options);
  if (!config) {
    return kExitConfig;
  }
  if (!RequireSqlite(*config, "restore")) {
    return kExitConfig;
  }
  // Check the backup before touching anything: a sound file, a schema this build knows, and a
  // ledger that verifies. A refused restore leaves the current database as it was.
  if (auto sound = storage::sqlite::CheckBackupIntegrity(source); !sound) {
    std::cerr << "ismap restore: " << sound.error().message << "\n";
    return kExitConfig;
  }
  core::StorageConfig backup_config = config->storage;
  backup_config.sqlite_path = source;
  backup_config.pool_size = 1;
  {
    auto backup = storage::OpenDatabase(backup_config);
    if (!backup) {
      std::cerr << "ismap restore: " << backup.error().message << "\n";
      return kExitConfig;
    }
    auto schema = (*backup)->Schema();
    if (!schema || schema->current == 0 || schema->current > schema->latest) {
      std::cerr << fmt::format("ismap restore: {} is not an ismap database this version can use\n", source);
      return kExitConfig;
    }
    auto verification = app::VerifyLedger(**backup);
    if (!verification || verification->bad_sequence) {
      std::cerr << fmt::format("ismap restore: the ledger in {} does not verify{}{}\n", source,
                               verification ? ": " : "", verification ? verification->problem : "");
      return kExitLedgerBroken;
    }
  }
  auto done = storage::sqlite::RestoreDatabase(source, config->storage.sqlite_path, config->storage.busy_timeout,
                                               ProgressLine("restore"));
  if (!done) {
    std::cerr << "ismap restore: " << done.error().message << "\n";
    return kExitFailure;
  }
  auto restored = storage::OpenDatabase(config->storage);
  const core::SystemClock clock;
  if (!restored || !app::RecordRestore(**restored, clock, std::filesystem::path(source).filename().string())) {
    std::cerr << "ismap restore: restored, but could not record system.restored in the ledger\n";
    return kExitFailure;
  }
  std::cout << fmt::format("restored {} from {}\n", config->storage.sqlite_path, source);
  return kExitOk;
}

}  // namespace ismap::cli
