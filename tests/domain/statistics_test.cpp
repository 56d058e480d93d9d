// Programme statistics' rules (domain/statistics.hpp): month ends, what counts as on the list,
// percentiles and the per-year summary of application durations.
#include "domain/statistics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace ismap::domain {
namespace {

TEST(MonthEnds, LastDaysOfTheMonthsUpToToday) {
  const auto ends = MonthEnds({2026, 11, 26}, 3);
  ASSERT_EQ(ends.size(), 3U);
  EXPECT_EQ(ends[0], (Date{2026, 9, 30}));
  EXPECT_EQ(ends[1], (Date{2026, 10, 31}));
  EXPECT_EQ(ends[2], (Date{2026, 11, 26}));
}

TEST(MonthEnds, CrossesYearsAndLeapFebruaries) {
  const auto ends = MonthEnds({2024, 3, 31}, 24);
  ASSERT_EQ(ends.size(), 24U);
  EXPECT_EQ(ends.front(), (Date{2022, 4, 30}));
  EXPECT_EQ(ends[10], (Date{2023, 2, 28}));
  EXPECT_EQ(ends[22], (Date{2024, 2, 29}));
  EXPECT_EQ(ends.back(), (Date{2024, 3, 31}));
  EXPECT_EQ(MonthEnds({2026, 1, 1}, 2), (std::vector<Date>{{2025, 12, 31}, {2026, 1, 1}}));
  EXPECT_TRUE(MonthEnds({2026, 1, 1}, 0).empty());
}

TEST(IsInForce, RegisteredAndNotEnded) {
  EXPECT_TRUE(IsInForce(RegistrationStatus::kActive));
  EXPECT_TRUE(IsInForce(RegistrationStatus::kRenewalPending));
  EXPECT_TRUE(IsInForce(RegistrationStatus::kSuspended));
  EXPECT_FALSE(IsInForce(RegistrationStatus::kRevoked));
  EXPECT_FALSE(IsInForce(RegistrationStatus::kWithdrawn));
  EXPECT_FALSE(IsInForce(RegistrationStatus::kExpired));
}

TEST(Percentile, InterpolatesBetweenClosestRanks) {
  EXPECT_DOUBLE_EQ(Percentile({4, 1, 3, 2}, 50), 2.5);
  EXPECT_DOUBLE_EQ(Percentile({5, 1, 3}, 50), 3);
  EXPECT_DOUBLE_EQ(Percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90), 9.1);
  EXPECT_DOUBLE_EQ(Percentile({7}, 90), 7);
  EXPECT_DOUBLE_EQ(Percentile({10, 20}, 0), 10);
  EXPECT_DOUBLE_EQ(Percentile({10, 20}, 100), 20);
  EXPECT_DOUBLE_EQ(Percentile({10, 20}, 150), 20);
  EXPECT_DOUBLE_EQ(Percentile({}, 50), 0);
}

TEST(SummariseByYear, OneLinePerYearOfDecisionOldestFirst) {
  const auto lines = SummariseByYear(
      {{{2025, 12, 31}, 30}, {{2024, 5, 1}, 100}, {{2025, 1, 1}, 10}, {{2025, 6, 1}, 20}, {{2025, 7, 1}, 40}});
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0].year, 2024);
  EXPECT_EQ(lines[0].count, 1);
  EXPECT_DOUBLE_EQ(lines[0].median_days, 100);
  EXPECT_DOUBLE_EQ(lines[0].p90_days, 100);
  EXPECT_EQ(lines[1].year, 2025);
  EXPECT_EQ(lines[1].count, 4);
  EXPECT_DOUBLE_EQ(lines[1].median_days, 25);
  EXPECT_DOUBLE_EQ(lines[1].p90_days, 37);  // rank 2.7 between 30 and 40
  EXPECT_TRUE(SummariseByYear({}).empty());
}

}  // namespace
}  // namespace ismap::domain
