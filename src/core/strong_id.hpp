// StrongId<Tag, T>: an id that cannot be passed where another kind of id is expected
// (userver's StrongTypedef). `OrganizationId` and `EventSequence` do not convert into each other.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace ismap::core {

template <class Tag, class T = std::int64_t>
class StrongId {
 public:
  constexpr StrongId() = default;
  constexpr explicit StrongId(T value) : value_(value) {}
  constexpr T value() const { return value_; }
  friend constexpr auto operator<=>(const StrongId&, const StrongId&) = default;

 private:
  T value_{};
};

}  // namespace ismap::core

template <class Tag, class T>
struct std::hash<ismap::core::StrongId<Tag, T>> {
  std::size_t operator()(const ismap::core::StrongId<Tag, T>& id) const noexcept { return std::hash<T>{}(id.value()); }
};
