// Demo mode's catalogs: the criteria skeleton as edition "ismap-skeleton", a demo revision of it
// ("ismap-skeleton-2024-demo", so the diff pages have something to compare), the NIST SP 800-53
// rev5.0.1 catalog with the LOW, MODERATE and HIGH baselines, and an illustrative crosswalk
// between the two (src/app/demo/, compiled in). Files come from `data_dir` (the shared data);
// a missing one is skipped with a warning.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// Does nothing when any edition is loaded already. Returns how many files or editions it loaded.
core::Result<int> SeedDemoCatalogs(storage::Database& db, const core::Clock& clock, const std::string& data_dir);

}  // namespace ismap::app
