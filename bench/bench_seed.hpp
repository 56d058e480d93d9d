// Helpers of the synthetic seeds (ismap_audit_body_seed, ismap_cloud_service_seed): a
// deterministic generator, synthetic times, valid corporate numbers and the identity settings the
// server derives from the default configuration.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "app/identity.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "domain/organization.hpp"

namespace ismap::bench {

// Deterministic choices: the same seed gives the same register (std::mt19937_64 is specified bit
// for bit; the distributions here are our own, so they do not depend on the standard library).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : gen_(seed) {}
  std::uint64_t Below(std::uint64_t n) { return n == 0 ? 0 : gen_() % n; }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<std::uint64_t>(hi - lo + 1))); }
  double Unit() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }
  template <class T>
  void Shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) {
      std::swap(v[i - 1], v[Below(i)]);
    }
  }

 private:
  std::mt19937_64 gen_;
};

inline core::TimePoint DaysBefore(core::TimePoint t, double days) {
  return t - std::chrono::microseconds(static_cast<std::int64_t>(days * 86400.0 * 1e6));
}
inline core::TimePoint DaysAfter(core::TimePoint t, double days) { return DaysBefore(t, -days); }

// `n` in decimal, zero-padded to `width`.
inline std::string Pad(int n, int width) {
  std::string s = std::to_string(n);
  return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

// A random 13-digit corporate number whose check digit is right.
inline std::string CorporateNumber(Rng& rng) {
  const std::string body = Pad(100000000 + static_cast<int>(rng.Below(800000000)), 9) + Pad(rng.Between(0, 999), 3);
  for (char check = '1'; check <= '9'; ++check) {
    std::string candidate = std::string(1, check) + body;
    if (domain::CheckCorporateNumber(candidate)) {
      return candidate;
    }
  }
  return "";  // not reached: one check digit fits
}

// The identity settings `ismap serve` derives from the default configuration (src/cli/setup.cpp),
// but without the second factor: the hashes written with them are the ones the server would write
// (no rehash at login), and a login opens a fully authenticated session.
inline app::IdentitySettings BenchIdentitySettings() {
  const core::Config defaults;
  app::IdentitySettings identity;
  identity.hashing.ops_limit = defaults.auth.argon2_ops_limit;
  identity.hashing.mem_limit_bytes = defaults.auth.argon2_memory_kib * 1024;
  identity.sessions.idle_timeout = defaults.auth.session_idle;
  identity.sessions.absolute_timeout = defaults.auth.session_absolute;
  identity.mfa_required = false;
  return identity;
}

}  // namespace ismap::bench
