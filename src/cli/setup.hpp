// What every subcommand does first: load the configuration, set up logging, open the database.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "app/identity.hpp"
#include "cli/commands.hpp"
#include "core/config.hpp"
#include "storage/database.hpp"

namespace ismap::cli {

// Loads file, environment and flags; prints the error naming the key and returns nullopt.
std::optional<core::Config> LoadConfigOrReport(const CommonOptions& options);

// Logs go to stderr (stdout carries the access log).
void InitLogging(const core::Config& config);

// Password hashing, session timeouts and MFA policy from the configuration.
app::IdentitySettings IdentitySettingsFrom(const core::Config& config);

// Prints the error and returns null when the database cannot be opened.
std::unique_ptr<storage::Database> OpenDatabaseOrReport(const core::Config& config);

// Applies pending migrations, so a command run before `ismap serve` finds the schema it needs.
// Prints the error as "ismap <command>: ..." and returns false when migrating fails.
bool MigrateIfBehindOrReport(storage::Database& db, std::string_view command);

}  // namespace ismap::cli
