// WriteXlsx: validates names and sizes first, then has libxlsxwriter write a private temporary file
// (it can only write to a path), reads the bytes back and removes the file.
#include "tabular/xlsx.hpp"

#include <fmt/core.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "tabular/encoding.hpp"

namespace ismap::tabular {

namespace {

using core::ErrorCode;
using core::MakeError;

constexpr std::size_t kMaxRows = 1'048'576;
constexpr std::size_t kMaxColumns = 16'384;
constexpr std::size_t kMaxCellChars = 32'767;
constexpr std::size_t kMaxSheetNameChars = 31;

core::Error Invalid(std::string reason, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

core::Error WriteFailed(std::string message) {
  return MakeError(ErrorCode::kInternal, "tabular.xlsx_write_failed", std::move(message));
}

// Excel counts UTF-16 code units: characters outside the BMP count twice.
std::size_t Utf16Length(std::string_view utf8) {
  std::size_t n = internal::CodePointCount(utf8);
  for (const char c : utf8) {
    n += (static_cast<unsigned char>(c) & 0xf8) == 0xf0 ? 1 : 0;
  }
  return n;
}

core::Result<void> CheckSheetName(const std::string& name) {
  auto bad = [&](std::string_view why) {
    return Invalid("tabular.xlsx_bad_sheet_name", fmt::format("sheet name \"{}\": {}", name, why));
  };
  if (name.empty()) {
    return bad("empty");
  }
  if (internal::FirstInvalidUtf8(name) != std::string_view::npos) {
    return bad("not UTF-8");
  }
  if (Utf16Length(name) > kMaxSheetNameChars) {
    return bad(fmt::format("{} characters, Excel allows at most {}", Utf16Length(name), kMaxSheetNameChars));
  }
  if (name.find_first_of(":\\/?*[]") != std::string::npos) {
    return bad("holds one of : \\ / ? * [ ]");
  }
  if (name.front() == '\'' || name.back() == '\'') {
    return bad("starts or ends with an apostrophe");
  }
  if (core::AsciiLower(name) == "history") {
    return bad("\"History\" is reserved by Excel");
  }
  return core::Ok();
}

core::Result<void> Validate(const std::vector<Table>& tables) {
  if (tables.empty()) {
    return Invalid("tabular.xlsx_no_sheets", "a workbook needs at least one sheet");
  }
  std::set<std::string> seen;
  for (const Table& table : tables) {
    ISMAP_RETURN_IF_ERROR(CheckSheetName(table.name));
    if (!seen.insert(core::AsciiLower(table.name)).second) {
      return Invalid("tabular.xlsx_duplicate_sheet",
                     fmt::format("sheet name \"{}\" is used twice (Excel ignores case)", table.name));
    }
    if (table.rows.size() > kMaxRows) {
      return Invalid("tabular.xlsx_too_big",
                     fmt::format("sheet \"{}\": {} rows, Excel allows {}", table.name, table.rows.size(), kMaxRows));
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      if (table.rows[r].size() > kMaxColumns) {
        return Invalid("tabular.xlsx_too_big", fmt::format("sheet \"{}\" row {}: {} columns, Excel allows {}",
                                                           table.name, r + 1, table.rows[r].size(), kMaxColumns));
      }
      for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
        const std::string& cell = table.rows[r][c];
        if (internal::FirstInvalidUtf8(cell) != std::string_view::npos) {
          return Invalid("tabular.xlsx_bad_cell",
                         fmt::format("sheet \"{}\" cell {}{}: not UTF-8", table.name, ColumnName(c), r + 1));
        }
        if (internal::CodePointCount(cell) > kMaxCellChars) {
          return Invalid("tabular.xlsx_bad_cell", fmt::format("sheet \"{}\" cell {}{}: over {} characters", table.name,
                                                              ColumnName(c), r + 1, kMaxCellChars));
        }
      }
    }
  }
  return core::Ok();
}

// libxlsxwriter escapes control characters as _xHHHH_ but writes a literal "_xHHHH_" as is, which
// readers (Excel, ReadXlsx) would decode; Excel's own escape for it is "_x005F_xHHHH_".
std::string EscapeLiteralEscapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool escape = i + 7 <= text.size() && text[i] == '_' && text[i + 1] == 'x' && text[i + 6] == '_' &&
                        std::all_of(text.begin() + static_cast<std::ptrdiff_t>(i) + 2,
                                    text.begin() + static_cast<std::ptrdiff_t>(i) + 6,
                                    [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
    out += escape ? std::string_view("_x005F_") : text.substr(i, 1);
  }
  return out;
}

// A file created by mkstemp, removed when this goes out of scope.
class TempFile {
 public:
  static core::Result<TempFile> Create(const std::string& dir) {
    std::error_code ec;
    const std::filesystem::path base =
        dir.empty() ? std::filesystem::temp_directory_path(ec) : std::filesystem::path(dir);
    if (ec) {
      return WriteFailed("no temporary directory: " + ec.message());
    }
    std::string path = (base / "ismap-xlsx-XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) {
      return WriteFailed(fmt::format("cannot create a temporary file in {}: {}", base.string(),
                                     std::error_code(errno, std::generic_category()).message()));
    }
    close(fd);
    return TempFile(std::move(path));
  }
  TempFile(TempFile&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempFile& operator=(TempFile&&) = delete;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) {
      unlink(path_.c_str());
    }
  }
  const std::string& path() const { return path_; }

