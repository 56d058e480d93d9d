// What every backend's repositories say when a row is missing, stale or unreadable, and how they
// read the dates and times stored as text (both schemas store YYYY-MM-DD and RFC 3339 UTC text).
// Header-only; for repository files written after issue 9 (older files keep local copies).
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/date.hpp"

namespace ismap::storage::rows {

inline core::Error Corrupt(const std::string& what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", what);
}

inline core::Error NotFound(const char* reason, const std::string& message) {
  return core::MakeError(core::ErrorCode::kNotFound, reason, message);
}

inline core::Error Stale(const char* reason, const char* noun, std::int64_t id, std::int64_t expected_version) {
  return core::MakeError(core::ErrorCode::kConflict, reason,
                         fmt::format("{} {} is not at version {}", noun, id, expected_version));
}

inline core::Result<domain::Date> ReadDate(const std::string& text) {
  auto date = domain::ParseDate(text);
  if (!date) {
    return Corrupt("bad date " + text);
  }
  return *date;
}

inline core::Result<core::TimePoint> ReadTime(const std::string& text) {
  core::TimePoint t;
  if (!core::ParseRfc3339(text, &t)) {
    return Corrupt("bad time " + text);
  }
  return t;
}

}  // namespace ismap::storage::rows
