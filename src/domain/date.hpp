// Calendar dates as plain values (registration dates, validity ends, qualification expiries, meeting
// days). core has only instants (core::TimePoint); a day in the programme is a day in Japan, so an
// instant becomes a date through JapanDate. Pure: no clock is read here. Thread-compatible values.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace ismap::domain {

// A proleptic Gregorian date. Valid dates have 1 <= year <= 9999 (what YYYY-MM-DD can write).
// Ordered by (year, month, day), which is calendar order.
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  friend constexpr auto operator<=>(const Date&, const Date&) = default;
};

bool IsLeapYear(int year);
// REQUIRES: 1 <= month <= 12.
int DaysInMonth(int year, int month);
bool IsValidDate(const Date& date);

// "YYYY-MM-DD" exactly (no time, no zone). kInvalidArgument (date.bad_format) naming the text for any
// other shape or a day that does not exist ("2025-02-29").
core::Result<Date> ParseDate(std::string_view text);
// REQUIRES: IsValidDate(date). Writes "YYYY-MM-DD".
std::string FormatDate(const Date& date);

// REQUIRES: valid dates, results inside the valid range.
Date AddDays(const Date& date, std::int64_t days);
// `to` minus `from` in days: DaysBetween(2025-03-31, 2025-04-01) == 1.
std::int64_t DaysBetween(const Date& from, const Date& to);

// The last day of a period of `months` months whose first counted day (起算日) is `first_day`, by
// the Civil Code (民法 143条): the period ends the day before the day of the last month that
// corresponds to the first day; when the last month has no such day, it ends on that month's last
// day. Callers apply 140条 themselves (the first day is not counted unless the period starts at
// midnight), e.g. an audit period ending 2025-03-31 is counted from 2025-04-01, and 16 months from
// there end 2026-07-31. Examples: 2025-01-31 + 1 → 2025-02-28; 2024-02-29 + 12 → 2025-02-28;
// 2023-03-01 + 12 → 2024-02-29. REQUIRES: IsValidDate(first_day), months >= 1.
Date AddMonthsCivil(const Date& first_day, int months);

// The calendar day in Japan (UTC+9; Japan has no daylight saving time) at instant `t`.
Date JapanDate(core::TimePoint t);
// 00:00 in Japan on `date`, as an instant: deadlines that run "until the end of a day" compare with
// the start of the next one.
core::TimePoint StartOfJapanDay(const Date& date);

}  // namespace ismap::domain
