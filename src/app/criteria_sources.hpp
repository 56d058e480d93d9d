// The criteria formats that are not OSCAL: the shipped skeleton (control-criteria-skeleton.json) and
// the spreadsheet layout of docs/criteria_import.md (CSV, or XLSX with the same columns), both ways.
//
// Nothing is dropped: columns and JSON members this program does not know are kept in
// Control::source_json / EditionInfo::source_json and written back on export. Errors name the file
// and the row (spreadsheets) or the JSON pointer (skeleton).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/criteria.hpp"
#include "tabular/table.hpp"

namespace ismap::app {

// What one import brings: an edition, the baselines it defines (the ISMAP standard baseline, and
// the ISMAP-LIU one when the source marks LIU items) and mappings to other catalogs.
struct CriteriaImport {
  domain::EditionContent edition;
  std::vector<domain::BaselineContent> baselines;
  std::vector<domain::ControlMapping> mappings;
};

// The skeleton's chapters, categories and objectives as an "ismap" edition with key `key`.
// kInvalidArgument (criteria.bad_skeleton) naming `file` and the JSON pointer of the problem.
core::Result<CriteriaImport> ImportSkeleton(std::string_view json_text, const std::string& file, std::string key);

// The control rows of a spreadsheet (first row: headers, see docs/criteria_import.md) into an
// edition described by `info`. kInvalidArgument (criteria.bad_sheet) naming `file`, row and column.
core::Result<CriteriaImport> ImportCriteriaTable(const tabular::Table& controls, const domain::EditionInfo& info,
                                                 const std::string& file);

// The "edition" sheet of a workbook: two columns, field and value (key, scheme, version,
// effective_date, title_ja, title_en, source). Fields present override `info`.
core::Result<domain::EditionInfo> ReadEditionSheet(const tabular::Table& sheet, domain::EditionInfo info,
                                                   const std::string& file);

// Mapping rows (from, to_edition, to, relationship, source): `from` is an item of `edition_key`.
core::Result<std::vector<domain::ControlMapping>> ImportMappingTable(const tabular::Table& mappings,
                                                                     const std::string& edition_key,
                                                                     const std::string& file);

// An edition in the spreadsheet layout (both languages in columns), the inverse of
// ImportCriteriaTable; `liu` lists the items of its ISMAP-LIU baseline, if any. What a spreadsheet
// or the skeleton said beyond the known columns comes back as columns.
tabular::Table CriteriaTable(const domain::EditionContent& edition, const std::vector<std::string>& liu);
// Mappings in the layout ImportMappingTable reads (sheet "mappings").
tabular::Table MappingTable(const std::vector<domain::ControlMapping>& mappings);
// The "edition" sheet for `info`.
tabular::Table EditionSheet(const domain::EditionInfo& info);

}  // namespace ismap::app
