// A statement's entries as CSV and XLSX in the layout of docs/statement_import.md.
#include "app/statement_files.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>

#include "app/statement_files_internal.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "oscal/catalog_convert.hpp"
#include "oscal/oscal_validator.hpp"
#include "tabular/csv.hpp"
#include "tabular/xlsx.hpp"

namespace ismap::app {
namespace {

using namespace statement_files_internal;  // NOLINT: this file's own helpers

// ---- spreadsheets ----

std::optional<bool> ParseAdopted(std::string_view text) {
  const std::string lower = core::AsciiLower(text);
  if (lower == "1" || lower == "yes" || lower == "true" || lower == "y" || text == "採用" || text == "○" ||
      text == "〇") {
    return true;
  }
  if (lower == "0" || lower == "no" || lower == "false" || lower == "n" || text == "不採用" || text == "×" ||
      text == "x" || text == "X") {
    return false;
  }
  return std::nullopt;
}

std::string Where(const std::string& file, std::size_t row, std::size_t column, std::string_view name) {
  return fmt::format("{}: row {}, column {} ({})", file, row + 1, tabular::ColumnName(column), name);
}

// Column index of each known header, after checking the header row.
struct Columns {
  std::map<std::string, std::size_t, std::less<>> index;
  std::optional<std::size_t> Find(std::string_view name) const {
    auto it = index.find(name);
    return it == index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }
};

bool KnownColumn(std::string_view name) {
  for (const auto column : kStatementColumns) {
    if (column == name) {
      return true;
    }
  }
  return false;
}

core::Result<Columns> ReadHeader(const tabular::Table& table, const std::string& file) {
  if (table.rows.empty()) {
    return Invalid("statement_file.empty", file + ": the file is empty; the first row must name the columns (" +
                                               std::string(kStatementColumns[0]) + ", adopted, ...)");
  }
  const auto& header = table.rows[0];
  std::size_t non_empty = 0;
  for (const auto& cell : header) {
    non_empty += Trim(cell).empty() ? 0 : 1;
  }
  if (non_empty == 0) {
    return Invalid("statement_file.empty",
                   file + ": row 1 is empty; it must name the columns (control_id, adopted, ...)");
  }
  if (non_empty == 1 && header.size() >= 1) {
    const std::string_view only = Trim(header[0]);
    if (only.find(';') != std::string_view::npos || only.find('\t') != std::string_view::npos) {
      return Invalid("statement_file.wrong_delimiter",
                     file +
                         ": row 1 is a single cell holding ';' or tabs: the file must be separated by commas "
                         "(save as \"CSV UTF-8\")");
    }
  }
  Columns columns;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string name(Trim(header[c]));
    if (name.empty()) {
      for (std::size_t r = 1; r < table.rows.size(); ++r) {
        if (!Trim(tabular::CellAt(table, r, c)).empty()) {
          return Invalid("statement_file.unknown_column",
                         fmt::format("{}: column {} has no name in row 1 but holds data in row {}", file,
                                     tabular::ColumnName(c), r + 1));
        }
      }
      continue;
    }
    if (!KnownColumn(name)) {
      return Invalid("statement_file.unknown_column",
                     fmt::format("{}: row 1, column {}: unknown column \"{}\" (the columns are control_id, level, "
                                 "title_ja, title_en, mandatory, adopted, reason, implementation)",
                                 file, tabular::ColumnName(c), name));
    }
    if (!columns.index.emplace(name, c).second) {
      return Invalid("statement_file.duplicate_column", fmt::format("{}: row 1, column {}: column \"{}\" appears twice",
                                                                    file, tabular::ColumnName(c), name));
    }
  }
  for (const std::string_view required : {std::string_view("control_id"), std::string_view("adopted")}) {
    if (!columns.Find(required)) {
      return Invalid("statement_file.missing_column",
                     fmt::format("{}: row 1 has no column \"{}\" (required)", file, required));
    }
  }
  return columns;
}

}  // namespace

// ---- spreadsheets ----

tabular::Table StatementTable(const domain::EditionContent& edition,
                              const std::vector<domain::StatementEntry>& entries) {
  tabular::Table table;
  table.name = "statement";
  table.rows.emplace_back(std::begin(kStatementColumns), std::end(kStatementColumns));
  std::map<std::string, const domain::StatementEntry*, std::less<>> entry_of;
  for (const auto& entry : entries) {
    entry_of.emplace(entry.control_id, &entry);
  }
  std::set<std::string, std::less<>> written;
  for (const auto& control : edition.controls) {
    const auto it = entry_of.find(control.id);
    const domain::StatementEntry* entry = it == entry_of.end() ? nullptr : it->second;
    std::string mandatory;
    if (!control.is_group) {
      mandatory = control.withdrawn ? std::string("withdrawn") : std::string(domain::ToString(control.rule));
    }
    table.rows.push_back({control.id, std::string(domain::ToString(control.level)), control.title_ja, control.title_en,
                          mandatory, entry == nullptr ? "" : (entry->adopted ? "1" : "0"),
                          entry == nullptr ? "" : entry->reason, entry == nullptr ? "" : entry->implementation});
    written.insert(control.id);
  }
  for (const auto& entry : entries) {
    if (written.insert(entry.control_id).second) {
      table.rows.push_back(
          {entry.control_id, "", "", "", "", entry.adopted ? "1" : "0", entry.reason, entry.implementation});
    }
  }
  return table;
}

