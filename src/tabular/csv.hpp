// CSV (RFC 4180) read and write for the criteria import and list exports. Japanese operators open
// and save these files in Excel, so the choices follow what Excel does:
//
// Reading (libcsv, strict mode): fields separated by commas, records by CRLF, LF or CR; quoted
// fields may hold commas, doubled quotes and line breaks. A leading UTF-8 BOM is dropped. Spaces are
// data (never trimmed). Blank lines are skipped. Rows keep the number of fields the file gives them.
// The bytes must be UTF-8: Excel's plain "CSV" is Shift_JIS (CP932) on Japanese Windows, and such a
// file is refused with a message asking for "CSV UTF-8", as are UTF-16 text, binary data and XLSX.
//
// Writing: UTF-8 with a BOM by default (without it Excel reads the bytes as Shift_JIS and shows
// mojibake), CRLF line ends, fields quoted only when they must be. Thread-safe (no shared state).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "tabular/table.hpp"

namespace ismap::tabular {

struct CsvReadOptions {
  std::size_t max_cells = 2'000'000;  // fields in the whole file; more is refused (memory guard)
};

// Parses `bytes` into a table with an empty name. Errors, all kInvalidArgument, with the line (and
// the column, counted in characters, and the field where known) in the message:
//   tabular.csv_unterminated_quote  a quoted field is never closed (names the line where it opens)
//   tabular.csv_bad_quote           a quote inside an unquoted field, or text after a closing quote
//   tabular.csv_invalid_utf8        bytes that are not UTF-8
//   tabular.csv_shift_jis           the file is Shift_JIS/CP932 ("save as CSV UTF-8")
//   tabular.csv_not_text            UTF-16, NUL bytes, or an XLSX/ZIP file
//   tabular.csv_too_many_cells      more than options.max_cells fields
core::Result<Table> ReadCsv(std::string_view bytes, const CsvReadOptions& options = {});

struct CsvOptions {
  bool bom = true;                // start with EF BB BF so that Excel detects UTF-8
  std::string line_end = "\r\n";  // after every row, the last one included
  // Guard against CSV/formula injection (OWASP) for exports opened in a spreadsheet: a cell that
  // starts with '=', '+', '-', '@', TAB or CR gets a leading single quote, so Excel shows it as text
  // instead of evaluating it. It changes data ("-5" becomes "'-5"), so leave it off for files that
  // are read back (round trips, imports); turn it on for exports of user-supplied text.
  bool escape_formulas = false;
};

// Writes `table` as CSV. A field is quoted (with inner quotes doubled) when it holds a comma, a
// quote, CR or LF, or starts or ends with a space or tab. A row with no cells, or with a single
// empty cell, is written as `""` so that it is not a blank line (which ReadCsv skips); it reads back
// as one empty cell. REQUIRES: cells are UTF-8.
std::string WriteCsv(const Table& table, const CsvOptions& options = {});

}  // namespace ismap::tabular
