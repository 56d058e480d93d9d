#include <fmt/format.h>

#include <iostream>

#include "app/ledger.hpp"
#include "app/requirement_sets.hpp"
#include "app/system.hpp"
#include "cli/commands.hpp"
#include "cli/setup.hpp"
#include "core/config.hpp"

#ifndef ISMAP_VERSION
#define ISMAP_VERSION "unknown"
#endif

namespace ismap::cli {

int RunInit(const CommonOptions& options, const std::string& admin_email) {
  auto config = LoadConfigOrReport(options);
  if (!config) {
    return kExitConfig;
  }
  InitLogging(*config);
  auto db = OpenDatabaseOrReport(*config);
  if (!db) {
    return kExitFailure;
  }
  const core::SystemClock clock;
  auto report = app::InitializeSystem(*db, clock);
  if (!report) {
    std::cerr << "ismap init: " << report.error().message << "\n";
    return kExitFailure;
  }
  std::cout << fmt::format("{}: {} migrations applied; {}\n", db->Describe(), report->migrations_applied,
                           report->newly_initialized ? "ledger started" : "already initialised");
  auto seeded = app::SeedDefaultRequirementSet(*db, clock);
  if (!seeded) {
    std::cerr << "ismap init: " << seeded.error().message << "\n";
    return kExitFailure;
  }
  if (*seeded) {
    std::cout << fmt::format("stored the default audit-body requirement set {}\n", app::kShippedRequirementSetVersion);
  }
  return CreateFirstAdminOrReport(*db, *config, admin_email);
}

int RunMigrate(const CommonOptions& options) {
  auto config = LoadConfigOrReport(options);
  if (!config) {
    return kExitConfig;
  }
  InitLogging(*config);
  auto db = OpenDatabaseOrReport(*config);
  if (!db) {
    return kExitFailure;
  }
  auto applied = db->Migrate();
  if (!applied) {
    std::cerr << "ismap migrate: " << applied.error().message << "\n";
    return kExitFailure;
  }
  auto schema = db->Schema();
  std::cout << fmt::format("{}: {} migrations applied; schema version {}\n", db->Describe(), *applied,
                           schema ? schema->current : 0);
  return kExitOk;
}

int RunLedgerVerify(const CommonOptions& options) {
  auto config = LoadConfigOrReport(options);
  if (!config) {
    return kExitConfig;
  }
  InitLogging(*config);
  auto db = OpenDatabaseOrReport(*config);
  if (!db) {
    return kExitFailure;
  }
  auto result = app::VerifyLedger(*db);
  if (!result) {
    std::cerr << "ismap ledger verify: " << result.error().message << "\n";
    return kExitFailure;
  }
  if (result->bad_sequence) {
    std::cout << fmt::format("ledger BROKEN at event {}: {} ({} events before it verified)\n", *result->bad_sequence,
                             result->problem, result->checked);
    return kExitLedgerBroken;
  }
  std::cout << fmt::format("ledger OK: {} events verified\n", result->checked);
  return kExitOk;
}

int RunConfigKeys() {
  for (const auto& key : core::ConfigKeys()) {
    std::cout << fmt::format("{} = {}\n    {}\n    environment: {}\n", key.key, key.default_text, key.description,
                             core::EnvName(key.key));
  }
  return kExitOk;
}

int RunVersion() {
  std::cout << "ismap " << ISMAP_VERSION << "\n";
  return kExitOk;
}

}  // namespace ismap::cli
