// XLSX (Office Open XML SpreadsheetML) read and write, for the criteria import from an operator's
// workbook and for list exports.
//
// Reading (libzip from memory, expat): every worksheet in workbook order, named as in Excel. Cells
// are placed by their reference ("AB12"), gaps become "", each row ends at its last non-empty cell
// and trailing empty rows are dropped, so rows[i] is Excel's row i+1. Values are text as stored:
// shared and inline strings (rich-text runs joined; the phonetic furigana runs <rPh> that Japanese
// Excel adds are ignored; Excel's _xHHHH_ escapes decoded), numbers and dates as their stored number
// (dates are serial numbers; styles are not read), booleans as TRUE/FALSE, errors as "#N/A" etc.,
// formulas as their cached value. Chart sheets are skipped. Untrusted input is bounded: each XML
// part's uncompressed size (checked against the ZIP header and again while inflating), the bytes
// inflated in all, and the cells materialised (gaps included); DTDs are refused.
//
// Writing (libxlsxwriter): one worksheet per table, every cell a string (no formulas, so no formula
// injection), header row bold and frozen, column widths from the content. Thread-safe: no shared
// state; WriteXlsx uses a private temporary file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "tabular/table.hpp"

namespace ismap::tabular {

struct XlsxReadOptions {
  std::uint64_t max_entry_bytes = 64ULL << 20;   // one XML part, uncompressed
  std::uint64_t max_total_bytes = 256ULL << 20;  // all parts read, uncompressed
  // Cells of all sheets, counting the "" that fill gaps and one per row, so that a far-away cell
  // reference cannot make a tiny file expand in memory; also caps the shared strings.
  std::size_t max_cells = 2'000'000;
};

// Reads every worksheet of the workbook in `bytes`. Errors are kInvalidArgument and name the part,
// and the sheet and cell where there is one:
//   tabular.xlsx_not_zip         not a ZIP archive (or a damaged one)
//   tabular.xlsx_legacy_xls      an .xls file or a password-protected workbook (both OLE2): save as .xlsx
//   tabular.xlsx_missing_part    no xl/workbook.xml, or a sheet whose part is missing
//   tabular.xlsx_entry_too_large a part over max_entry_bytes, or max_total_bytes in all
//   tabular.xlsx_too_many_cells  more than max_cells cells or shared strings
//   tabular.xlsx_bad_xml         malformed XML or a DTD
//   tabular.xlsx_bad_cell        a bad cell reference, type, boolean or shared-string index
// (kInternal tabular.xlsx_out_of_memory if expat cannot allocate a parser.)
core::Result<std::vector<Table>> ReadXlsx(std::string_view bytes, const XlsxReadOptions& options = {});

struct XlsxOptions {
  bool bold_header = true;       // row 1 in bold
  bool freeze_header = true;     // row 1 stays visible while scrolling
  double min_column_width = 8;   // in Excel's character units
  double max_column_width = 60;  // longer text is cut off in view, never in the data
  std::string temp_dir;          // for the temporary file; empty: $TMPDIR, else /tmp
};

// Writes `tables` as a workbook, one worksheet per table named table.name; an empty cell is no
// cell in XLSX, so ReadXlsx gives back rows without their trailing empty cells. Validated before
// anything is written; kInvalidArgument with:
//   tabular.xlsx_no_sheets           `tables` is empty
//   tabular.xlsx_bad_sheet_name      empty, not UTF-8, longer than 31 characters (UTF-16 units, as
//                                    Excel counts), holding : \ / ? * [ ], starting or ending with
//                                    an apostrophe, or "History" (reserved by Excel)
//   tabular.xlsx_duplicate_sheet     two names equal ignoring ASCII case (as Excel compares them)
//   tabular.xlsx_too_big             more than 1,048,576 rows or 16,384 columns in a sheet
//   tabular.xlsx_bad_cell            a cell that is not UTF-8 or is over 32,767 characters
// kInternal tabular.xlsx_write_failed when the temporary file cannot be written or read.
core::Result<std::string> WriteXlsx(const std::vector<Table>& tables, const XlsxOptions& options = {});

// Excel's name for a 0-based column index: 0 -> "A", 25 -> "Z", 26 -> "AA".
std::string ColumnName(std::size_t column);

}  // namespace ismap::tabular
