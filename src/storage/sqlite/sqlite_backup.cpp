#include "storage/sqlite/sqlite_backup.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

#include "storage/sqlite/queries.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ismap::storage::sqlite {
namespace {

constexpr int kPagesPerStep = 256;

// Copies every page of `from` into `to`, a few at a time so writers are not blocked for long.
core::Result<void> CopyPages(sqlite3* from, sqlite3* to, const BackupProgress& progress) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) {
    return SqliteError(sqlite3_extended_errcode(to), "backup_init", sqlite3_errmsg(to));
  }
  int rc = SQLITE_OK;
  while (true) {
    rc = sqlite3_backup_step(backup, kPagesPerStep);
    const int total = sqlite3_backup_pagecount(backup);
    if (progress) {
      progress(total - sqlite3_backup_remaining(backup), total);
    }
    if (rc == SQLITE_DONE) {
      break;
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      sqlite3_sleep(50);
      continue;
    }
    if (rc != SQLITE_OK) {
      break;
    }
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return SqliteError(rc, "backup_step", sqlite3_errmsg(to));
  }
  return core::Ok();
}

}  // namespace

core::Result<void> BackupDatabase(const std::string& source_path, const std::string& target_path,
                                  std::chrono::milliseconds busy_timeout, const BackupProgress& progress) {
  std::error_code ec;
  if (std::filesystem::exists(target_path, ec)) {
    return core::MakeError(core::ErrorCode::kAlreadyExists, "backup.target_exists",
                           fmt::format("{} already exists; choose a new file", target_path));
  }
  if (!std::filesystem::exists(source_path, ec)) {
    return core::MakeError(core::ErrorCode::kNotFound, "backup.source_missing",
                           fmt::format("{} does not exist", source_path));
  }
  ISMAP_ASSIGN_OR_RETURN(auto source, Connection::Open(source_path, busy_timeout));
  ISMAP_ASSIGN_OR_RETURN(auto target, Connection::Open(target_path, busy_timeout));
  auto copied = CopyPages(source->raw(), target->raw(), progress);
  if (!copied) {
    target.reset();
    std::filesystem::remove(target_path, ec);
    return copied;
  }
  return target->Exec(kBackupSingleFile);
}

core::Result<void> CheckBackupIntegrity(const std::string& backup_path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(backup_path, ec)) {
    return core::MakeError(core::ErrorCode::kNotFound, "backup.missing", fmt::format("{} does not exist", backup_path));
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(backup_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return core::MakeError(core::ErrorCode::kInvalidArgument, "backup.unreadable",
                           fmt::format("{}: not an SQLite database", backup_path));
  }
  std::string verdict;
  char* message = nullptr;
  const int rc = sqlite3_exec(
      db, kIntegrityCheck.sql,
      [](void* out, int, char** values, char**) {
        auto* text = static_cast<std::string*>(out);
        if (values[0] != nullptr) {
          *text += values[0];
        }
        return 0;
      },
      &verdict, &message);
  const std::string detail = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  if (rc != SQLITE_OK || verdict != "ok") {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "backup.corrupt",
                           fmt::format("{}: integrity check failed: {}{}", backup_path, verdict, detail));
  }
  return core::Ok();
}

core::Result<void> RestoreDatabase(const std::string& backup_path, const std::string& target_path,
                                   std::chrono::milliseconds busy_timeout, const BackupProgress& progress) {
  ISMAP_RETURN_IF_ERROR(CheckBackupIntegrity(backup_path));
  const std::filesystem::path target(target_path);
  if (target.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
  }
  ISMAP_ASSIGN_OR_RETURN(auto source, Connection::Open(backup_path, busy_timeout));
  ISMAP_ASSIGN_OR_RETURN(auto destination, Connection::Open(target_path, busy_timeout));
  return CopyPages(source->raw(), destination->raw(), progress);
}

}  // namespace ismap::storage::sqlite
