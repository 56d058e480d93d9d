// The evaluator's checklist for audit bodies (issue 6): a configurable, versioned requirement set.
// The secretariat publishes a new version (never changes one: an evaluation names the version it
// was started with); the latest published version is the one new evaluations use. Anyone may read
// what is required. A default set (our wording, not the programme's: src/app/data/
// audit-body-requirements.json) ships with the program and is stored by SeedDefaultRequirementSet.
#pragma once

#include <string>
#include <string_view>

#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit_body.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// The version of the set that ships with the program, and the placeholder migration V005 stores.
inline constexpr char kShippedRequirementSetVersion[] = "2026-01";
inline constexpr char kMigrationRequirementSetVersion[] = "ismap-ab-default-1";

// A requirement set from its JSON form:
//   {"version": "...", "metadata": {...any...}, "items": [{"id", "text_ja", "text_en"}, ...]}
// kInvalidArgument (requirement_set.bad_json) whose message starts with "<source>: <JSON pointer>: "
// ("sets/2026.json: /items/3/text_ja: expected a string"), or the domain's
// audit_body.invalid_requirement_set (prefixed with the source) when the set breaks its rules.
core::Result<domain::RequirementSet> ParseRequirementSet(std::string_view json_text, std::string_view source);
// The set as JSON, in the same form (without metadata).
std::string RequirementSetJson(const domain::RequirementSet& set);

// The shipped default set, parsed from the embedded file.
core::Result<domain::RequirementSet> ShippedRequirementSet();

// The set new evaluations use. Public (kReadPublic). kNotFound (requirement_set.not_found).
core::Result<domain::RequirementSet> CurrentRequirementSet(storage::Database& db, const Principal& principal);

// Stores a new version, which becomes the current one (kManageRequirementSets: the secretariat,
// administrators, the operator). Validated by domain::ValidateRequirementSet; an existing version
// is refused (kAlreadyExists requirement_set.duplicate_version). Records
// audit_body.requirement_set_published.
core::Result<domain::RequirementSet> PublishRequirementSet(storage::Database& db, const core::Clock& clock,
                                                           const Principal& principal,
                                                           const domain::RequirementSet& set);

// Stores the shipped set when the database holds no set, or only migration V005's placeholder,
// recording audit_body.requirement_set_published as the system. True when it stored it; false
// (nothing written) on every later call and once the secretariat has published a set of its own.
core::Result<bool> SeedDefaultRequirementSet(storage::Database& db, const core::Clock& clock);

}  // namespace ismap::app
