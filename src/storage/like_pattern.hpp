// The LIKE pattern both backends use for "contains `text`": the text with '\', '%' and '_' escaped
// by '\' (so the user's characters match themselves; the queries say ESCAPE '\'), ASCII letters
// folded to lower case, between two '%'. SQLite's LIKE already ignores ASCII case; PostgreSQL
// folds the columns' ASCII letters the same way, so both find exactly the same rows.
#pragma once

#include <string>
#include <string_view>

namespace ismap::storage {

inline std::string ContainsPattern(std::string_view text) {
  std::string pattern;
  pattern.reserve(text.size() + 2);
  pattern.push_back('%');
  for (const char c : text) {
    if (c == '\\' || c == '%' || c == '_') {
      pattern.push_back('\\');
      pattern.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      pattern.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      pattern.push_back(c);  // UTF-8 bytes of other characters pass unchanged
    }
  }
  pattern.push_back('%');
  return pattern;
}

}  // namespace ismap::storage
