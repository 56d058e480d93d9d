// Programme statistics (issue 8; DESIGN.md §3 makes them public): how many cloud services (by
// track, ISMAP and ISMAP-LIU) and audit bodies were on the lists at each month end of the last
// kStatisticsMonths months, and how long applications took from first submission to the
// committee's decision — median and 90th percentile in days, per calendar year of decision, for
// cloud service and audit body applications. Counts and durations only: nothing about any one
// application. Read-only; anonymous (Action::kReadPublic). Thread-safe: one read transaction.
#pragma once

#include <vector>

#include "app/authorization.hpp"
#include "core/result.hpp"
#include "domain/date.hpp"
#include "domain/statistics.hpp"
#include "storage/database.hpp"

namespace ismap::app {

inline constexpr int kStatisticsMonths = 24;

// The lists' sizes on one day: registrations in force (domain::IsInForce) that day.
struct ListSizes {
  domain::Date on;
  int ismap_services = 0;
  int liu_services = 0;
  int audit_bodies = 0;
};

struct PortalStatistics {
  domain::Date today;
  std::vector<ListSizes> list_sizes;                        // at domain::MonthEnds(today, 24), oldest first
  std::vector<domain::YearDurations> service_decisions;     // cloud service applications, oldest year first
  std::vector<domain::YearDurations> audit_body_decisions;  // audit body applications, oldest year first
};

// In force on `on`: registered by then, with the stored state the history gives for that day (the
// state now when no interval covers it), judged as the public list judges it (StatusOn). Also
// read by the operational report (app/operations_report.cpp).
bool InForceOn(const storage::RegistrationLife& life, const domain::Date& on);

// The statistics as of `today` (a day in Japan). Errors: kPermissionDenied never (public), storage's.
core::Result<PortalStatistics> ReadPortalStatistics(storage::Database& db, const Principal& principal,
                                                    const domain::Date& today);

}  // namespace ismap::app
