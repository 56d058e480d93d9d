// JSON shapes of the criteria resources (/api/v1/catalogs, /api/v1/controls, /api/v1/baselines).
// Absent optional values are explicit nulls; dates are YYYY-MM-DD, times RFC 3339.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "domain/criteria.hpp"

namespace ismap::http::api {

nlohmann::json EditionInfoToJson(const domain::EditionInfo& info);
nlohmann::json EditionToJson(const domain::Edition& edition);
// The id, titles, level, rule and flags of a control, without its texts.
nlohmann::json ControlSummaryJson(const domain::Control& control);
nlohmann::json ControlToJson(const domain::Control& control);
// Controls in document order as nested summaries with "children".
nlohmann::json TreeToJson(const std::vector<domain::Control>& controls);
nlohmann::json MappingToJson(const domain::ControlMapping& mapping);
nlohmann::json BaselineInfoToJson(const domain::BaselineInfo& info);
nlohmann::json BaselineToJson(const domain::Baseline& baseline);
nlohmann::json DiffToJson(const std::string& before, const std::string& after, const domain::EditionDiff& diff);

}  // namespace ismap::http::api
