#include "domain/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace ismap::domain {

std::vector<Date> MonthEnds(const Date& today, int months) {
  std::vector<Date> out;
  if (months < 1) {
    return out;
  }
  out.reserve(static_cast<std::size_t>(months));
  // Months counted from year 0 so that stepping back crosses years without special cases.
  const int current = today.year * 12 + (today.month - 1);
  for (int m = current - months + 1; m <= current; ++m) {
    const int year = m / 12;
    const int month = m % 12 + 1;
    out.push_back(m == current ? today : Date{year, month, DaysInMonth(year, month)});
  }
  return out;
}

bool IsInForce(RegistrationStatus status) {
  switch (status) {
    case RegistrationStatus::kActive:
    case RegistrationStatus::kRenewalPending:
    case RegistrationStatus::kSuspended:
      return true;
    case RegistrationStatus::kRevoked:
    case RegistrationStatus::kWithdrawn:
    case RegistrationStatus::kExpired:
      return false;
  }
  return false;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0;
  }
  p = std::clamp(p, 0.0, 100.0);
  std::sort(values.begin(), values.end());
  const double rank = static_cast<double>(values.size() - 1) * p / 100.0;
  const auto below = static_cast<std::size_t>(std::floor(rank));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (rank - static_cast<double>(below)) * (values[above] - values[below]);
}

std::vector<YearDurations> SummariseByYear(const std::vector<Duration>& durations) {
  std::map<int, std::vector<double>> by_year;
  for (const Duration& d : durations) {
    by_year[d.decided_on.year].push_back(static_cast<double>(d.days));
  }
  std::vector<YearDurations> out;
  out.reserve(by_year.size());
  for (const auto& [year, days] : by_year) {
    out.push_back({year, static_cast<int>(days.size()), Percentile(days, 50), Percentile(days, 90)});
  }
  return out;
}

}  // namespace ismap::domain
