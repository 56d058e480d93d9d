// ReadXlsx: handlers for the parts that XlsxArchive streams through expat turn workbook.xml, its
// relationships, sharedStrings.xml and the worksheets into Tables.
#include "tabular/xlsx.hpp"

#include <fmt/core.h>

#include <map>
#include <optional>
#include <utility>

#include "tabular/encoding.hpp"
#include "tabular/xlsx_archive.hpp"

namespace ismap::tabular {

namespace {

using core::ErrorCode;
using core::MakeError;
using internal::Attribute;
using internal::XlsxArchive;
using internal::XmlHandler;

constexpr std::size_t kMaxRows = 1'048'576;
constexpr std::size_t kMaxColumns = 16'384;

core::Error Invalid(std::string reason, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
    return (c | 0x20) - 'a' + 10;
  }
  return -1;
}

// Excel writes characters XML cannot carry (and CR) as _xHHHH_, and a literal "_xHHHH_" as
// "_x005F_xHHHH_". Surrogate pairs are joined; a lone surrogate stays as written.
std::string DecodeExcelEscapes(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) {
    return std::string(text);
  }
  auto escape_at = [&](std::size_t i) -> std::optional<char32_t> {
    if (i + 7 > text.size() || text[i] != '_' || text[i + 1] != 'x' || text[i + 6] != '_') {
      return std::nullopt;
    }
    char32_t unit = 0;
    for (std::size_t k = i + 2; k < i + 6; ++k) {
      const int digit = HexValue(text[k]);
      if (digit < 0) {
        return std::nullopt;
      }
      unit = unit * 16 + static_cast<char32_t>(digit);
    }
    return unit;
  };
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::optional<char32_t> unit = escape_at(i);
    if (!unit) {
      out.push_back(text[i++]);
      continue;
    }
    char32_t cp = *unit;
    std::size_t len = 7;
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const std::optional<char32_t> low = escape_at(i + 7);
      if (!low || *low < 0xdc00 || *low > 0xdfff) {
        out.push_back(text[i++]);
        continue;
      }
      cp = 0x10000 + ((cp - 0xd800) << 10) + (*low - 0xdc00);
      len = 14;
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      out.push_back(text[i++]);
      continue;
    }
    internal::AppendUtf8(out, cp);
    i += len;
  }
  return out;
}

// "AB12" -> 0-based (row 11, column 27); nullopt unless within Excel's grid.
std::optional<std::pair<std::size_t, std::size_t>> ParseCellRef(std::string_view ref) {
  std::size_t i = 0;
  std::size_t column = 0;
  for (; i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z')); ++i) {
    column = column * 26 + static_cast<std::size_t>((ref[i] | 0x20) - 'a' + 1);
    if (column > kMaxColumns) {
      return std::nullopt;
    }
  }
  const std::size_t letters = i;
  std::size_t row = 0;
  for (; i < ref.size() && ref[i] >= '0' && ref[i] <= '9'; ++i) {
    row = row * 10 + static_cast<std::size_t>(ref[i] - '0');
    if (row > kMaxRows) {
      return std::nullopt;
    }
  }
  if (letters == 0 || i == letters || i != ref.size() || row == 0) {
    return std::nullopt;
  }
  return std::make_pair(row - 1, column - 1);
}

std::optional<std::size_t> ParseIndex(std::string_view text, std::size_t max) {
  if (text.empty() || text.size() > 9) {
    return std::nullopt;
  }
  std::size_t n = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n <= max ? std::optional<std::size_t>(n) : std::nullopt;
}

// The text of a string item (<si> or <is>): its <t>, or the <t> of each rich-text run <r>; the
// phonetic runs <rPh> (furigana) are not part of the value.
class StringItem {
 public:
  void Start(std::string_view name) {
    if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t") {
      in_text_ = true;
    }
  }
  void End(std::string_view name) {
    if (name == "rPh") {
      --phonetic_;
    } else if (name == "t") {
      in_text_ = false;
    }
  }
  void Text(std::string_view text) {
    if (in_text_ && phonetic_ == 0) {
      raw_ += text;
    }
  }
  std::string Take() {
    std::string value = DecodeExcelEscapes(raw_);
    raw_.clear();
    return value;
  }

 private:
  std::string raw_;
  int phonetic_ = 0;
  bool in_text_ = false;
};

struct SheetRef {
  std::string name;
  std::string relationship_id;
};

class WorkbookHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attrs) override {
    if (name != "sheet") {
      return;
    }
    const char* sheet_name = Attribute(attrs, "name");
    const char* id = Attribute(attrs, "id");  // r:id
    if (sheet_name == nullptr || id == nullptr) {
      error = Invalid("tabular.xlsx_bad_xml", "a <sheet> without name or r:id");
      return;
    }
    sheets.push_back({sheet_name, id});
  }
  void End(std::string_view /*name*/) override {}
  std::vector<SheetRef> sheets;
};

