// The backends the storage contract suite runs against. PostgreSQL joins this list with its
// backend; every repository test then runs on both.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/config.hpp"
#include "storage/database.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::testing {

struct Backend {
  std::string name;
  // Opens a fresh, empty, migrated database that lives as long as `dir`.
  std::function<std::unique_ptr<storage::Database>(const TempDir& dir)> open;
};

inline std::unique_ptr<storage::Database> OpenSqlite(const TempDir& dir) {
  core::StorageConfig config;
  config.sqlite_path = dir.File("test.db");
  auto db = storage::OpenDatabase(config);
  if (!db || !(*db)->Migrate()) {
    return nullptr;
  }
  return std::move(*db);
}

inline std::vector<Backend> AllBackends() { return {{"sqlite", OpenSqlite}}; }

}  // namespace ismap::testing
