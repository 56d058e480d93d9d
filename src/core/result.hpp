// Result<T>: a value or an Error, with std::expected's names so that moving to C++23 is one line
// (`template <class T> using Result = std::expected<T, Error>;`). g++ 12 has no std::expected under
// -std=c++20, and no packaged backport exists in Debian 12, hence this small type of our own.
//
// Expected failures (validation, not found, illegal transition, database down) are Results;
// exceptions are caught at the boundary that calls throwing code. Thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ismap::core {

// A closed set after abseil's canonical codes. Return the most specific one.
enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kConflict,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,  // too many attempts: try again later
  kUnavailable,
  kInternal,
};

std::string_view ToString(ErrorCode code);

// `reason` is a stable, machine-readable key ("config.unknown_key") that front ends translate;
// `message` is the English text for logs and the CLI.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string reason;
  std::string message;
};

inline Error MakeError(ErrorCode code, std::string reason, std::string message) {
  return Error{code, std::move(reason), std::move(message)};
}

struct Unexpected {
  Error error;
  explicit Unexpected(Error e) : error(std::move(e)) {}
  Unexpected(ErrorCode code, std::string reason, std::string message)
      : error{code, std::move(reason), std::move(message)} {}
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}         // NOLINT: implicit by design
  Result(Unexpected u) : state_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT
  Result(Error e) : state_(std::in_place_index<1>, std::move(e)) {}             // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(state_); }
  Error& error() { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected u) : error_(std::move(u.error)), ok_(false) {}  // NOLINT
  Result(Error e) : error_(std::move(e)), ok_(false) {}             // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

inline Result<void> Ok() { return {}; }

}  // namespace ismap::core

// Propagation, after abseil's status_macros.h.
#define ISMAP_CONCAT_INNER(a, b) a##b
#define ISMAP_CONCAT(a, b) ISMAP_CONCAT_INNER(a, b)

#define ISMAP_RETURN_IF_ERROR(expr)                            \
  do {                                                         \
    auto ismap_status_ = (expr);                               \
    if (!ismap_status_) {                                      \
      return ::ismap::core::Unexpected(ismap_status_.error()); \
    }                                                          \
  } while (false)

#define ISMAP_ASSIGN_OR_RETURN(lhs, expr) ISMAP_ASSIGN_OR_RETURN_IMPL(ISMAP_CONCAT(ismap_result_, __LINE__), lhs, expr)

#define ISMAP_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)           \
  auto tmp = (expr);                                          \
  if (!tmp) {                                                 \
    return ::ismap::core::Unexpected(std::move(tmp).error()); \
  }                                                           \
  lhs = std::move(tmp).value()
