#include "domain/date.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;

Date D(std::string_view text) { return *ParseDate(text); }

TEST(DateTest, ParsesAndFormatsRealDays) {
  for (const char* text : {"2024-02-29", "0001-01-01", "9999-12-31", "2025-04-01"}) {
    auto date = ParseDate(text);
    ASSERT_TRUE(date) << text;
    EXPECT_EQ(FormatDate(*date), text);
  }
  EXPECT_EQ(D("2025-04-01"), (Date{2025, 4, 1}));
}

TEST(DateTest, RefusesOtherShapesAndDaysThatDoNotExist) {
  for (const char* bad : {"", "2025-02-29", "2023-02-29", "1900-02-29", "2025-04-31", "2025-13-01", "2025-00-10",
                          "0000-01-01", "2025-1-01", "2025/01/01", "2025-01-01T00:00", "２０２５-01-01"}) {
    EXPECT_THAT(ParseDate(bad), HasErrorReason(core::ErrorCode::kInvalidArgument, "date.bad_format")) << bad;
  }
  EXPECT_TRUE(ParseDate("2000-02-29"));  // divisible by 400: a leap year
}

TEST(DateTest, OrdersByCalendar) {
  EXPECT_LT(D("2025-03-31"), D("2025-04-01"));
  EXPECT_LT(D("2024-12-31"), D("2025-01-01"));
  EXPECT_EQ(D("2025-04-01"), D("2025-04-01"));
}

TEST(DateTest, CountsDaysAcrossMonthsAndYears) {
  EXPECT_EQ(DaysBetween(D("2025-03-31"), D("2025-04-01")), 1);
  EXPECT_EQ(DaysBetween(D("2024-01-01"), D("2025-01-01")), 366);
  EXPECT_EQ(DaysBetween(D("2025-01-01"), D("2024-01-01")), -366);
  EXPECT_EQ(AddDays(D("2024-02-28"), 1), D("2024-02-29"));
  EXPECT_EQ(AddDays(D("2024-12-31"), 1), D("2025-01-01"));
  EXPECT_EQ(AddDays(D("2025-03-01"), -1), D("2025-02-28"));
}

// 民法 143条: the day before the corresponding day of the last month; without one, that month's
// last day.
TEST(AddMonthsCivilTest, EndsTheDayBeforeTheCorrespondingDayOrOnTheMonthsLastDay) {
  struct Case {
    const char* first_day;
    int months;
    const char* last_day;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"2025-04-01", 16, "2026-07-31"},  // FACTS.md: audit period ending 2025-03-31
           {"2025-04-01", 1, "2025-04-30"},
           {"2025-01-31", 1, "2025-02-28"},  // no 31 February: the month's last day
           {"2024-01-31", 1, "2024-02-29"},
           {"2025-01-30", 1, "2025-02-28"},
           {"2025-01-29", 1, "2025-02-28"},
           {"2025-01-28", 1, "2025-02-27"},
           {"2025-03-31", 1, "2025-04-30"},  // no 31 April
           {"2025-03-30", 1, "2025-04-29"},
           {"2024-02-29", 12, "2025-02-28"},  // no 29 February in 2025
           {"2024-02-29", 48, "2028-02-28"},  // 2028-02-29 exists: the day before it
           {"2023-03-01", 12, "2024-02-29"},  // the day before 2024-03-01 is a leap day
           {"2024-03-01", 12, "2025-02-28"},
           {"2025-12-15", 1, "2026-01-14"},
           {"2026-04-01", 36, "2029-03-31"},
           {"2025-11-30", 3, "2026-02-28"},
       }) {
    EXPECT_EQ(FormatDate(AddMonthsCivil(D(c.first_day), c.months)), c.last_day) << c.first_day << " + " << c.months;
  }
}

TEST(AddMonthsCivilTest, FactsWorkedExampleCountsFromTheDayAfterTheAuditPeriod) {
  const Date audit_period_end = D("2025-03-31");
  EXPECT_EQ(AddMonthsCivil(AddDays(audit_period_end, 1), 16), D("2026-07-31"));
}

TEST(JapanDateTest, TheDayTurnsAtFifteenHundredUtc) {
  using std::chrono::hours;
  using std::chrono::seconds;
  const core::TimePoint midnight_utc{std::chrono::sys_days{std::chrono::year{2025} / 3 / 31}};
  EXPECT_EQ(JapanDate(midnight_utc), D("2025-03-31"));
  EXPECT_EQ(JapanDate(midnight_utc + hours(14) + std::chrono::minutes(59) + seconds(59)), D("2025-03-31"));
  EXPECT_EQ(JapanDate(midnight_utc + hours(15)), D("2025-04-01"));
  EXPECT_EQ(StartOfJapanDay(D("2025-04-01")), midnight_utc + hours(15));
  EXPECT_EQ(JapanDate(StartOfJapanDay(D("2024-02-29"))), D("2024-02-29"));
}

}  // namespace
}  // namespace ismap::domain