struct Relationship {
  std::string type;
  std::string target;
};

class RelationshipsHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attrs) override {
    const char* id = Attribute(attrs, "Id");
    const char* type = Attribute(attrs, "Type");
    const char* target = Attribute(attrs, "Target");
    if (name == "Relationship" && id != nullptr && type != nullptr && target != nullptr) {
      by_id[id] = {type, target};
    }
  }
  void End(std::string_view /*name*/) override {}
  std::map<std::string, Relationship, std::less<>> by_id;
};

class SharedStringsHandler : public XmlHandler {
 public:
  explicit SharedStringsHandler(std::size_t max) : max_(max) {}
  void Start(std::string_view name, const char** /*attrs*/) override {
    if (name == "si") {
      in_item_ = true;
    } else if (in_item_) {
      item_.Start(name);
    }
  }
  void End(std::string_view name) override {
    if (name != "si") {
      item_.End(name);
      return;
    }
    in_item_ = false;
    if (strings.size() >= max_) {
      error = Invalid("tabular.xlsx_too_many_cells", fmt::format("more than {} shared strings", max_));
      return;
    }
    strings.push_back(item_.Take());
  }
  void Text(std::string_view text) override {
    if (in_item_) {
      item_.Text(text);
    }
  }
  std::vector<std::string> strings;

 private:
  std::size_t max_;
  StringItem item_;
  bool in_item_ = false;
};

// One worksheet's <sheetData> into a Table. `budget` is the cells (and rows) still allowed.
class SheetHandler : public XmlHandler {
 public:
  SheetHandler(Table* table, const std::vector<std::string>& shared, std::size_t* budget, std::size_t max_cells)
      : table_(table), shared_(shared), budget_(budget), max_cells_(max_cells) {}

  void Start(std::string_view name, const char** attrs) override {
    if (name == "sheetData") {
      in_data_ = true;
    } else if (!in_data_) {
      return;
    } else if (name == "row") {
      StartRow(attrs);
    } else if (name == "c") {
      StartCell(attrs);
    } else if (in_cell_ && name == "v") {
      in_value_ = true;
      has_value_ = true;
    } else if (in_cell_ && name == "is") {
      in_inline_ = true;
      has_value_ = true;
    } else if (in_inline_) {
      inline_.Start(name);
    }
  }

