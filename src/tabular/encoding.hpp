// Byte-level text helpers shared by the CSV and XLSX code (internal to ismap_tabular): where UTF-8
// goes wrong, whether bytes are Shift_JIS instead (what Japanese Excel saves as "CSV" by default),
// line and column of an offset for error messages, and display width for sizing columns.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ismap::tabular::internal {

// Offset of the first byte of the first malformed UTF-8 sequence (overlongs, surrogates and code
// points above U+10FFFF are malformed), or std::string_view::npos when `text` is well-formed.
std::size_t FirstInvalidUtf8(std::string_view text);

// True if `text` decodes completely as Shift_JIS/CP932, holds a non-ASCII character, and its first
// non-ASCII byte does not start a valid UTF-8 sequence (else it is more likely UTF-8 damaged later:
// short runs of UTF-8 Japanese often happen to decode as CP932 too). For text that is not UTF-8.
bool LooksLikeShiftJis(std::string_view text);

// 1-based line and column of `offset`. Lines end at LF, CRLF or a lone CR; the column counts code
// points, as an editor shows it. REQUIRES: text[0, offset) is valid UTF-8 within its last line.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition Locate(std::string_view text, std::size_t offset);

// Code points in valid UTF-8 text.
std::size_t CodePointCount(std::string_view text);

// Width of the longest line in terminal columns: East Asian wide and full-width characters count 2.
std::size_t DisplayWidth(std::string_view text);

// Appends the UTF-8 encoding of `code_point` (REQUIRES: a Unicode scalar value).
void AppendUtf8(std::string& out, char32_t code_point);

}  // namespace ismap::tabular::internal
