#include "tabular/table.hpp"

namespace ismap::tabular {

namespace {

constexpr std::string_view kIdeographicSpace = "\xe3\x80\x80";  // U+3000

std::string_view TrimSpaces(std::string_view text) {
  while (true) {
    if (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
      text.remove_prefix(1);
    } else if (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
      text.remove_suffix(1);
    } else if (text.starts_with(kIdeographicSpace)) {
      text.remove_prefix(kIdeographicSpace.size());
    } else if (text.ends_with(kIdeographicSpace)) {
      text.remove_suffix(kIdeographicSpace.size());
    } else {
      return text;
    }
  }
}

}  // namespace

std::string_view CellAt(const Table& table, std::size_t row, std::size_t column) {
  if (row >= table.rows.size() || column >= table.rows[row].size()) {
    return {};
  }
  return table.rows[row][column];
}

std::optional<std::size_t> FindColumn(const Table& table, std::string_view name, std::size_t header_row) {
  if (header_row >= table.rows.size()) {
    return std::nullopt;
  }
  const std::string_view wanted = TrimSpaces(name);
  const auto& header = table.rows[header_row];
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (TrimSpaces(header[i]) == wanted) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace ismap::tabular