std::string ExportStatementCsv(const domain::EditionContent& edition,
                               const std::vector<domain::StatementEntry>& entries) {
  return tabular::WriteCsv(StatementTable(edition, entries));
}

core::Result<std::string> ExportStatementXlsx(const domain::EditionContent& edition,
                                              const std::vector<domain::StatementEntry>& entries) {
  return tabular::WriteXlsx({StatementTable(edition, entries)});
}

core::Result<std::vector<domain::StatementEntry>> ImportStatementTable(const domain::EditionContent& edition,
                                                                       const tabular::Table& table,
                                                                       const std::string& file) {
  ISMAP_ASSIGN_OR_RETURN(const Columns columns, ReadHeader(table, file));
  const std::size_t id_column = *columns.Find("control_id");
  const std::size_t adopted_column = *columns.Find("adopted");
  const auto reason_column = columns.Find("reason");
  const auto implementation_column = columns.Find("implementation");
  const auto controls = ControlsById(edition);
  std::map<std::string, std::size_t, std::less<>> row_of;  // control id -> 0-based row
  std::vector<domain::StatementEntry> entries;
  for (std::size_t r = 1; r < table.rows.size(); ++r) {
    bool blank = true;
    for (const auto& cell : table.rows[r]) {
      blank = blank && Trim(cell).empty();
    }
    if (blank) {
      continue;
    }
    const std::string id(Trim(tabular::CellAt(table, r, id_column)));
    const std::string_view adopted_text = Trim(tabular::CellAt(table, r, adopted_column));
    const std::string reason = reason_column ? std::string(tabular::CellAt(table, r, *reason_column)) : std::string();
    const std::string implementation =
        implementation_column ? std::string(tabular::CellAt(table, r, *implementation_column)) : std::string();
    const auto control = controls.find(id);
    if (id.empty() || control == controls.end()) {
      return Invalid("statement_file.unknown_control",
                     Where(file, r, id_column, "control_id") +
                         (id.empty() ? std::string(": the control id is empty")
                                     : fmt::format(": \"{}\" is not a control of edition {}", id, edition.info.key)));
    }
    if (control->second->is_group) {
      if (!adopted_text.empty()) {
        return Invalid("statement_file.group_row",
                       Where(file, r, adopted_column, "adopted") +
                           fmt::format(": {} is a chapter or category, which is not adopted itself; leave the cell "
                                       "empty and choose its controls",
                                       id));
      }
      continue;
    }
    const auto [previous, inserted] = row_of.emplace(id, r);
    if (!inserted) {
      return Invalid("statement_file.duplicate_row",
                     Where(file, r, id_column, "control_id") +
                         fmt::format(": control {} is on row {} already", id, previous->second + 1));
    }
    if (adopted_text.empty()) {
      if (!Trim(reason).empty() || !Trim(implementation).empty()) {
        return Invalid(
            "statement_file.bad_adopted",
            Where(file, r, adopted_column, "adopted") +
                fmt::format(": control {} has text but no decision; give 1 (adopted) or 0 (not adopted)", id));
      }
      continue;  // undecided
    }
    const auto adopted = ParseAdopted(adopted_text);
    if (!adopted) {
      return Invalid("statement_file.bad_adopted",
                     Where(file, r, adopted_column, "adopted") +
                         fmt::format(": \"{}\" is not one of 1/0, 採用/不採用, yes/no, true/false", adopted_text));
    }
    entries.push_back({id, *adopted, reason, implementation});
  }
  return entries;
}

core::Result<std::vector<domain::StatementEntry>> ImportStatementCsv(const domain::EditionContent& edition,
                                                                     std::string_view bytes, const std::string& file) {
  auto table = tabular::ReadCsv(bytes);
  if (!table) {
    const std::string& reason = table.error().reason;
    if (reason == "tabular.csv_shift_jis") {
      return Invalid("statement_file.shift_jis",
                     file +
                         ": the file is Shift_JIS (CP932), not UTF-8: save as UTF-8 CSV (in Excel, \"CSV UTF-8 "
                         "(Comma delimited)\") / Shift_JIS のファイルです。UTF-8 の CSV（Excel では「CSV UTF-8 "
                         "(コンマ区切り)」）で保存してください");
    }
    if (reason == "tabular.csv_not_text") {
      return Invalid("statement_file.not_text", file + ": not a CSV text file: " + table.error().message);
    }
    return Invalid("statement_file.bad_csv", file + ": " + table.error().message);
  }
  return ImportStatementTable(edition, *table, file);
}

core::Result<std::vector<domain::StatementEntry>> ImportStatementXlsx(const domain::EditionContent& edition,
                                                                      std::string_view bytes, const std::string& file) {
  auto sheets = tabular::ReadXlsx(bytes);
  if (!sheets) {
    return Invalid("statement_file.bad_xlsx", file + ": " + sheets.error().message);
  }
  if (sheets->empty()) {
    return Invalid("statement_file.empty", file + ": the workbook has no worksheet");
  }
  const tabular::Table* sheet = &sheets->front();
  for (const auto& candidate : *sheets) {
    if (candidate.name == "statement") {
      sheet = &candidate;
      break;
    }
  }
  return ImportStatementTable(edition, *sheet, file + " (sheet \"" + sheet->name + "\")");
}

}  // namespace ismap::app
