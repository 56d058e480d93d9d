// A statement's (言明書) files in and out, and the audit results from OSCAL (issue 7): the
// selection of controls as CSV and XLSX in the layout of docs/statement_import.md, the statement as
// an OSCAL 1.1.3 System Security Plan, and an audit body's results as OSCAL assessment-results.
//
// Pure functions: no database, no clock (the time is passed in), no file system (bytes in, bytes
// out; `file` only names the file in messages). Thread-safe.
//
// Every import is checked against the statement's edition of the criteria and refused whole on the
// first problem: kInvalidArgument with a reason "statement_file.*" (ja and en texts in
// src/core/messages) and an English message that names the file and the row and column
// (spreadsheets) or the JSON pointer (OSCAL). Imports check the file's shape and ids, not the
// selection rules: domain::CheckSelection does that on what they return.
//
// OSCAL control ids are tokens that cannot start with a digit, so an ISMAP item "5.1.1.2" is the
// OSCAL control id "ismap-5.1.1.2" (oscal::OscalControlId, as the exported catalogs and profiles
// use); ids that are tokens already (NIST "ac-2.1") are kept. Import maps back through the edition.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/criteria.hpp"
#include "domain/engagement.hpp"
#include "domain/statement.hpp"
#include "tabular/table.hpp"

