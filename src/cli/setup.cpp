#include "cli/setup.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

namespace ismap::cli {

std::optional<core::Config> LoadConfigOrReport(const CommonOptions& options) {
  core::ConfigSources sources;
  sources.file = options.config_file;
  sources.env = core::ReadEnvironment();
  sources.flags = options.flags;
  auto config = core::LoadConfig(sources);
  if (!config) {
    std::cerr << "ismap: invalid configuration: " << config.error().message << "\n";
    return std::nullopt;
  }
  return *config;
}

void InitLogging(const core::Config& config) {
  auto logger = spdlog::stderr_color_mt("ismap");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(config.log.level));
}

app::IdentitySettings IdentitySettingsFrom(const core::Config& config) {
  app::IdentitySettings identity;
  identity.hashing.ops_limit = config.auth.argon2_ops_limit;
  identity.hashing.mem_limit_bytes = config.auth.argon2_memory_kib * 1024;
  identity.sessions.idle_timeout = config.auth.session_idle;
  identity.sessions.absolute_timeout = config.auth.session_absolute;
  identity.mfa_required = config.auth.mfa_required;
  return identity;
}

std::unique_ptr<storage::Database> OpenDatabaseOrReport(const core::Config& config) {
  auto db = storage::OpenDatabase(config.storage);
  if (!db) {
    std::cerr << "ismap: cannot open the database: " << db.error().message << "\n";
    return nullptr;
  }
  return std::move(*db);
}

bool MigrateIfBehindOrReport(storage::Database& db, std::string_view command) {
  if (auto schema = db.Schema(); schema && schema->current < schema->latest) {
    if (auto applied = db.Migrate(); !applied) {
      std::cerr << "ismap " << command << ": " << applied.error().message << "\n";
      return false;
    }
  }
  return true;
}

}  // namespace ismap::cli
