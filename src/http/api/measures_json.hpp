// The JSON of the transitional measures and unregistered-service confirmations (issue 9), both
// ways. Reading refuses what it does not understand with the JSON pointer of the field
// (FieldProblem): unknown fields, wrong types, unknown enum values, bad dates. The rules (lengths,
// overlaps, required items) are the domain's and come back as the use cases' errors.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>

#include "app/unregistered_services.hpp"
#include "domain/transitional_measure.hpp"
#include "http/api/audit_body_json.hpp"

namespace ismap::http::api {

// {"title_ja"?, "title_en"?, "description_ja"?, "description_en"?, "effective_from",
// "effective_until", "relaxations": [..]} (and "version" when `allow_version`, read separately).
std::optional<FieldProblem> ReadMeasure(const nlohmann::json& body, domain::TransitionalMeasure& out,
                                        bool allow_version);
nlohmann::json MeasureToJson(const domain::TransitionalMeasure& measure);

// {"name_ja"?, "name_en"?, "provider_name", "model"?, "regions": [..], "url"?, "notes"?, "need",
// "edition"? (when `allow_edition`), "items"?: [{"control_id", "mark", "note"?}]} and "version"
// when `allow_version` (read separately).
std::optional<FieldProblem> ReadUnregisteredInput(const nlohmann::json& body, app::UnregisteredServiceInput& out,
                                                  bool allow_edition, bool allow_version);
// A list line: no items.
nlohmann::json UnregisteredSummaryToJson(const app::UnregisteredServiceView& view);
// The whole record with its items and the findings submit would refuse now.
nlohmann::json UnregisteredViewToJson(const app::UnregisteredServiceView& view);

}  // namespace ismap::http::api