namespace ismap::app {

// ---- spreadsheets (docs/statement_import.md) ----

// The columns, in the order export writes them. Import needs control_id and adopted; the others
// may be left out; any other column is refused.
inline constexpr std::string_view kStatementColumns[] = {"control_id", "level",   "title_ja", "title_en",
                                                         "mandatory",  "adopted", "reason",   "implementation"};

// One row per item of the edition in its order, groups (chapters, categories) included with an
// empty adopted cell for readability; each control filled from its entry in `entries` (adopted "1"
// or "0"), or with an empty adopted cell when there is none (undecided). Entries for ids the
// edition does not have are appended at the end, so nothing is lost. Sheet name "statement".
tabular::Table StatementTable(const domain::EditionContent& edition,
                              const std::vector<domain::StatementEntry>& entries);

// StatementTable as CSV: UTF-8 with a BOM, CRLF, RFC 4180 quoting.
std::string ExportStatementCsv(const domain::EditionContent& edition,
                               const std::vector<domain::StatementEntry>& entries);
// StatementTable as a workbook with one sheet "statement". kInternal tabular.xlsx_write_failed.
core::Result<std::string> ExportStatementXlsx(const domain::EditionContent& edition,
                                              const std::vector<domain::StatementEntry>& entries);

// The entries of a spreadsheet, in the file's order: a row with an empty adopted cell (a group, or
// a control not decided yet) gives no entry. Errors, kInvalidArgument:
//   statement_file.empty            no header row, or no rows at all
//   statement_file.shift_jis        a Shift_JIS (CP932) CSV: "save as UTF-8 CSV"
//   statement_file.not_text         binary data, UTF-16, an XLSX given as CSV
//   statement_file.bad_csv          malformed CSV (quotes) or invalid UTF-8, with the line
//   statement_file.bad_xlsx         not a readable workbook, or an .xls
//   statement_file.wrong_delimiter  the header is one cell holding ';' or tabs
//   statement_file.unknown_column   a header cell that is not one of kStatementColumns
//   statement_file.missing_column   no control_id or no adopted column
//   statement_file.duplicate_column a column twice
//   statement_file.unknown_control  a control id the edition does not have (row, column)
//   statement_file.group_row        a chapter or category marked adopted or not adopted
//   statement_file.duplicate_row    a control on two rows (both rows named)
//   statement_file.bad_adopted      adopted is not 1/0, 採用/不採用, yes/no, true/false, ○/×
core::Result<std::vector<domain::StatementEntry>> ImportStatementTable(const domain::EditionContent& edition,
                                                                       const tabular::Table& table,
                                                                       const std::string& file);
core::Result<std::vector<domain::StatementEntry>> ImportStatementCsv(const domain::EditionContent& edition,
                                                                     std::string_view bytes, const std::string& file);
// The sheet named "statement", else the first one.
core::Result<std::vector<domain::StatementEntry>> ImportStatementXlsx(const domain::EditionContent& edition,
                                                                      std::string_view bytes, const std::string& file);

// ---- OSCAL System Security Plan ----

struct SspExportOptions {
  std::string service_name;                          // system-name and the title; "(unnamed service)" when empty
  std::string service_id;                            // system-ids[0].id; a new UUID when empty
  std::string provider_name;                         // the provider's party in metadata; none when empty
  std::string import_profile_href;                   // default: the edition's key
  std::string sensitivity_level = "ismap-standard";  // security-sensitivity-level
  core::TimePoint last_modified;                     // metadata/last-modified
};

// The statement as an OSCAL 1.1.3 SSP, pretty-printed, valid against the schema: metadata titled
// after the service, import-profile, system-characteristics from the scope and overview, one
// component "this-system", and one implemented-requirement per adopted control whose by-component
// description is the implementation text; fresh v4 UUIDs every time. kInvalidArgument
// statement_file.nothing_adopted (OSCAL needs at least one implemented requirement);
// kInternal statement_file.export_invalid if the result would not validate (a defect).
core::Result<std::string> ExportStatementSsp(const domain::EditionContent& edition, const domain::Statement& statement,
                                             const SspExportOptions& options);

// The entries of an SSP: every implemented-requirement adopted, with the descriptions of its
// by-components and its statements' by-components as implementation (joined by blank lines); every
// other control of the edition (not groups, not withdrawn) not adopted with an empty reason, for the
// editor to ask for one. In the edition's order. Errors, kInvalidArgument:
//   statement_file.invalid_oscal       not JSON, or invalid against the schema (the findings listed)
//   statement_file.wrong_model         valid OSCAL but not a system-security-plan
//   statement_file.unknown_control_id  a control-id the edition does not have, or a group (pointer)
//   statement_file.duplicate_control   two implemented-requirements for one control (pointer)
core::Result<std::vector<domain::StatementEntry>> ImportStatementSsp(const domain::EditionContent& edition,
                                                                     std::string_view json, const std::string& file);

// ---- OSCAL assessment-results ----

// The results of every results[] entry, in the order controls first appear (reviewed-controls'
// include-controls, then findings). Per control:
//   - a finding whose target-id is the control's OSCAL id (or that id with a "_obj"/"_smt..."
//     suffix, as NIST writes objective ids): status "satisfied" -> kNoException, "not-satisfied" ->
//     kException with the finding's description (and the target's, when given) as description;
//     several findings: any exception wins, descriptions joined;
//   - a reviewed control without a finding -> kNotPerformed;
//   - procedure: the related observations' descriptions, one line each, after their methods
//     ("TEST: ..."), or verbatim when the observation carries the ISMAP prop "procedure" (what
//     ExportAssessmentResults writes); observations may also name controls with ISMAP "control" props;
//   - design / operating: the finding's ISMAP prop "evaluation" ("design", "operating",
//     "design-and-operating"); without it both, unless not performed.
// Errors, kInvalidArgument: statement_file.invalid_oscal, statement_file.wrong_model,
// statement_file.unknown_control_id (a control-id or target-id the edition does not have, pointer).
core::Result<std::vector<domain::ControlResult>> ImportAssessmentResults(const domain::EditionContent& edition,
                                                                         std::string_view json,
                                                                         const std::string& file);

struct AssessmentExportOptions {
  std::string title = "ISMAP audit results";            // metadata/title and the result's title
  std::string import_ap_href = "assessment-plan.json";  // import-ap: the plan the audit followed
  core::TimePoint start;                                // results' start, metadata's last-modified
};

// The results as OSCAL 1.1.3 assessment-results that ImportAssessmentResults reads back to the same
// results: one result reviewing every control, a finding per performed control, an observation per
// control holding the procedure. kInternal statement_file.export_invalid if it would not validate.
core::Result<std::string> ExportAssessmentResults(const domain::EditionContent& edition,
                                                  const std::vector<domain::ControlResult>& results,
                                                  const AssessmentExportOptions& options);

}  // namespace ismap::app
