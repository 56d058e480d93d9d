// Programme statistics (DESIGN.md §3 "programme statistics"; issue 8): the points in time the
// list sizes are counted at, which registrations count as on the list, and the summary of how long
// applications took from submission to decision. Pure: no I/O, no clock. Thread-compatible values.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/audit_body_registration.hpp"
#include "domain/date.hpp"

namespace ismap::domain {

// The last day of each of the `months` months ending with the month of `today`, oldest first; the
// current month's point is `today` itself (its end has not come yet). MonthEnds(2026-11-26, 3) is
// 2026-09-30, 2026-10-31, 2026-11-26. Empty when months < 1.
// REQUIRES: IsValidDate(today), and the first month not before year 1.
std::vector<Date> MonthEnds(const Date& today, int months);

// On the list on a day: registered and not ended, that is active, awaiting its renewal or
// suspended (a suspended service stays on the list, marked suspended); revoked, withdrawn and
// expired registrations no longer count.
bool IsInForce(RegistrationStatus status);

// The p-th percentile of `values` by linear interpolation between closest ranks (the definition of
// Excel's PERCENTILE.INC and numpy's default): rank (n - 1) * p / 100, interpolated between the
// values either side. Percentile(v, 50) is the median (the mean of the two middle values for an
// even count). 0 for no values; p is clamped to [0, 100]. The order of `values` does not matter.
double Percentile(std::vector<double> values, double p);

// How long one application took: decided on `decided_on` (a day in Japan), `days` calendar days in
// Japan after it was first submitted.
struct Duration {
  Date decided_on;
  std::int64_t days = 0;
};

// The durations of the applications decided in one calendar year.
struct YearDurations {
  int year = 0;
  int count = 0;
  double median_days = 0;
  double p90_days = 0;
};

// One line per calendar year of decision that has any, oldest first.
std::vector<YearDurations> SummariseByYear(const std::vector<Duration>& durations);

}  // namespace ismap::domain
