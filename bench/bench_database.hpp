// The database a benchmark binary is pointed at on its command line: "sqlite:PATH", or a
// PostgreSQL URI or key=value DSN. Shared by the seeds and benchmarks of bench/.
#pragma once

#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/result.hpp"

namespace ismap::bench {

inline core::Result<core::StorageConfig> ParseDatabase(std::string_view text) {
  core::StorageConfig config;
  if (text.starts_with("sqlite:")) {
    config.kind = "sqlite";
    config.sqlite_path = std::string(text.substr(7));
  } else if (text.starts_with("postgresql://") || text.starts_with("postgres://") ||
             text.find("host=") != std::string_view::npos || text.find("dbname=") != std::string_view::npos) {
    config.kind = "postgres";
    config.postgres_dsn = std::string(text);
  } else {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "bench.bad_database",
                           "--database must be sqlite:PATH or a postgresql:// URI");
  }
  return config;
}

// The same, for a benchmark timing a seeded database: it never migrates (changes the schema of)
// what it is pointed at.
inline core::Result<core::StorageConfig> ParseSeededDatabase(std::string_view text) {
  auto config = ParseDatabase(text);
  if (config) {
    config->migrate_on_start = false;
  }
  return config;
}

}  // namespace ismap::bench
