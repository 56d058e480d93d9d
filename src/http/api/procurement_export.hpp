// A procurement check in words (issue 9): each gap as a sentence in the reader's language, and the
// whole record as one table for its CSV and XLSX downloads, so an agency can file what it relied
// on. The procurement pages show the same sentences.
#pragma once

#include <string>

#include "core/i18n.hpp"
#include "domain/procurement.hpp"
#include "tabular/table.hpp"

namespace ismap::http::api {

// "14.2.7: not adopted", "Regions: only 福岡", with the gap's control and detail filled in and
// tracks and service models named in `language`.
std::string GapText(core::Language language, const domain::Gap& gap);

// One row per gap (one row for a service that meets the profile), headed in `language`: the day
// checked, the profile, the outcome, the service's number, names, provider, list, model, regions
// and validity, then the gap's sentence, kind and control.
tabular::Table CheckTable(const domain::ProcurementCheck& check, core::Language language);

}  // namespace ismap::http::api
