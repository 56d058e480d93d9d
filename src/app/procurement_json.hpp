// The JSON form of requirement profiles and procurement checks (issue 9): what storage keeps (a
// profile's body, a check's record) and what the API answers are the same text, so a saved check
// reads back exactly as it was shown. Decoding refuses what it cannot read with kInternal
// (storage.corrupt): only this file writes these documents.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "core/result.hpp"
#include "domain/procurement.hpp"

namespace ismap::app {

// {"id","agency","name","purpose","edition","baseline","added":[{"edition","control","ismap_controls"}],
//  "conditions":{"models","regions","track","valid_through"},"version","created_at","updated_at"}
nlohmann::json ProfileJson(const domain::Profile& profile);
core::Result<domain::Profile> ProfileFromJson(const std::string& text);

// {"id","agency","checked_on","checked_at","checked_by","profile":{...},"measure":{..}|null,
//  "requirement_count","unmapped":[..],"counts":{"meets","unconfirmed","misses"},
//  "services":[{"service","name_ja",...,"outcome","gaps":[{"kind","control","detail"}]}]}
// as text, "id" first: null for a check that has none yet (a preview, or a record being saved).
std::string CheckJsonText(const domain::ProcurementCheck& check);
// `text` of CheckJsonText with the id a saved record got, when it had none.
std::string WithCheckId(std::string text, domain::ProcurementCheckId id);
core::Result<domain::ProcurementCheck> CheckFromJson(const std::string& text);

}  // namespace ismap::app
