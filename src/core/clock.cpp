#include "core/clock.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace ismap::core {

TimePoint SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

TimePoint ManualClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}

void ManualClock::Advance(std::chrono::microseconds by) {
  std::lock_guard lock(mu_);
  now_ += by;
}

std::string FormatRfc3339(TimePoint t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<microseconds> hms{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), hms.subseconds().count());
}

bool ParseRfc3339(const std::string& text, TimePoint* out) {
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, s = 0, us = 0;
  char z = 0;
  int consumed = 0;
  if (text.size() != 27 ||
      std::sscanf(text.c_str(), "%4d-%2u-%2uT%2u:%2u:%2u.%6u%c%n", &y, &mo, &d, &h, &mi, &s, &us, &z, &consumed) != 8 ||
      z != 'Z' || consumed != 27) {
    return false;
  }
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{mo}, day{d}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) {
    return false;
  }
  *out = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + microseconds{us};
  return true;
}

}  // namespace ismap::core
