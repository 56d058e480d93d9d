// Backup and restore of the embedded SQLite database with SQLite's online backup API: the copy is
// a consistent snapshot even while `ismap serve` keeps writing (WAL included).
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/result.hpp"

namespace ismap::storage::sqlite {

// Called as pages are copied: (pages done, pages in all).
using BackupProgress = std::function<void(int done, int total)>;

// Copies `source_path` to `target_path`. Refuses (kAlreadyExists) to overwrite an existing file,
// and leaves no partial file behind on failure.
core::Result<void> BackupDatabase(const std::string& source_path, const std::string& target_path,
                                  std::chrono::milliseconds busy_timeout, const BackupProgress& progress);

// Checks `backup_path` with PRAGMA integrity_check (kInvalidArgument naming the file when bad).
core::Result<void> CheckBackupIntegrity(const std::string& backup_path);

// Replaces the contents of `target_path` with `backup_path`. REQUIRES: no server is using
// `target_path` (the caller says so in its documentation; SQLite cannot tell).
core::Result<void> RestoreDatabase(const std::string& backup_path, const std::string& target_path,
                                   std::chrono::milliseconds busy_timeout, const BackupProgress& progress);

}  // namespace ismap::storage::sqlite
