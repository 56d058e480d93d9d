// Table: the common shape of a CSV file and of one XLSX worksheet, for the import of the ISMAP
// control criteria from an operator's spreadsheet and for list exports that Excel users open.
//
// Cells are UTF-8 strings exactly as the file holds them (numbers as their stored text, dates as
// Excel serial numbers); nothing is typed here, so that the importer decides what a column means.
// A plain value type: thread-compatible.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ismap::tabular {

struct Table {
  std::string name;                            // the worksheet name for XLSX; empty for CSV
  std::vector<std::vector<std::string>> rows;  // rows[0] is the file's first row; rows may differ in length
};

// The cell at (row, column), 0-based, or "" when the table has no such cell (rows may be ragged).
std::string_view CellAt(const Table& table, std::size_t row, std::size_t column);

// The index of the first cell of rows[header_row] that equals `name` once spaces are trimmed from
// both ends of each (ASCII space and tab, and the ideographic space U+3000 that Japanese
// spreadsheets often carry), or nullopt if there is none. Otherwise an exact, case-sensitive match.
std::optional<std::size_t> FindColumn(const Table& table, std::string_view name, std::size_t header_row = 0);

}  // namespace ismap::tabular
