// Use cases about the installation itself: initialising, readiness, the figures on the home page,
// and demo data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/password.hpp"
#include "core/result.hpp"
#include "storage/database.hpp"

namespace ismap::app {

struct InitReport {
  int migrations_applied = 0;
  bool newly_initialized = false;  // true when this call wrote system.initialized
};

// Applies migrations and, on an empty ledger, records system.initialized. Safe to run again.
core::Result<InitReport> InitializeSystem(storage::Database& db, const core::Clock& clock);

// Records that the database was just restored from `source` (a file name, no secrets), so the
// ledger itself shows where its history resumed.
core::Result<void> RecordRestore(storage::Database& db, const core::Clock& clock, const std::string& source);

// On a database without users: the system organisation (if missing) and its first admin, with a
// random one-time password, returned to be shown once. nullopt when users exist already.
core::Result<std::optional<std::string>> CreateFirstAdmin(storage::Database& db, const core::Clock& clock,
                                                          const core::PasswordHashParams& hashing,
                                                          const std::string& email);

// Ok when the database answers and its schema is at least the one this build expects.
// kUnavailable otherwise, with what is wrong.
core::Result<void> CheckReadiness(storage::Database& db);

struct PublicFigures {
  std::int64_t organizations = 0;
  std::int64_t ledger_events = 0;
};
core::Result<PublicFigures> ReadPublicFigures(storage::Database& db);

// Creates one fictitious organisation of each kind and one user per role (DemoEmail/DemoPassword,
// TOTP not yet enrolled) unless organisations already exist. Returns how many organisations were
// created. Every one is a ledger event, like any other change.
core::Result<int> SeedDemoData(storage::Database& db, const core::Clock& clock,
                               const core::PasswordHashParams& hashing);

}  // namespace ismap::app
