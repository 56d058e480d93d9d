// The one path between an enum and its text (database, JSON, URLs, CSV): a constexpr table of
// (value, name) pairs per enum, read both ways. Header-only templates, used by every domain file
// that names an enum.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace ismap::domain {

template <class E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

// The name of `value`; the first entry's name for a value missing from the table (a defect the
// round-trip tests catch).
template <class E, std::size_t N>
constexpr std::string_view NameOf(const NameTable<E, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) {
      return name;
    }
  }
  return table[0].second;
}

template <class E, std::size_t N>
constexpr std::optional<E> ValueOf(const NameTable<E, N>& table, std::string_view text) {
  for (const auto& [v, name] : table) {
    if (name == text) {
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace ismap::domain
