#include "tabular/encoding.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace ismap::tabular::internal {

namespace {

bool IsContinuation(unsigned char c) { return (c & 0xc0) == 0x80; }

// East Asian Wide and Fullwidth blocks (Unicode UAX #11), coarsely: enough to size columns.
bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
         (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
         (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
}

}  // namespace

std::size_t FirstInvalidUtf8(std::string_view text) {
  const std::size_t valid = core::ValidUtf8Prefix(text);
  return valid == text.size() ? std::string_view::npos : valid;
}

bool LooksLikeShiftJis(std::string_view text) {
  const auto non_ascii_it =
      std::find_if(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  const auto first_non_ascii = static_cast<std::size_t>(non_ascii_it - text.begin());
  if (FirstInvalidUtf8(text) != first_non_ascii) {
    return false;
  }
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t non_ascii = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      continue;
    }
    ++non_ascii;
    if (c >= 0xa1 && c <= 0xdf) {  // half-width katakana
      continue;
    }
    const bool lead = (c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc);
    if (!lead || i + 1 >= text.size()) {
      return false;
    }
    const unsigned char t = s[++i];
    if (!((t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfc))) {
      return false;
    }
  }
  return non_ascii > 0;
}

TextPosition Locate(std::string_view text, std::size_t offset) {
  TextPosition pos;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const bool line_end = s[i] == '\n' || (s[i] == '\r' && (i + 1 >= text.size() || s[i + 1] != '\n'));
    if (line_end) {
      ++pos.line;
      pos.column = 1;
    } else if (s[i] != '\r' && !IsContinuation(s[i])) {
      ++pos.column;
    }
  }
  return pos;
}

std::size_t CodePointCount(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    n += IsContinuation(static_cast<unsigned char>(c)) ? 0 : 1;
  }
  return n;
}

std::size_t DisplayWidth(std::string_view text) {
  std::size_t widest = 0;
  std::size_t line = 0;
  std::size_t i = 0;
  char32_t cp = 0;
  while (i < text.size()) {
    const std::size_t len = core::DecodeUtf8(text, i, &cp);
    i += len == 0 ? 1 : len;
    if (cp == '\n') {
      line = 0;
      continue;
    }
    line += len != 0 && IsWide(cp) ? 2 : 1;
    widest = line > widest ? line : widest;
  }
  return widest;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

}  // namespace ismap::tabular::internal
