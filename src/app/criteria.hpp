// Use cases on the control criteria and other catalogs: import (an edition with its baselines and
// mappings, an OSCAL profile as a baseline), reading (editions, the chapter tree, one control with
// its mappings), search, the diff between two editions, and what export needs.
//
// Reading is public (DESIGN.md §3: catalogs are public). Importing is the secretariat's, one
// transaction per import with one ledger event, so an import is wholly there or not at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/authorization.hpp"
#include "app/criteria_sources.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/criteria.hpp"
#include "storage/database.hpp"

namespace ismap::app {

struct ImportedEdition {
  domain::Edition edition;
  std::vector<domain::Baseline> baselines;
  std::int64_t mappings_added = 0;
};

// Validates and stores the edition, its baselines and mappings, and records
// catalog.edition_imported. kInvalidArgument (criteria.invalid_edition, criteria.bad_mapping),
// kAlreadyExists (catalog.duplicate_edition / duplicate_baseline).
core::Result<ImportedEdition> ImportEdition(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                            const CriteriaImport& import);

// A baseline of a stored edition; every entry must be an item of it (criteria.unknown_control).
core::Result<domain::Baseline> ImportBaseline(storage::Database& db, const core::Clock& clock,
                                              const Principal& principal, const domain::BaselineContent& baseline);

// Mappings whose `from` side is an item of a stored edition; the `to` side must be an item when its
// edition is stored (catalogs such as ISO/IEC 27001 may be named without being loaded).
core::Result<std::int64_t> ImportMappings(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                          const std::vector<domain::ControlMapping>& mappings);

core::Result<std::vector<domain::Edition>> ListEditions(storage::Database& db, const Principal& principal);

// The edition with every control in document order (the chapter tree is the parent links).
core::Result<domain::EditionContent> ReadEdition(storage::Database& db, const Principal& principal,
                                                 const std::string& key);
core::Result<domain::Edition> GetEdition(storage::Database& db, const Principal& principal, const std::string& key);

struct ControlPage {
  domain::Edition edition;
  domain::Control control;
  std::vector<domain::Control> ancestors;  // chapter first
  std::vector<domain::Control> children;
  std::vector<domain::ControlMapping> mappings;
};
core::Result<ControlPage> ReadControl(storage::Database& db, const Principal& principal, const std::string& key,
                                      const std::string& control_id);

// REQUIRES: 1 <= limit <= 500, offset >= 0. kInvalidArgument (catalog.search_text) for text that is
// empty or longer than 200 characters.
core::Result<std::vector<storage::ControlHit>> SearchControls(storage::Database& db, const Principal& principal,
                                                              const std::optional<std::string>& key,
                                                              const std::string& text, int limit, int offset);

core::Result<domain::EditionDiff> DiffEditions(storage::Database& db, const Principal& principal,
                                               const std::string& before_key, const std::string& after_key);

// Mappings from the items of an edition to other catalogs.
core::Result<std::vector<domain::ControlMapping>> ListMappingsFrom(storage::Database& db, const Principal& principal,
                                                                   const std::string& edition_key);

core::Result<std::vector<domain::Baseline>> ListBaselines(storage::Database& db, const Principal& principal,
                                                          const std::optional<std::string>& edition_key);
core::Result<domain::BaselineContent> ReadBaseline(storage::Database& db, const Principal& principal,
                                                   const std::string& key);

}  // namespace ismap::app