 private:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

void WriteSheet(lxw_worksheet* sheet, const Table& table, lxw_format* header_format, const XlsxOptions& options,
                lxw_error* status) {
  std::vector<std::size_t> widths;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (row[c].empty()) {
        continue;  // an empty cell is no cell in XLSX
      }
      widths[c] = std::max(widths[c], internal::DisplayWidth(row[c]));
      const lxw_error e =
          worksheet_write_string(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                 EscapeLiteralEscapes(row[c]).c_str(), r == 0 ? header_format : nullptr);
      if (e != LXW_NO_ERROR && *status == LXW_NO_ERROR) {
        *status = e;
      }
    }
  }
  for (std::size_t c = 0; c < widths.size(); ++c) {
    const double width =
        std::clamp(static_cast<double>(widths[c]) + 2, options.min_column_width, options.max_column_width);
    worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
  }
  if (options.freeze_header && !table.rows.empty()) {
    worksheet_freeze_panes(sheet, 1, 0);
  }
}

}  // namespace

core::Result<std::string> WriteXlsx(const std::vector<Table>& tables, const XlsxOptions& options) {
  ISMAP_RETURN_IF_ERROR(Validate(tables));
  ISMAP_ASSIGN_OR_RETURN(TempFile file, TempFile::Create(options.temp_dir));

  std::string tmpdir = std::filesystem::path(file.path()).parent_path().string();
  lxw_workbook_options lxw_options{};
  lxw_options.tmpdir = tmpdir.data();
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &lxw_options);
  if (workbook == nullptr) {
    return WriteFailed("libxlsxwriter could not start a workbook");
  }
  lxw_format* header_format = nullptr;
  if (options.bold_header) {
    header_format = workbook_add_format(workbook);
    format_set_bold(header_format);
  }
  lxw_error status = LXW_NO_ERROR;
  for (const Table& table : tables) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, table.name.c_str());
    if (sheet == nullptr) {
      status = LXW_ERROR_SHEETNAME_ALREADY_USED;  // validated above; libxlsxwriter still had its say
      break;
    }
    WriteSheet(sheet, table, header_format, options, &status);
  }
  const lxw_error closed = workbook_close(workbook);  // also frees it
  if (status != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
    return WriteFailed(fmt::format("libxlsxwriter: {}", lxw_strerror(status != LXW_NO_ERROR ? status : closed)));
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return WriteFailed("cannot read back " + file.path());
  }
  return bytes;
}

}  // namespace ismap::tabular
