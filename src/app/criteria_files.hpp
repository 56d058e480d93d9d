// Criteria files in and out, for `ismap catalog import|export`, the demo data and the download
// endpoints: which format a file is, reading it into the criteria model, and writing an edition or a
// baseline in each format.
//
// Formats: the skeleton (JSON with "chapters"), CSV and XLSX in the layout of
// docs/criteria_import.md, an OSCAL catalog (an edition) and an OSCAL profile (a baseline of a stored
// edition, resolved against it). OSCAL documents are validated against the 1.1.3 schema first and
// refused with their findings when invalid, since an export of them would be invalid too.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/authorization.hpp"
#include "app/criteria.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "oscal/json_schema.hpp"
#include "storage/database.hpp"

namespace ismap::app {

enum class CriteriaFormat { kSkeleton, kCsv, kXlsx, kOscalCatalog, kOscalProfile };
// "skeleton", "csv", "xlsx", "oscal-catalog", "oscal-profile".
std::optional<CriteriaFormat> CriteriaFormatFromString(std::string_view text);

struct FileImportOptions {
  std::optional<CriteriaFormat> format;  // nullopt: from the extension, and for .json from the content
  // The edition's description: required for CSV; overrides an XLSX "edition" sheet; for OSCAL the
  // key (default: from the file name) and scheme (default: "nist-sp800-53" when the title says
  // 800-53, else "oscal").
  domain::EditionInfo info;
  std::string language = "en";                 // of an OSCAL document's titles and prose
  std::vector<std::string> mapping_files;      // CSV files of mappings from this edition
  std::optional<std::string> profile_edition;  // the stored edition an OSCAL profile selects from
  std::optional<std::string> baseline_key;     // default: from the file name
};

struct FileImportResult {
  std::optional<ImportedEdition> edition;
  std::optional<domain::Baseline> baseline;
  std::vector<oscal::Finding> warnings;  // schema or resolution warnings that did not stop the import
};

// kInvalidArgument naming the file with the line, row or JSON pointer; kNotFound for a missing file.
core::Result<FileImportResult> ImportCriteriaFile(storage::Database& db, const core::Clock& clock,
                                                  const Principal& principal, const std::string& path,
                                                  const FileImportOptions& options);

enum class ExportFormat { kOscal, kCsv, kXlsx };
std::optional<ExportFormat> ExportFormatFromString(std::string_view text);

// The edition as an OSCAL catalog in `language` ("ja" or "en"), or in the spreadsheet layout (CSV:
// the controls; XLSX: edition, controls and mappings sheets).
core::Result<std::string> ExportEdition(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                        const std::string& key, ExportFormat format, const std::string& language);

// The baseline as an OSCAL profile in `language`, importing its edition's catalog as
// "<edition>.<language>.json" (the name `ismap catalog export` gives it).
core::Result<std::string> ExportBaseline(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                         const std::string& key, const std::string& language);

}  // namespace ismap::app
