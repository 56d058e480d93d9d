// Time is injected (Envoy's TimeSource): code takes a Clock& and never reads the time itself, so
// tests can fix it. SystemClock is the only place that calls now().
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace ismap::core {

using TimePoint = std::chrono::sys_time<std::chrono::microseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
};

// A clock for tests: starts where it is told and moves only when advanced. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_(start) {}
  TimePoint Now() const override;
  void Advance(std::chrono::microseconds by);

 private:
  mutable std::mutex mu_;
  TimePoint now_;
};

// RFC 3339 in UTC with microseconds: "2026-11-25T01:02:03.000004Z". The ledger hashes this text,
// so its form is fixed (docs/ledger_format.md).
std::string FormatRfc3339(TimePoint t);

// Parses the form FormatRfc3339 writes. Returns false on anything else.
bool ParseRfc3339(const std::string& text, TimePoint* out);

}  // namespace ismap::core
