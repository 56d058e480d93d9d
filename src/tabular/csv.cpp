#include "tabular/csv.hpp"

#include <csv.h>
#include <fmt/core.h>

#include <utility>
#include <vector>

#include "tabular/encoding.hpp"

namespace ismap::tabular {

namespace {

using core::ErrorCode;
using core::MakeError;

constexpr std::string_view kUtf8Bom = "\xef\xbb\xbf";

struct ParseState {
  Table table;
  std::vector<std::string> row;
  std::size_t cells = 0;
  std::size_t max_cells = 0;
  bool too_many_cells = false;
  std::size_t callbacks = 0;  // fields and rows completed so far: tells which chunk ended a field
};

void OnField(void* data, std::size_t len, void* opaque) {
  auto* state = static_cast<ParseState*>(opaque);
  ++state->callbacks;
  if (state->too_many_cells || ++state->cells > state->max_cells) {
    state->too_many_cells = true;
    return;
  }
  // libcsv passes a null buffer for an empty first field.
  state->row.push_back(len == 0 ? std::string() : std::string(static_cast<const char*>(data), len));
}

void OnRow(int /*terminator*/, void* opaque) {
  auto* state = static_cast<ParseState*>(opaque);
  ++state->callbacks;
  state->table.rows.push_back(std::move(state->row));
  state->row.clear();
}

// Spaces are data in RFC 4180; libcsv would otherwise trim them from unquoted fields.
int NoSpaces(unsigned char /*c*/) { return 0; }

// libcsv's parser, freed on every path.
class Parser {
 public:
  Parser() { csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI); }
  ~Parser() { csv_free(&parser_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  csv_parser* get() { return &parser_; }

 private:
  csv_parser parser_{};
};

core::Error At(std::string_view text, std::size_t offset, std::string reason, std::string_view what) {
  const internal::TextPosition pos = internal::Locate(text, offset);
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason),
                   fmt::format("CSV line {}, column {}: {}", pos.line, pos.column, what));
}

// Refuses what is not UTF-8 text, with the hint a Japanese operator needs.
core::Result<void> CheckEncoding(std::string_view text) {
  if (text.starts_with("\xff\xfe") || text.starts_with("\xfe\xff")) {
    return MakeError(ErrorCode::kInvalidArgument, "tabular.csv_not_text",
                     "the file is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8 (comma delimited)\"");
  }
  if (text.starts_with("PK\x03\x04")) {
    return MakeError(ErrorCode::kInvalidArgument, "tabular.csv_not_text",
                     "the file is an XLSX workbook (a ZIP archive), not CSV; upload it as XLSX or save it as "
                     "\"CSV UTF-8 (comma delimited)\"");
  }
  const std::size_t bad = internal::FirstInvalidUtf8(text);
  if (bad != std::string_view::npos) {
    if (internal::LooksLikeShiftJis(text)) {
      const internal::TextPosition pos = internal::Locate(text, bad);
      return MakeError(ErrorCode::kInvalidArgument, "tabular.csv_shift_jis",
                       fmt::format("the file is Shift_JIS (CP932), not UTF-8 (first at line {}, column {}); in "
                                   "Excel, save it as \"CSV UTF-8 (comma delimited)\" and upload it again",
                                   pos.line, pos.column));
    }
    return At(text, bad, "tabular.csv_invalid_utf8",
              "the bytes are not valid UTF-8; save the file as \"CSV UTF-8 (comma delimited)\"");
  }
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return At(text, nul, "tabular.csv_not_text", "a NUL byte: the file is not CSV text");
  }
  return core::Ok();
}

bool NeedsQuotes(std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") != std::string_view::npos) {
    return true;
  }
  return !cell.empty() && (cell.front() == ' ' || cell.front() == '\t' || cell.back() == ' ' || cell.back() == '\t');
}

bool LooksLikeFormula(std::string_view cell) {
  return !cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos;
}

void AppendField(std::string& out, std::string_view cell, bool escape_formulas) {
  std::string escaped;
  if (escape_formulas && LooksLikeFormula(cell)) {
    escaped = "'" + std::string(cell);
    cell = escaped;
  }
  if (!NeedsQuotes(cell)) {
    out += cell;
    return;
  }
  out.push_back('"');
  for (const char c : cell) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

core::Result<Table> ReadCsv(std::string_view bytes, const CsvReadOptions& options) {
  std::string_view text = bytes;
  if (text.starts_with(kUtf8Bom)) {
    text.remove_prefix(kUtf8Bom.size());
  }
  ISMAP_RETURN_IF_ERROR(CheckEncoding(text));

  ParseState state;
  state.max_cells = options.max_cells;
  Parser parser;
  csv_set_space_func(parser.get(), NoSpaces);

  // Feed libcsv one chunk per delimiter or line break, so that when it completes a field we know
  // the byte that ended it: `field_start` is where the field being parsed began.
  std::size_t pos = 0;
  std::size_t field_start = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of(",\r\n", pos);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::size_t before = state.callbacks;
    const std::size_t parsed = csv_parse(parser.get(), text.data() + pos, end - pos, OnField, OnRow, &state);
    if (parsed < end - pos) {
      const std::size_t at = pos + parsed;
      const bool quote = text[at] == '"';
      return At(text, at, "tabular.csv_bad_quote",
                fmt::format("field {}: {}", state.row.size() + 1,
                            quote ? "a quote inside an unquoted field (quote the whole field and double the quote)"
                                  : "text after a closing quote (a quoted field must end at a comma or line end)"));
    }
    if (state.too_many_cells) {
      return At(text, pos, "tabular.csv_too_many_cells",
                fmt::format("more than {} fields in the file", options.max_cells));
    }
    if (state.callbacks != before) {
      field_start = end;
    }
    pos = end;
  }
  if (csv_fini(parser.get(), OnField, OnRow, &state) != 0) {
    // The open quote is the first byte of the field, after any blank lines that libcsv skipped.
    const std::size_t open = text.find_first_not_of("\r\n", field_start);
    const internal::TextPosition at = internal::Locate(text, open);
    return MakeError(ErrorCode::kInvalidArgument, "tabular.csv_unterminated_quote",
                     fmt::format("CSV line {}, column {}: field {}: the quoted field that opens here is never "
                                 "closed (a quote is missing)",
                                 at.line, at.column, state.row.size() + 1));
  }
  if (state.too_many_cells) {
    return MakeError(ErrorCode::kInvalidArgument, "tabular.csv_too_many_cells",
                     fmt::format("CSV: more than {} fields in the file", options.max_cells));
  }
  return std::move(state.table);
}

std::string WriteCsv(const Table& table, const CsvOptions& options) {
  std::string out;
  if (options.bom) {
    out += kUtf8Bom;
  }
  for (const auto& row : table.rows) {
    if (row.empty() || (row.size() == 1 && row[0].empty())) {
      out += "\"\"";
    } else {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i > 0) {
          out.push_back(',');
        }
        AppendField(out, row[i], options.escape_formulas);
      }
    }
    out += options.line_end;
  }
  return out;
}

}  // namespace ismap::tabular
