// Helpers shared by statement_files.cpp (spreadsheets) and statement_oscal.cpp (OSCAL SSP and
// assessment-results): errors, trimming, UUIDs and JSON text. Internal to ismap_app.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/crypto.hpp"
#include "core/result.hpp"
#include "domain/criteria.hpp"
#include "oscal/catalog_convert.hpp"

namespace ismap::app::statement_files_internal {

using Json = nlohmann::ordered_json;

inline constexpr std::size_t kMaxFindingsShown = 20;

inline core::Error Invalid(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

// ASCII space and tab, and the ideographic space U+3000, trimmed from both ends.
inline std::string_view Trim(std::string_view text) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  bool changed = true;
  while (changed && !text.empty()) {
    changed = false;
    if (text.front() == ' ' || text.front() == '\t') {
      text.remove_prefix(1);
      changed = true;
    } else if (text.starts_with(kIdeographicSpace)) {
      text.remove_prefix(kIdeographicSpace.size());
      changed = true;
    }
    if (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
      text.remove_suffix(1);
      changed = true;
    } else if (text.ends_with(kIdeographicSpace)) {
      text.remove_suffix(kIdeographicSpace.size());
      changed = true;
    }
  }
  return text;
}

// A random (version 4) UUID.
inline std::string NewUuid() {
  std::string hex = core::RandomHex(16);
  hex[12] = '4';
  const int variant = (hex[16] >= 'a' ? hex[16] - 'a' + 10 : hex[16] - '0') & 3;
  hex[16] = "89ab"[variant];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

// Text for an OSCAL string field (non-empty, one line, no space at either end).
inline std::string OneLine(std::string_view text, std::string_view fallback) {
  std::string out;
  for (const char c : text) {
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  std::string_view trimmed = out;
  while (!trimmed.empty() && trimmed.front() == ' ') {
    trimmed.remove_prefix(1);
  }
  while (!trimmed.empty() && trimmed.back() == ' ') {
    trimmed.remove_suffix(1);
  }
  return trimmed.empty() ? std::string(fallback) : std::string(trimmed);
}

inline std::string Dump(const Json& json) { return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"; }

// The edition's items by id.
inline std::map<std::string, const domain::Control*, std::less<>> ControlsById(const domain::EditionContent& edition) {
  std::map<std::string, const domain::Control*, std::less<>> out;
  for (const auto& control : edition.controls) {
    out.emplace(control.id, &control);
  }
  return out;
}

// The OSCAL control id of every item of the edition, mapped back to the item.
inline std::map<std::string, const domain::Control*, std::less<>> ControlsByOscalId(
    const domain::EditionContent& edition) {
  std::map<std::string, const domain::Control*, std::less<>> out;
  for (const auto& control : edition.controls) {
    out.emplace(oscal::OscalControlId(edition.info.scheme, control.id), &control);
  }
  return out;
}

}  // namespace ismap::app::statement_files_internal