  void End(std::string_view name) override {
    if (name == "sheetData") {
      in_data_ = false;
    } else if (name == "v") {
      in_value_ = false;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (in_inline_) {
      inline_.End(name);
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      EndCell();
    }
  }

  void Text(std::string_view text) override {
    if (in_value_) {
      value_ += text;
    } else if (in_inline_) {
      inline_.Text(text);
    }
  }

 private:
  std::string CellName() const { return ColumnName(column_) + std::to_string(row_ + 1); }

  void Fail(std::string reason, std::string_view what) {
    error = Invalid(std::move(reason), fmt::format("cell {}: {}", CellName(), what));
  }

  void StartRow(const char** attrs) {
    ++row_;  // rows without r follow the previous one
    if (const char* r = Attribute(attrs, "r")) {
      const std::optional<std::size_t> n = ParseIndex(r, kMaxRows);
      if (!n || *n == 0) {
        error = Invalid("tabular.xlsx_bad_cell", fmt::format("bad row number \"{}\"", r));
        return;
      }
      row_ = *n - 1;
    }
    column_ = 0;
    next_column_ = 0;
  }

  void StartCell(const char** attrs) {
    in_cell_ = true;
    has_value_ = false;
    value_.clear();
    inline_ = StringItem();
    column_ = next_column_;  // cells without r follow the previous one
    if (const char* r = Attribute(attrs, "r")) {
      const auto ref = ParseCellRef(r);
      if (!ref) {
        error = Invalid("tabular.xlsx_bad_cell", fmt::format("bad cell reference \"{}\"", r));
        return;
      }
      row_ = ref->first;
      column_ = ref->second;
    }
    if (row_ >= kMaxRows || column_ >= kMaxColumns) {
      error = Invalid("tabular.xlsx_bad_cell", "a cell beyond XFD1048576");
      return;
    }
    next_column_ = column_ + 1;
    const char* t = Attribute(attrs, "t");
    type_ = t == nullptr ? "n" : t;
  }

  void EndCell() {
    if (!has_value_) {
      return;  // a styled blank cell
    }
    std::string text;
    if (type_ == "s") {
      const std::optional<std::size_t> index = ParseIndex(value_, shared_.size());
      if (!index || *index >= shared_.size()) {
        Fail("tabular.xlsx_bad_cell",
             fmt::format("shared string index \"{}\" out of range ({} strings)", value_, shared_.size()));
        return;
      }
      text = shared_[*index];
    } else if (type_ == "inlineStr") {
      text = inline_.Take();
    } else if (type_ == "str") {
      text = DecodeExcelEscapes(value_);
    } else if (type_ == "b") {
      if (value_ != "0" && value_ != "1") {
        Fail("tabular.xlsx_bad_cell", fmt::format("boolean \"{}\" is not 0 or 1", value_));
        return;
      }
      text = value_ == "1" ? "TRUE" : "FALSE";
    } else if (type_ == "n" || type_ == "e" || type_ == "d") {
      text = value_;
    } else {
      Fail("tabular.xlsx_bad_cell", fmt::format("unknown cell type \"{}\"", type_));
      return;
    }
    Place(std::move(text));
  }

  void Place(std::string text) {
    if (text.empty()) {
      return;  // rows end at their last non-empty cell
    }
    auto& rows = table_->rows;
    const std::size_t new_rows = row_ >= rows.size() ? row_ + 1 - rows.size() : 0;
    const std::size_t width = row_ < rows.size() ? rows[row_].size() : 0;
    const std::size_t new_cells = column_ >= width ? column_ + 1 - width : 0;
    if (new_rows + new_cells > *budget_) {
      Fail("tabular.xlsx_too_many_cells",
           fmt::format("the workbook expands to more than {} cells (empty ones filling gaps and rows count)",
                       max_cells_));
      return;
    }
    *budget_ -= new_rows + new_cells;
    if (new_rows > 0) {
      rows.resize(row_ + 1);
    }
    if (new_cells > 0) {
      rows[row_].resize(column_ + 1);
    }
    rows[row_][column_] = std::move(text);
  }

  Table* table_;
  const std::vector<std::string>& shared_;
  std::size_t* budget_;
  std::size_t max_cells_;
  bool in_data_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;
  bool in_inline_ = false;
  bool has_value_ = false;
  std::size_t row_ = static_cast<std::size_t>(-1);  // before the first row
  std::size_t column_ = 0;
  std::size_t next_column_ = 0;
  std::string type_;
  std::string value_;
  StringItem inline_;
};

// Relationship targets are relative to xl/ (where workbook.xml is) unless absolute.
std::string PartPath(std::string_view target) {
  if (target.starts_with('/')) {
    return std::string(target.substr(1));
  }
  return "xl/" + std::string(target);
}

bool HasType(const Relationship& rel, std::string_view kind) {
  return rel.type.size() > kind.size() && rel.type.ends_with(kind) &&
         rel.type[rel.type.size() - kind.size() - 1] == '/';
}

}  // namespace

core::Result<std::vector<Table>> ReadXlsx(std::string_view bytes, const XlsxReadOptions& options) {
  ISMAP_ASSIGN_OR_RETURN(XlsxArchive reader, XlsxArchive::Open(bytes, options));

  const std::string workbook_part = "xl/workbook.xml";
  if (!reader.Has(workbook_part)) {
    return Invalid("tabular.xlsx_missing_part", "no xl/workbook.xml: the ZIP archive is not an Excel workbook");
  }
  WorkbookHandler workbook;
  ISMAP_RETURN_IF_ERROR(reader.Parse(workbook_part, workbook_part, workbook));
  RelationshipsHandler rels;
  const std::string rels_part = "xl/_rels/workbook.xml.rels";
  ISMAP_RETURN_IF_ERROR(reader.Parse(rels_part, rels_part, rels));

  SharedStringsHandler shared(options.max_cells);
  std::string shared_part = "xl/sharedStrings.xml";
  for (const auto& [id, rel] : rels.by_id) {
    if (HasType(rel, "sharedStrings")) {
      shared_part = PartPath(rel.target);
    }
  }
  if (reader.Has(shared_part)) {
    ISMAP_RETURN_IF_ERROR(reader.Parse(shared_part, shared_part, shared));
  }

  std::vector<Table> tables;
  std::size_t budget = options.max_cells;
  for (const SheetRef& sheet : workbook.sheets) {
    const auto rel = rels.by_id.find(sheet.relationship_id);
    if (rel == rels.by_id.end()) {
      return Invalid("tabular.xlsx_missing_part", fmt::format("sheet \"{}\": no relationship \"{}\" in {}", sheet.name,
                                                              sheet.relationship_id, rels_part));
    }
    if (!HasType(rel->second, "worksheet")) {
      continue;  // chart sheets and dialog sheets hold no cells
    }
    const std::string part = PartPath(rel->second.target);
    Table table{sheet.name, {}};
    SheetHandler handler(&table, shared.strings, &budget, options.max_cells);
    ISMAP_RETURN_IF_ERROR(reader.Parse(part, fmt::format("sheet \"{}\" ({})", sheet.name, part), handler));
    tables.push_back(std::move(table));
  }
  return tables;
}

std::string ColumnName(std::size_t column) {
  std::string name;
  for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

}  // namespace ismap::tabular
