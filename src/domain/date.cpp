#include "domain/date.hpp"

#include <chrono>
#include <cstdio>

namespace ismap::domain {
namespace {

constexpr std::chrono::hours kJapanOffset{9};

std::chrono::sys_days ToSysDays(const Date& date) {
  return std::chrono::sys_days{std::chrono::year{date.year} / std::chrono::month{static_cast<unsigned>(date.month)} /
                               std::chrono::day{static_cast<unsigned>(date.day)}};
}

Date FromSysDays(std::chrono::sys_days days) {
  const std::chrono::year_month_day ymd{days};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int Digits(std::string_view text, std::size_t from, std::size_t count) {
  int value = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) {
    return 29;
  }
  return kDays[month - 1];
}

bool IsValidDate(const Date& date) {
  return date.year >= 1 && date.year <= 9999 && date.month >= 1 && date.month <= 12 && date.day >= 1 &&
         date.day <= DaysInMonth(date.year, date.month);
}

core::Result<Date> ParseDate(std::string_view text) {
  auto bad = [&] {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "date.bad_format",
                           "\"" + std::string(text.substr(0, 40)) + "\" is not a date YYYY-MM-DD");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return bad();
  }
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i])) {
      return bad();
    }
  }
  const Date date{Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2)};
  if (!IsValidDate(date)) {
    return bad();
  }
  return date;
}

std::string FormatDate(const Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

Date AddDays(const Date& date, std::int64_t days) { return FromSysDays(ToSysDays(date) + std::chrono::days{days}); }

std::int64_t DaysBetween(const Date& from, const Date& to) { return (ToSysDays(to) - ToSysDays(from)).count(); }

Date AddMonthsCivil(const Date& first_day, int months) {
  // Months counted from year 0 in 64 bits, so no intermediate overflows whatever `months` is.
  const std::int64_t index = static_cast<std::int64_t>(first_day.year) * 12 + (first_day.month - 1) + months;
  const int year = static_cast<int>(index / 12);
  const int month = static_cast<int>(index % 12) + 1;
  if (first_day.day > DaysInMonth(year, month)) {
    // No corresponding day (the 31st in a 30-day month, the 29th of February in a common year).
    return Date{year, month, DaysInMonth(year, month)};
  }
  return AddDays(Date{year, month, first_day.day}, -1);
}

Date JapanDate(core::TimePoint t) { return FromSysDays(std::chrono::floor<std::chrono::days>(t + kJapanOffset)); }

core::TimePoint StartOfJapanDay(const Date& date) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(ToSysDays(date) - kJapanOffset);
}

}  // namespace ismap::domain
